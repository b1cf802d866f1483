using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Tests;

/// <summary>Calls through function values: fields, parameters and locals of func type whose every value is known.</summary>
public class FunctionValueTargetsTests
{
    private const string Source = """
        package p

        import "sync"

        var regMu sync.Mutex

        type cache struct {
        	mu      sync.Mutex
        	onEvict func(key string)
        	onFlush func()
        	hook    func()
        	Public  func()
        	guard   func(m *sync.Mutex)
        }

        func newCache(fast bool) *cache {
        	c := &cache{onFlush: flushAll, guard: func(m *sync.Mutex) { m.Lock(); m.Unlock() }}
        	c.onEvict = c.evict
        	if fast {
        		c.onFlush = func() { regMu.Lock(); regMu.Unlock() }
        	}
        	c.hook = flushAll
        	c.hook = makeHook()
        	c.Public = flushAll
        	return c
        }

        func makeHook() func() { return flushAll }

        func flushAll() {
        	regMu.Lock()
        	regMu.Unlock()
        }

        func (c *cache) evict(key string) {
        	c.mu.Lock()
        	c.mu.Unlock()
        }

        func (c *cache) remove(key string) { c.onEvict(key) }

        func (c *cache) flush() { c.onFlush() }

        func (c *cache) hooked() { c.hook() }

        func (c *cache) public() { c.Public() }

        func (c *cache) guardedByField() { c.guard(&c.mu) }

        func guarded(op func()) {
        	op()
        }

        func (c *cache) viaParameter() {
        	guarded(func() { regMu.Lock(); regMu.Unlock() })
        	guarded(c.flushLocked)
        }

        func (c *cache) flushLocked() {
        	c.mu.Lock()
        	c.mu.Unlock()
        }

        func retried(op func()) {
        	op()
        }

        func unknownArgument(f func()) {
        	retried(flushAll)
        	retried(f)
        }

        var handlers struct{ onStop func() }

        func setHandlers() { handlers.onStop = flushAll }

        func stopHandlers() { handlers.onStop() }

        type hooks struct{ run func() }

        type otherHooks struct{ run func() }

        func newHooks() hooks { return hooks{run: flushAll} }

        func convert(o otherHooks) hooks { return hooks(o) }

        func runHooks(h hooks) { h.run() }

        func orDefault(f func()) {
        	if f == nil {
        		f = flushAll
        	}
        	f()
        }

        func viaLocal(c *cache) {
        	f := flushAll
        	f()
        	g := c.evict
        	g("k")
        }
        """;

    private static (LockSummaries Summaries, Func<string, FuncDecl> Function) Summarise()
    {
        var package = LintTest.Package([("a.go", Source)], types: new TypeResolution());
        var summaries = new LockSummaries(new CallGraph(package.Types!, package.Files));
        return (summaries, name => summaries.Graph.Functions.Single(f => f.Key.Name.Name == name).Key);
    }

    private static List<string> Targets(LockSummaries summaries, FuncDecl function, int call = 0) =>
        summaries.Graph.Targets(CallGraph.CallsIn(function.Body!).ElementAt(call))
            .Select(t => t.Function is FuncDecl decl ? decl.Name.Name : "literal").ToList();

    private static List<string> Locks(IEnumerable<Acquisition> acquired) =>
        acquired.Select(a => $"{RootName(a.Lock.Root)}{a.Lock.Path} depth {a.Depth}").ToList();

    // The receiver's type is printed with its full package path (here the test's directory): keep the type's name.
    private static string RootName(object root) => root switch
    {
        Var v => v.Name,
        string recv when recv.StartsWith("recv ", StringComparison.Ordinal) => "recv " + recv[(recv.LastIndexOf('.') + 1)..],
        _ => root.ToString()!,
    };

