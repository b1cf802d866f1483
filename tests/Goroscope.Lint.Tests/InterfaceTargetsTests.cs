using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Tests;

/// <summary>
/// Calls of interface methods resolved by the values that reach the receiver, or by the program's implementations in
/// package main; and function values that setters and constructors store, followed to their callers.
/// </summary>
public class InterfaceTargetsTests
{
    private const string Library = """
        package p

        import "sync"

        var regMu sync.Mutex

        type Handler interface{ Handle(key string) }

        type first struct{ mu sync.Mutex }

        func (f *first) Handle(key string) { regMu.Lock(); regMu.Unlock() }

        type second struct{}

        func (second) Handle(key string) {}

        type Server struct {
        	mu       sync.Mutex
        	self     Handler
        	plugged  Handler
        	set      Handler
        	maybe    Handler
        	onStop   func()
        	onFlush  func()
        }

        func (s *Server) Handle(key string) { s.mu.Lock(); s.mu.Unlock() }

        func NewServer(h Handler) *Server {
        	s := &Server{plugged: &first{}}
        	s.self = s
        	s.maybe = h
        	s.setStop(stopAll)
        	return s
        }

        func (s *Server) SetHandler(h Handler) { s.set = h }

        func (s *Server) SetFlush(f func()) { s.onFlush = f }

        func (s *Server) setStop(f func()) { s.onStop = f }

        func stopAll() { regMu.Lock(); regMu.Unlock() }

        func (s *Server) viaSelf()    { s.self.Handle("k") }
        func (s *Server) viaPlugged() { s.plugged.Handle("k") }
        func (s *Server) viaSetter()  { s.set.Handle("k") }
        func (s *Server) viaUnknown() { s.maybe.Handle("k") }
        func (s *Server) stop()       { s.onStop() }
        func (s *Server) flush()      { s.onFlush() }

        func dispatch(h Handler) { h.Handle("k") }

        func Dispatch(h Handler) { h.Handle("k") }

        func forward(h Handler) { h.Handle("k") }

        func callers(h Handler) {
        	dispatch(&first{})
        	dispatch(second{})
        	dispatch(nil)
        	forward(&first{})
        	forward(h)
        }

        type closer interface{ close() }

        type one struct{}

        func (*one) close() {}

        type two struct{}

        func (*two) close() {}

        func closeIt(c closer) { c.close() }

        func closeOther(c closer) { c.close() }

        func closers(c closer) {
        	closeIt(&one{})
        	closeOther(c)
        }
        """;

    private const string Program = """
        package main

        import (
        	"os"
        	"sync"
        )

        var statsMu sync.Mutex

        type Plugin interface{ Stop() }

        type logPlugin struct{}

        func (*logPlugin) Stop() { statsMu.Lock(); statsMu.Unlock() }

        type tracePlugin struct{}

        func (*tracePlugin) Stop() { statsMu.Lock(); statsMu.Unlock() }

        type unusedPlugin struct{}

        func (*unusedPlugin) Stop() {}

        type Closer interface{ Close() error }

        type Asserted interface{ Flush() }

        type buffer struct{}

        func (*buffer) Flush() {}

        type Cache struct {
        	mu      sync.Mutex
        	onEvict func(c *Cache)
        	log     func(line string)
        }

        func (c *Cache) SetOnEvict(f func(c *Cache)) { c.onEvict = f }

        func (c *Cache) SetLogger(f func(line string)) { c.log = f }

        func (c *Cache) logf() { c.log("evicted") }

        func printLine(line string) {}

        func NewCache(onEvict func(c *Cache)) *Cache { return &Cache{onEvict: onEvict} }

        func countEviction(c *Cache) { c.mu.Lock(); c.mu.Unlock() }

        func (c *Cache) evict() { c.onEvict(c) }

        func stopAll(plugins []Plugin) {
        	for _, p := range plugins {
        		p.Stop()
        	}
        }

        func stopFirst(plugins []Plugin) { plugins[0].Stop() }

        func closeAll(closers []Closer) {
        	for _, c := range closers {
        		c.Close()
        	}
        }

        func flushAll(v any) {
        	v.(Asserted).Flush()
        }

        func main() {
        	stopAll([]Plugin{&logPlugin{}, &tracePlugin{}})
        	closeAll([]Closer{os.Stdout})
        	flushAll(&buffer{})
        	cache := NewCache(countEviction)
        	cache.SetOnEvict(countEviction)
        	cache.SetLogger(printLine)
        	cache.evict()
        	cache.logf()
        }
        """;

