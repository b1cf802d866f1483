using Goroscope.Analysis;
using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Analysis;

public class CreationTreeTests
{
    private static readonly Frame MainFrame = new("main.main", "/app/main.go", 10);
    private static readonly Frame WorkerFrame = new("main.worker", "/app/main.go", 20);
    private static readonly Frame ChildFrame = new("main.child", "/app/main.go", 30);
    private static readonly Frame OrphanFrame = new("main.orphan", "/app/main.go", 40);
    private static readonly Frame GoInMain = new("main.main", "/app/main.go", 11);
    private static readonly Frame GoInWorker = new("main.worker", "/app/main.go", 21);
    private static readonly Frame GoInSpawner = new("main.spawner", "/app/main.go", 51);

    private static Goroutine G(long id, long parentId, Frame top, Frame? createdBy, long count = 1) => new()
    {
        Id = id,
        ParentId = parentId,
        State = WaitState.FromPrinted(createdBy is null ? "running" : "chan receive"),
        Stack = new Stack([top]),
        CreatedBy = createdBy,
        Count = count,
    };

    private static (AnalysisResult Result, CreationTree Tree) Build(DumpFormat format, params Goroutine[] goroutines)
    {
        var result = Analyzer.Analyze(new Snapshot { Format = format, Goroutines = goroutines });
        return (result, CreationTree.Build(result));
    }

    private static Bucket BucketAt(AnalysisResult result, Frame top) => result.Buckets.Single(b => b.Stack.Frames[0] == top);

    private static IEnumerable<CreationNode> All(IEnumerable<CreationNode> nodes) => nodes.SelectMany(n => All(n.Children).Prepend(n));

    /// <summary>main (1) starts workers 10 and 11; worker 10 starts two children, worker 11 one; goroutine 99, gone, started an orphan.</summary>
    private static (AnalysisResult Result, CreationTree Tree) Family() => Build(DumpFormat.Traceback,
        G(1, 0, MainFrame, null),
        G(10, 1, WorkerFrame, GoInMain),
        G(11, 1, WorkerFrame, GoInMain),
        G(20, 10, ChildFrame, GoInWorker),
        G(21, 10, ChildFrame, GoInWorker),
        G(22, 11, ChildFrame, GoInWorker),
        G(30, 99, OrphanFrame, GoInSpawner));

    [Fact]
    public void The_bucket_of_goroutine_1_is_the_first_root()
    {
        var (result, tree) = Family();

        var root = tree.Roots[0];
        Assert.Same(BucketAt(result, MainFrame), root.Bucket);
        Assert.Equal(1, root.Weight);
    }

    [Fact]
    public void A_child_bucket_hangs_under_the_bucket_of_its_creators_weighted_by_how_many_they_made()
    {
        var (result, tree) = Family();

        var workers = Assert.Single(tree.Roots[0].Children);
        Assert.Same(BucketAt(result, WorkerFrame), workers.Bucket);
        Assert.Equal(2, workers.Weight);
        var children = Assert.Single(workers.Children);
        Assert.Same(BucketAt(result, ChildFrame), children.Bucket);
        Assert.Equal(3, children.Weight);
        Assert.False(children.Inferred);
    }

    [Fact]
    public void Goroutines_whose_creator_exited_hang_under_a_synthetic_root_named_for_the_created_by_function()
    {
        var (result, tree) = Family();

        var synthetic = tree.Roots[1];
        Assert.Null(synthetic.Bucket);
        Assert.Equal(new MissingCreator("main.spawner", 0), synthetic.MissingCreator);
        var orphan = Assert.Single(synthetic.Children);
        Assert.Same(BucketAt(result, OrphanFrame), orphan.Bucket);
        Assert.Equal(1, orphan.Weight);
    }

    [Fact]
    public void Every_goroutine_is_counted_once_in_the_bucket_nodes()
    {
        var (result, tree) = Family();

        Assert.Equal(result.Goroutines, All(tree.Roots).Where(n => n.Bucket is not null).Sum(n => n.Weight));
    }

    [Fact]
    public void A_bucket_that_starts_more_of_itself_repeats_as_a_leaf_under_itself()
    {
        var spawn = new Frame("main.spawn", "/app/main.go", 60);
        var goInSpawn = new Frame("main.spawn", "/app/main.go", 61);
        var (result, tree) = Build(DumpFormat.Traceback,
            G(1, 0, MainFrame, null),
            G(5, 1, spawn, goInSpawn),
            G(6, 5, spawn, goInSpawn),
            G(7, 6, spawn, goInSpawn));

        var spawner = Assert.Single(tree.Roots[0].Children);
        Assert.Equal(1, spawner.Weight);
        Assert.False(spawner.Repeat);
        var self = Assert.Single(spawner.Children);
        Assert.Same(spawner.Bucket, self.Bucket);
        Assert.Equal(2, self.Weight);
        Assert.True(self.Repeat);
        Assert.Empty(self.Children);
    }