    [Fact]
    public void A_field_assigned_only_known_functions_calls_every_one_of_them()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["flushAll", "literal"], Targets(summaries, function("flush")));
        Assert.Equal(["evict"], Targets(summaries, function("remove")));
    }

    [Fact]
    public void A_field_with_one_value_from_a_call_calls_nothing_known()
    {
        var (summaries, function) = Summarise();
        Assert.Empty(Targets(summaries, function("hooked")));
    }

    [Fact]
    public void An_exported_field_other_packages_may_set_calls_nothing_known()
    {
        var (summaries, function) = Summarise();
        Assert.Empty(Targets(summaries, function("public")));
    }

    [Fact]
    public void A_method_value_stored_in_its_own_structs_field_runs_on_the_struct_the_field_is_called_on()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["recv cache.mu depth 1"], Locks(summaries.AcquiredBy(function("remove"))));
    }

    [Fact]
    public void A_field_stored_literals_parameter_becomes_the_calls_argument()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["recv cache.mu depth 1"], Locks(summaries.AcquiredBy(function("guardedByField"))));
    }

    [Fact]
    public void A_field_with_several_values_takes_only_the_locks_every_value_takes()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["regMu depth 1"], Locks(summaries.AcquiredBy(function("flush"))));
    }

    [Fact]
    public void A_parameter_every_call_site_passes_a_known_function_calls_those_functions()
    {
        var (summaries, _) = Summarise();
        Assert.Equal(["literal", "flushLocked"], Targets(summaries, summaries.Graph.Functions.Single(f => f.Key.Name.Name == "guarded" && f.Key.Recv is null).Key));
    }

    [Fact]
    public void A_method_value_passed_as_an_argument_has_a_receiver_the_callee_cannot_name()
    {
        var (summaries, _) = Summarise();
        var helper = summaries.Graph.Functions.Single(f => f.Key.Name.Name == "guarded" && f.Key.Recv is null).Key;
        Assert.Empty(summaries.AcquiredBy(helper)); // regMu from the literal only, c.mu from the method value unnamed: nothing common
    }

    [Fact]
    public void A_parameter_one_call_site_passes_an_unknown_value_for_calls_nothing_known()
    {
        var (summaries, function) = Summarise();
        Assert.Empty(Targets(summaries, function("retried")));
    }

    [Fact]
    public void A_local_bound_to_a_function_or_a_method_value_calls_it_with_the_receiver_it_was_taken_from()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["flushAll"], Targets(summaries, function("viaLocal"), 0));
        Assert.Equal(["regMu depth 1", "param 0.mu depth 1"], Locks(summaries.AcquiredBy(function("viaLocal"))));
    }

    [Fact]
    public void A_field_of_an_unnamed_struct_type_calls_nothing_known()
    {
        var (summaries, function) = Summarise();
        Assert.Empty(Targets(summaries, function("stopHandlers")));
    }

    [Fact]
    public void A_field_of_a_struct_converted_from_another_struct_type_calls_nothing_known()
    {
        var (summaries, function) = Summarise();
        Assert.Empty(Targets(summaries, function("runHooks")));
    }

    [Fact]
    public void A_parameter_given_a_default_in_the_body_keeps_the_callers_value_unknown()
    {
        var (summaries, function) = Summarise();
        Assert.Empty(Targets(summaries, function("orDefault")));
    }
    private const string Captures = """
        package p

        import "sync"

        type hub struct {
        	mu      sync.Mutex
        	peers   map[int]string
        	onDrop  func(id int)
        	onClose func()
        	onSwap  func()
        	initMu  sync.Once
        }

        func newHub(other *hub) *hub {
        	h := &hub{peers: map[int]string{}}
        	h.onDrop = func(id int) {
        		h.mu.Lock()
        		delete(h.peers, id)
        		h.mu.Unlock()
        	}
        	h.onSwap = func() { other.mu.Lock(); other.mu.Unlock() }
        	return h
        }

        func (h *hub) start() {
        	h.onClose = func() { h.mu.Lock(); h.mu.Unlock() }
        }

        func (h *hub) drop(id int) { h.onDrop(id) }

        func (h *hub) close() { h.onClose() }

        func (h *hub) swap() { h.onSwap() }

        func (h *hub) load() {
        	h.mu.Lock()
        	h.mu.Unlock()
        }

        func (h *hub) ensure() { h.initMu.Do(h.load) }

        func (h *hub) ensureLiteral() { h.initMu.Do(func() { h.mu.Lock(); h.mu.Unlock() }) }

        type relay struct {
        	mu   sync.Mutex
        	send func()
        }

        func newRelay() *relay {
        	r := &relay{}
        	r.send = func() { r.mu.Lock(); r.mu.Unlock() }
        	r = &relay{}
        	return r
        }

        func (r *relay) flush() { r.send() }

        type router struct {
        	mu     sync.Mutex
        	routes map[string]func(r *router)
        	open   map[string]func()
        }

        func newRouter(extra map[string]func()) *router {
        	r := &router{routes: map[string]func(r *router){"stop": stopRouter}, open: extra}
        	r.routes["drain"] = func(r *router) { r.mu.Lock(); r.mu.Unlock() }
        	return r
        }

        func stopRouter(r *router) {
        	r.mu.Lock()
        	r.mu.Unlock()
        }

        func (r *router) dispatch(name string) { r.routes[name](r) }

        func (r *router) lookup(name string) {
        	if f, ok := r.routes[name]; ok {
        		f(r)
        	}
        }

        func (r *router) openCall(name string) { r.open[name]() }

        func localTable() {
        	table := map[int]func(){1: func() { regMu.Lock(); regMu.Unlock() }}
        	table[2] = flushRegistry
        	table[1]()
        }

        func leakedTable() {
        	table := map[int]func(){1: flushRegistry}
        	register(table)
        	table[1]()
        }

        func register(m map[int]func()) { m[2] = func() {} }

        type lease struct {
        	mu sync.Mutex
        	cp func()
        }

        func (l *lease) setCheckpointer(cp func()) { l.cp = cp }

        func (l *lease) renew() { l.cp() }

        func newLease() *lease {
        	l := &lease{}
        	checkpoint := func() { l.mu.Lock(); l.mu.Unlock() }
        	l.setCheckpointer(checkpoint)
        	return l
        }

        var regMu sync.Mutex

        func flushRegistry() { regMu.Lock(); regMu.Unlock() }
        """;

    private static (LockSummaries Summaries, Func<string, FuncDecl> Function) SummariseCaptures()
    {
        var package = LintTest.Package([("a.go", Captures)], types: new TypeResolution());
        var summaries = new LockSummaries(new CallGraph(package.Types!, package.Files));
        return (summaries, name => summaries.Graph.Functions.Single(f => f.Key.Name.Name == name).Key);
    }

    [Fact]
    public void A_literal_stored_in_a_field_of_the_local_it_captures_locks_the_struct_the_field_is_called_on()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["recv hub.mu depth 1"], Locks(summaries.AcquiredBy(function("drop"))));
    }

    [Fact]
    public void A_literal_stored_in_a_field_of_the_receiver_it_captures_locks_the_struct_the_field_is_called_on()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["recv hub.mu depth 1"], Locks(summaries.AcquiredBy(function("close"))));
    }

    [Fact]
    public void A_literals_lock_of_another_captured_variable_stays_unnamed_for_other_callers()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["literal"], Targets(summaries, function("swap")));
        Assert.Empty(summaries.AcquiredBy(function("swap")));
    }

    [Fact]
    public void A_literal_capturing_a_local_assigned_again_stays_unnamed_for_other_callers()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Empty(summaries.AcquiredBy(function("flush")));
    }

    [Fact]
    public void Once_Do_calls_the_function_it_is_given_with_the_receiver_of_a_method_value()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["load"], Targets(summaries, function("ensure")));
        Assert.Equal(["recv hub.mu depth 1"], Locks(summaries.AcquiredBy(function("ensure"))));
        Assert.Equal(["recv hub.mu depth 1"], Locks(summaries.AcquiredBy(function("ensureLiteral"))));
    }
    [Fact]
    public void A_map_element_call_reaches_every_function_stored_in_the_map()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["stopRouter", "literal"], Targets(summaries, function("dispatch")));
        Assert.Equal(["recv router.mu depth 1"], Locks(summaries.AcquiredBy(function("dispatch"))));
    }

    [Fact]
    public void A_function_looked_up_in_a_map_with_comma_ok_reaches_the_maps_functions()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["stopRouter", "literal"], Targets(summaries, function("lookup")));
    }

    [Fact]
    public void A_local_map_of_functions_reaches_its_literal_and_stored_values()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["regMu depth 1"], Locks(summaries.AcquiredBy(function("localTable"))));
    }

    [Fact]
    public void A_map_given_from_a_parameter_or_passed_to_a_function_reaches_nothing_known()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Empty(Targets(summaries, function("openCall")));
        Assert.Empty(Targets(summaries, function("leakedTable"), 1));
    }
    [Fact]
    public void A_literal_passed_to_a_setter_called_on_the_variable_it_captures_locks_the_struct_the_field_is_called_on()
    {
        var (summaries, function) = SummariseCaptures();
        Assert.Equal(["recv lease.mu depth 1"], Locks(summaries.AcquiredBy(function("renew"))));
    }
}
