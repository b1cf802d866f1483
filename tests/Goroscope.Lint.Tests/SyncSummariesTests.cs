using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Tests;

/// <summary>The call graph's targets (interfaces, closures, go and defer), the locks held at each return, and the WaitGroup and Cond summaries.</summary>
public class SyncSummariesTests
{
    private const string Source = """
        package p

        import "sync"

        type Job interface{ Run(wg *sync.WaitGroup) }

        type copyJob struct{}

        func (copyJob) Run(wg *sync.WaitGroup) { defer wg.Done() }

        type Pool struct {
        	mu   sync.Mutex
        	wg   sync.WaitGroup
        	cond *sync.Cond
        	jobs []Job
        }

        func (p *Pool) start(j Job) {
        	p.wg.Add(1)
        	go j.Run(&p.wg)
        }

        func (p *Pool) Start() {
        	for _, j := range p.jobs {
        		p.start(j)
        	}
        	notify := func() { p.cond.Broadcast() }
        	defer notify()
        	p.wg.Wait()
        }

        func (p *Pool) deep1() { p.deep2() }
        func (p *Pool) deep2() { p.deep3() }
        func (p *Pool) deep3() { p.deep4() }
        func (p *Pool) deep4() { p.deep5() }
        func (p *Pool) deep5() { p.deep6() }
        func (p *Pool) deep6() { p.wg.Done() }

        func (p *Pool) take(fail bool) int {
        	p.mu.Lock()
        	if fail {
        		return 0
        	}
        	p.mu.Unlock()
        	return 1
        }

        func (p *Pool) acquire() {
        	p.mu.Lock()
        }
        """;

    private static (SyncSummaries Sync, LockExits Exits, Func<string, FuncDecl> Function) Summarise()
    {
        var package = LintTest.Package([("a.go", Source)], types: new TypeResolution());
        var graph = new CallGraph(package.Types!, package.Files);
        return (new SyncSummaries(graph), new LockExits(graph), name => graph.Functions.Single(f => f.Key.Name.Name == name).Key);
    }

    private static List<string> Effects(SyncSummary summary) =>
        summary.Effects.Select(e => $"{e.Op.Kind} {Name(e.Object)} {e.Via} depth {e.Depth}{(e.Always ? " always" : "")}").ToList();

    // Receiver types print with the test directory's package path: keep the type's name.
    private static string Name(LockId id) => id.Root switch
    {
        Var v => v.Name + id.Path,
        string recv when recv.StartsWith("recv ", StringComparison.Ordinal) => "recv " + recv[(recv.LastIndexOf('.') + 1)..] + id.Path,
        var root => root + id.Path,
    };

    [Fact]
    public void Sites_tell_calls_goroutines_and_deferred_calls_apart()
    {
        var (sync, _, function) = Summarise();
        var sites = CallGraph.SitesIn(function("Start").Body!);
        Assert.Equal([CallKind.Call, CallKind.Defer, CallKind.Call], sites.Select(s => s.Kind));
        Assert.Equal(CallKind.Go, CallGraph.SitesIn(function("start").Body!)[1].Kind);
    }

    [Fact]
    public void An_interface_call_reaches_the_packages_implementations_and_a_bound_closure_is_a_target()
    {
        var (sync, _, function) = Summarise();
        var go = CallGraph.SitesIn(function("start").Body!)[1];
        var run = Assert.Single(sync.Graph.Targets(go.Call));
        Assert.Equal("Run", ((FuncDecl)run.Function).Name.Name);
        var deferred = CallGraph.SitesIn(function("Start").Body!)[1];
        Assert.IsType<FuncLit>(Assert.Single(sync.Graph.Targets(deferred.Call)).Function);
    }

    [Fact]
    public void A_goroutines_done_is_named_as_the_spawner_names_the_group()
    {
        var (sync, _, function) = Summarise();
        Assert.Equal(["Add recv Pool.wg Call depth 0 always", "Done recv Pool.wg Go depth 1 always"], Effects(sync.Of(sync.Graph.TargetOf(function("start")))));
    }

    [Fact]
    public void Effects_through_callees_keep_how_they_run_and_conditional_calls_are_not_always()
    {
        var (sync, _, function) = Summarise();
        Assert.Equal(
            ["Add recv Pool.wg Call depth 1", "Done recv Pool.wg Go depth 2", "Broadcast recv Pool.cond Defer depth 1 always", "Wait recv Pool.wg Call depth 0 always"],
            Effects(sync.Of(sync.Graph.TargetOf(function("Start")))));
    }

    [Fact]
    public void A_summary_cut_at_the_depth_limit_says_so()
    {
        var (sync, _, function) = Summarise();
        var summary = sync.Of(sync.Graph.TargetOf(function("deep1")));
        Assert.True(summary.Truncated);
        Assert.Empty(summary.Effects);
        Assert.False(sync.Of(sync.Graph.TargetOf(function("deep2"))).Truncated);
    }

    [Fact]
    public void Locks_held_at_each_return_and_on_every_return()
    {
        var (_, exits, function) = Summarise();
        var take = exits.Of(function("take"));
        Assert.Equal([1, 0], take.Returns.Select(r => r.Held.Count));
        Assert.Null(take.End);
        Assert.Empty(take.HeldOnEveryReturn);
        var acquire = exits.Of(function("acquire"));
        Assert.NotNull(acquire.End);
        Assert.Equal(".mu", Assert.Single(acquire.HeldOnEveryReturn).Path);
    }
}