    private static (LockSummaries Summaries, Func<string, FuncDecl> Function) Summarise(string source)
    {
        var package = LintTest.Package([("a.go", source)], types: new TypeResolution());
        var summaries = new LockSummaries(new CallGraph(package.Types!, package.Files));
        return (summaries, name => summaries.Graph.Functions.Single(f => f.Key.Name.Name == name).Key);
    }

    private static CallExpr FirstCall(FuncDecl function) => CallGraph.CallsIn(function.Body!).First();

    private static List<string> Targets(CallGraph graph, FuncDecl function) =>
        graph.Targets(FirstCall(function)).Select(t => t.Function is FuncDecl decl ? Receiver(decl) + decl.Name.Name : "literal").ToList();

    private static string Receiver(FuncDecl decl) =>
        decl.Recv is { List: [{ Type: var type }] } ? ((type is StarExpr star ? star.X : type) as Ident)?.Name + "." : "";

    private static List<string> Locks(IEnumerable<Acquisition> acquired) =>
        acquired.Select(a => RootName(a.Lock.Root) + a.Lock.Path).ToList();

    // The receiver's type is printed with its full package path (here the test's directory): keep the type's name.
    private static string RootName(object root) => root switch
    {
        Var v => v.Name,
        string recv when recv.StartsWith("recv ", StringComparison.Ordinal) => "recv " + recv[(recv.LastIndexOf('.') + 1)..],
        _ => root.ToString()!,
    };

    [Fact]
    public void An_interface_field_whose_only_value_is_its_own_struct_runs_the_method_on_the_struct_it_is_called_on()
    {
        var (summaries, function) = Summarise(Library);
        Assert.Equal(["Server.Handle"], Targets(summaries.Graph, function("viaSelf")));
        Assert.False(summaries.Graph.IsOpen(FirstCall(function("viaSelf"))));
        Assert.Equal(["recv Server.mu"], Locks(summaries.AcquiredBy(function("viaSelf"))));
    }

    [Fact]
    public void An_interface_field_stored_only_concrete_values_calls_their_methods_on_receivers_the_caller_cannot_name()
    {
        var (summaries, function) = Summarise(Library);
        Assert.Equal(["first.Handle"], Targets(summaries.Graph, function("viaPlugged")));
        Assert.Equal(["regMu"], Locks(summaries.AcquiredBy(function("viaPlugged"))));
    }

    [Fact]
    public void An_exported_interface_field_an_exported_setter_fills_may_run_other_packages_methods()
    {
        var (summaries, function) = Summarise(Library);
        Assert.True(summaries.Graph.IsOpen(FirstCall(function("viaSetter"))));
        Assert.Empty(summaries.AcquiredBy(function("viaSetter")));
    }

    [Fact]
    public void An_interface_field_one_store_of_which_is_an_interface_value_may_run_other_packages_methods()
    {
        var (summaries, function) = Summarise(Library);
        Assert.True(summaries.Graph.IsOpen(FirstCall(function("viaUnknown"))));
        Assert.Empty(summaries.AcquiredBy(function("viaUnknown")));
    }

    [Fact]
    public void An_interface_parameter_every_caller_passes_a_concrete_value_for_calls_those_types_methods_and_nil_none()
    {
        var (summaries, function) = Summarise(Library);
        Assert.Equal(["first.Handle", "second.Handle"], Targets(summaries.Graph, function("dispatch")));
        Assert.False(summaries.Graph.IsOpen(FirstCall(function("dispatch"))));
    }

    [Fact]
    public void An_interface_parameter_one_caller_passes_an_interface_value_for_is_open()
    {
        var (summaries, function) = Summarise(Library);
        Assert.True(summaries.Graph.IsOpen(FirstCall(function("forward"))));
        Assert.Empty(summaries.AcquiredBy(function("forward")));
    }

