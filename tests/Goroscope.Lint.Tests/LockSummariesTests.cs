using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Tests;

/// <summary>The call graph over resolved types and the per-function lock summaries rules build on.</summary>
public class LockSummariesTests
{
    private const string Source = """
        package p

        import "sync"

        var registryMu sync.Mutex

        type Client struct{ mu sync.Mutex }

        type Server struct {
        	mu      sync.RWMutex
        	clients []*Client
        }

        func (c *Client) flush() {
        	c.mu.Lock()
        	c.mu.Unlock()
        }

        func (s *Server) snapshot() int {
        	s.mu.RLock()
        	defer s.mu.RUnlock()
        	return len(s.clients)
        }

        func (s *Server) report() int { return s.snapshot() }

        func register(c *Client) {
        	registryMu.Lock()
        	c.flush()
        	registryMu.Unlock()
        }

        func (s *Server) maybe(locked bool) {
        	if !locked {
        		s.mu.Lock()
        		defer s.mu.Unlock()
        	}
        }

        func (s *Server) relock() {
        	s.mu.Unlock()
        	s.mu.Lock()
        }

        func (s *Server) guarded(ready bool) {
        	if !ready {
        		return
        	}
        	s.mu.Lock()
        	s.mu.Unlock()
        }

        func (s *Server) nilSafe() {
        	if s == nil {
        		return
        	}
        	s.mu.Lock()
        	s.mu.Unlock()
        }

        func (s *Server) afterLiteral() {
        	check := func() bool { return true }
        	check()
        	s.mu.Lock()
        	s.mu.Unlock()
        }

        func (s *Server) even(n int) { s.odd(n) }

        func (s *Server) odd(n int) {
        	if n > 0 {
        		s.even(n - 1)
        	}
        	s.mu.Lock()
        	s.mu.Unlock()
        }

        func (c *Client) finish() { defer c.flush() }

        func (c *Client) flushLater() { go c.flush() }

        func (c *Client) flushVia() {
        	f := func() { c.flush() }
        	f()
        }

        type store interface{ save() }

        type disk struct{}
        type memory struct{}

        func (disk) save() {
        	registryMu.Lock()
        	registryMu.Unlock()
        }

        func (*memory) save() {
        	registryMu.Lock()
        	defer registryMu.Unlock()
        }

        func saveAll(s store) { s.save() }
        """;

    private static (LockSummaries Summaries, Func<string, FuncDecl> Function) Summarise()
    {
        var package = LintTest.Package([("a.go", Source)], types: new TypeResolution());
        var summaries = new LockSummaries(new CallGraph(package.Types!, package.Files));
        return (summaries, name => summaries.Graph.Functions.Single(f => f.Key.Name.Name == name).Key);
    }

    // The receiver's type is printed with its full package path (here the test's directory): keep the type's name.
    private static List<string> Locks(IEnumerable<Acquisition> acquired) =>
        acquired.Select(a => $"{RootName(a.Lock.Root)}{a.Lock.Path} {a.Mode} depth {a.Depth}").ToList();

    private static string RootName(object root) => root switch
    {
        Var v => v.Name,
        string recv when recv.StartsWith("recv ", StringComparison.Ordinal) => "recv " + recv[(recv.LastIndexOf('.') + 1)..],
        _ => root.ToString()!,
    };

    [Fact]
    public void A_method_acquires_its_receivers_field_named_by_the_receivers_type()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["recv Server.mu Read depth 0"], Locks(summaries.AcquiredBy(function("snapshot"))));
        Assert.Equal(["recv Client.mu Write depth 0"], Locks(summaries.AcquiredBy(function("flush"))));
    }

    [Fact]
    public void A_callees_acquisitions_are_the_callers_one_call_deeper()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["recv Server.mu Read depth 1"], Locks(summaries.AcquiredBy(function("report"))));
    }

    [Fact]
    public void A_callees_receiver_becomes_the_callers_argument_and_globals_stay_themselves()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["registryMu Write depth 0", "param 0.mu Write depth 1"], Locks(summaries.AcquiredBy(function("register"))));
    }

    [Fact]
    public void Locks_taken_only_on_a_branch_or_after_an_unlock_are_not_acquisitions()
    {
        var (summaries, function) = Summarise();
        Assert.Empty(summaries.AcquiredBy(function("maybe")));
        Assert.Empty(summaries.AcquiredBy(function("relock")));
    }

    [Fact]
    public void A_lock_taken_after_an_early_return_is_an_acquisition_on_some_paths_only()
    {
        var (summaries, function) = Summarise();
        var acquired = Assert.Single(summaries.AcquiredBy(function("guarded")));
        Assert.Equal(["recv Server.mu Write depth 0"], Locks([acquired]));
        Assert.False(acquired.OnEveryPath);
    }

    [Fact]
    public void A_nil_receiver_guard_before_the_lock_leaves_it_on_every_path()
    {
        var (summaries, function) = Summarise();
        Assert.True(Assert.Single(summaries.AcquiredBy(function("nilSafe"))).OnEveryPath);
    }

    [Fact]
    public void A_return_inside_a_function_literal_before_the_lock_leaves_it_an_acquisition()
    {
        var (summaries, function) = Summarise();
        Assert.True(Assert.Single(summaries.AcquiredBy(function("afterLiteral"))).OnEveryPath);
    }

    [Fact]
    public void Mutual_recursion_ends_and_keeps_the_lock_the_cycle_takes()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["recv Server.mu Write depth 1"], Locks(summaries.AcquiredBy(function("even"))));
        Assert.Equal(["recv Server.mu Write depth 0"], Locks(summaries.AcquiredBy(function("odd"))));
    }

    [Fact]
    public void The_call_graph_reaches_methods_of_concrete_types_of_the_package_only()
    {
        var (summaries, function) = Summarise();
        var calls = CallGraph.CallsIn(function("register").Body!).ToList();
        Assert.Equal([null, "flush", null], calls.Select(c => summaries.Graph.Callee(c)?.Name.Name));
    }

    [Fact]
    public void A_deferred_callees_locks_count_and_a_goroutines_do_not()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["recv Client.mu Write depth 1"], Locks(summaries.AcquiredBy(function("finish"))));
        Assert.Empty(summaries.AcquiredBy(function("flushLater")));
    }

    [Fact]
    public void A_closure_bound_to_a_variable_is_followed_with_the_captured_receiver()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["recv Client.mu Write depth 2"], Locks(summaries.AcquiredBy(function("flushVia"))));
    }

    [Fact]
    public void An_interface_call_takes_the_locks_every_implementation_takes()
    {
        var (summaries, function) = Summarise();
        Assert.Equal(["registryMu Write depth 1"], Locks(summaries.AcquiredBy(function("saveAll"))));
    }
}