    [Fact]
    public void A_bucket_started_by_two_buckets_appears_under_both_with_its_children_only_once()
    {
        var (result, tree) = Build(DumpFormat.Traceback,
            G(1, 0, MainFrame, null),
            G(10, 1, WorkerFrame, GoInMain),
            G(20, 1, ChildFrame, GoInMain),
            G(21, 10, ChildFrame, GoInMain),
            G(30, 20, OrphanFrame, GoInWorker));

        var children = All(tree.Roots).Where(n => n.Bucket == BucketAt(result, ChildFrame)).ToList();
        Assert.Equal(2, children.Count);
        Assert.Single(children, c => !c.Repeat);
        Assert.Equal(1, children.Sum(c => c.Children.Count));
    }

    [Fact]
    public void Without_creator_ids_the_parent_is_the_one_bucket_running_the_created_by_function()
    {
        var (result, tree) = Build(DumpFormat.Traceback,
            G(1, 0, MainFrame, null),
            G(10, 0, WorkerFrame, GoInMain),
            G(11, 0, WorkerFrame, GoInMain));

        var workers = Assert.Single(tree.Roots[0].Children);
        Assert.Same(BucketAt(result, WorkerFrame), workers.Bucket);
        Assert.Equal(2, workers.Weight);
        Assert.True(workers.Inferred);
    }

    [Fact]
    public void Without_creator_ids_a_created_by_function_no_bucket_runs_makes_a_synthetic_root()
    {
        var (_, tree) = Build(DumpFormat.Traceback,
            G(1, 0, MainFrame, null),
            G(30, 0, OrphanFrame, GoInSpawner));

        Assert.Equal(new MissingCreator("main.spawner", 0), tree.Roots[1].MissingCreator);
    }

    [Fact]
    public void Without_creator_ids_a_created_by_function_several_buckets_run_is_not_guessed()
    {
        var serveA = new Frame("main.serve", "/app/a.go", 5);
        var serveB = new Frame("main.serve", "/app/b.go", 5);
        var goInServe = new Frame("main.serve", "/app/a.go", 6);
        var (_, tree) = Build(DumpFormat.Traceback,
            G(1, 0, MainFrame, null),
            G(2, 0, serveA, GoInMain),
            G(3, 0, serveB, GoInMain),
            G(4, 0, OrphanFrame, goInServe));

        var synthetic = Assert.Single(tree.Roots, r => r.MissingCreator is not null);
        Assert.Equal(new MissingCreator("main.serve", 2), synthetic.MissingCreator);
    }

    [Fact]
    public void An_aggregated_dump_has_no_creators_and_every_bucket_is_a_root()
    {
        var (result, tree) = Build(DumpFormat.Debug1,
            G(0, 0, WorkerFrame, null, count: 5),
            G(0, 0, ChildFrame, null, count: 3));

        Assert.False(tree.HasCreators);
        Assert.Equal(result.Buckets, tree.Roots.Select(r => r.Bucket));
        Assert.Equal([5L, 3L], tree.Roots.Select(r => r.Weight));
    }

    [Fact]
    public void An_empty_snapshot_has_an_empty_tree()
    {
        var (_, tree) = Build(DumpFormat.Traceback);

        Assert.Empty(tree.Roots);
    }

    private static (AnalysisResult Result, CreationTree Tree) Leakzoo()
    {
        using var stream = File.OpenRead(Paths.Dump("go1.27", "leakzoo.debug2.txt"));
        var result = Analyzer.Analyze(DumpReader.Read(stream).Single());
        return (result, CreationTree.Build(result));
    }

    [Fact]
    public void Leakzoo_is_rooted_at_the_bucket_of_main()
    {
        var (result, tree) = Leakzoo();

        Assert.Contains(1L, tree.Roots[0].Bucket!.Ids);
        Assert.True(tree.HasCreators);
    }

    [Fact]
    public void Leakzoo_leak_buckets_hang_under_main_weighted_by_their_size()
    {
        var (result, tree) = Leakzoo();
        var leaks = result.Buckets.Where(b => b.CreatedBy?.Function.StartsWith("main.leak", StringComparison.Ordinal) == true).ToList();

        var underMain = tree.Roots[0].Children.Where(c => c.Bucket!.CreatedBy?.Function.StartsWith("main.leak", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(leaks);
        Assert.Equal(leaks.ToHashSet(), underMain.Select(n => n.Bucket!).ToHashSet());
        Assert.All(underMain, n => Assert.Equal(n.Bucket!.Count, n.Weight));
        var madeByMain = result.Snapshot.Goroutines.Count(g => g.ParentId == 1 && g.CreatedBy!.Function.StartsWith("main.leak", StringComparison.Ordinal));
        Assert.Equal(madeByMain, underMain.Sum(n => n.Weight));
    }

    [Fact]
    public void Leakzoo_server_connections_hang_under_the_accept_loop()
    {
        var (result, tree) = Leakzoo();

        var acceptLoop = All(tree.Roots).Single(n => n.Bucket?.BlockingSite.Frame?.Function == "net/http.(*Server).Serve");
        var connections = acceptLoop.Children.Where(c => c.Bucket!.CreatedBy?.Function == "net/http.(*Server).Serve").ToList();
        Assert.NotEmpty(connections);
        Assert.Equal(16, connections.Sum(c => c.Weight));
    }

    [Fact]
    public void Leakzoo_counts_every_goroutine_once()
    {
        var (result, tree) = Leakzoo();

        Assert.Equal(result.Goroutines, All(tree.Roots).Where(n => n.Bucket is not null).Sum(n => n.Weight));
    }
}