    [Fact]
    public void An_exported_interface_parameter_of_an_exported_library_function_is_open()
    {
        var (summaries, function) = Summarise(Library);
        Assert.True(summaries.Graph.IsOpen(FirstCall(function("Dispatch"))));
        Assert.Empty(summaries.AcquiredBy(function("Dispatch")));
    }

    [Fact]
    public void An_unexported_interface_method_reaches_the_values_passed_or_else_every_implementation_in_the_package()
    {
        var (summaries, function) = Summarise(Library);
        Assert.Equal(["one.close"], Targets(summaries.Graph, function("closeIt")));
        Assert.Equal(["one.close", "two.close"], Targets(summaries.Graph, function("closeOther")));
        Assert.False(summaries.Graph.IsOpen(FirstCall(function("closeOther"))));
    }

    [Fact]
    public void A_func_field_an_unexported_setter_fills_calls_what_the_setters_callers_pass()
    {
        var (summaries, function) = Summarise(Library);
        Assert.Equal(["stopAll"], Targets(summaries.Graph, function("stop")));
        Assert.Equal(["regMu"], Locks(summaries.AcquiredBy(function("stop"))));
    }

    [Fact]
    public void A_func_field_an_exported_library_setter_fills_calls_nothing_known()
    {
        var (summaries, function) = Summarise(Library);
        Assert.Empty(Targets(summaries.Graph, function("flush")));
    }

    [Fact]
    public void In_package_main_an_interface_call_reaches_the_methods_of_the_types_whose_values_become_the_interface()
    {
        var (summaries, function) = Summarise(Program);
        var stop = CallGraph.CallsIn(function("stopAll").Body!).Single();
        Assert.Equal(["logPlugin.Stop", "tracePlugin.Stop"], summaries.Graph.Targets(stop).Select(t => Receiver((FuncDecl)t.Function) + ((FuncDecl)t.Function).Name.Name));
        Assert.False(summaries.Graph.IsOpen(stop));
        Assert.Equal(["statsMu"], Locks(summaries.AcquiredBy(function("stopFirst"))));
    }

    [Fact]
    public void In_package_main_a_value_of_another_packages_type_that_implements_the_interface_keeps_the_call_open()
    {
        var (summaries, function) = Summarise(Program);
        Assert.True(summaries.Graph.IsOpen(CallGraph.CallsIn(function("closeAll").Body!).Single()));
    }

    [Fact]
    public void In_package_main_a_type_assertion_to_the_interface_keeps_the_call_open()
    {
        var (summaries, function) = Summarise(Program);
        Assert.True(summaries.Graph.IsOpen(CallGraph.CallsIn(function("flushAll").Body!).Single(c => c.Fun is SelectorExpr)));
    }

    [Fact]
    public void In_package_main_an_exported_method_whose_parameter_names_a_type_of_the_package_has_only_the_programs_callers()
    {
        var (summaries, function) = Summarise(Program);
        Assert.Equal(["countEviction"], Targets(summaries.Graph, function("evict")));
    }

    [Fact]
    public void In_package_main_an_exported_method_another_packages_interface_could_call_keeps_its_values_unknown()
    {
        var (summaries, function) = Summarise(Program);
        Assert.Empty(Targets(summaries.Graph, function("logf")));
    }

    [Fact]
    public void A_package_of_test_files_only_is_a_closed_world_and_a_library_is_not()
    {
        Assert.True(Graph("main", "a.go").IsClosedWorld);
        Assert.True(Graph("p", "a_test.go").IsClosedWorld);
        Assert.True(Graph("p_test", "a_test.go").IsClosedWorld);
        Assert.False(Graph("p", "a.go").IsClosedWorld);
    }

    private static CallGraph Graph(string name, string file)
    {
        var package = LintTest.Package([(file, $"package {name}\n\nfunc f() {{}}\n")], types: new TypeResolution());
        return new CallGraph(package.Types!, package.Files);
    }

    [Fact]
    public void In_package_main_an_exported_constructors_callers_are_all_in_the_program()
    {
        var (summaries, function) = Summarise(Program);
        Assert.Equal(["countEviction"], Targets(summaries.Graph, function("evict")));
        Assert.Equal(["recv Cache.mu"], Locks(summaries.AcquiredBy(function("evict"))));
    }
}
