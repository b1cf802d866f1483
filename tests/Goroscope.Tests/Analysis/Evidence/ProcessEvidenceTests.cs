using Goroscope.Analysis;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis.Evidence;

/// <summary>The evidence the rest of the process gives about a bucket, one behaviour per test (docs/scoring.md).</summary>
public class ProcessEvidenceTests
{
    private static string G(long id, string reason, string frames, long parent = 1) =>
        $"goroutine {id} [{reason}]:\n{frames}" + (parent == 0 ? "" : $"created by main.main in goroutine {parent}\n\t/app/main.go:9 +0x85\n") + "\n";

    private static string Frame(string function, string arguments, int line) => $"{function}({arguments})\n\t/app/main.go:{line} +0x1d\n";

    private const string MainWaitsOnChannel = "goroutine 1 [chan receive]:\nmain.main()\n\t/app/main.go:20 +0x1d\n\n";

    private static string Sender(long id, long parent = 1) => G(id, "chan send", Frame("main.produce", "0x0?", 30), parent);

    private static Bucket BucketAt(AnalysisResult result, string function) =>
        result.Buckets.Single(b => b.BlockingSite.Frame!.Function == function);

    private static AnalysisResult Analyze(string dump) => Analyzer.Analyze(Dumps.Read(dump));

    private static ScoreTerm? Term(Bucket bucket, string name) => bucket.ScoreTerms.SingleOrDefault(t => t.Name == name);

    [Fact]
    public void With_nobody_running_every_parked_goroutine_is_lifted_to_the_asleep_floor()
    {
        var result = Analyze("fatal error: all goroutines are asleep - deadlock!\n\n" + MainWaitsOnChannel + Sender(7));
        Assert.All(result.Buckets, b => Assert.Equal(ScoreTermKind.Floor, Term(b, Scoring.ProcessAsleepTerm)!.Kind));
        Assert.All(result.Buckets, b => Assert.True(b.IsSuspect));
    }

    [Theory]
    [InlineData("IO wait")]
    [InlineData("sleep")]
    [InlineData("syscall")]
    [InlineData("runnable")]
    [InlineData("running")]
    public void One_goroutine_that_can_wake_by_itself_keeps_the_process_awake(string state)
    {
        var result = Analyze(MainWaitsOnChannel + Sender(7) + G(8, state, Frame("main.serve", "0x0?", 40)));
        Assert.All(result.Buckets, b => Assert.Null(Term(b, Scoring.ProcessAsleepTerm)));
    }

    [Fact]
    public void The_goroutine_writing_the_dump_may_still_wake_the_others_so_it_gives_points_not_the_floor()
    {
        var writer = G(9, "running", Frame("runtime/pprof.writeGoroutineStacks", "{0x5f2f00, 0xc000100008}", 693) + Frame("main.dump", "0x0?", 50));
        var term = Term(BucketAt(Analyze(MainWaitsOnChannel + Sender(7) + writer), "main.produce"), Scoring.ProcessAsleepTerm)!;
        Assert.Equal((ScoreTermKind.Points, Scoring.ProcessAsleepPoints), (term.Kind, term.Value));
        Assert.Equal("goroutine 9 writes the dump", term.Evidence);
    }

    [Fact]
    public void A_timed_out_tests_alarm_ends_the_process_so_the_others_are_proven_asleep()
    {
        var alarm = G(12, "running", Frame("panic", "{0x6c5e40?, 0xc000024160?}", 770) + Frame("testing.(*M).startAlarm.func1", "", 2366), parent: 1);
        var term = Term(BucketAt(Analyze(MainWaitsOnChannel + Sender(7) + alarm), "main.produce"), Scoring.ProcessAsleepTerm)!;
        Assert.Equal(ScoreTermKind.Floor, term.Kind);
    }

    [Fact]
    public void Runtime_goroutines_idling_do_not_keep_the_process_awake()
    {
        var gcWorker = "goroutine 4 [GC worker (idle)]:\nruntime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n\t/go/src/runtime/proc.go:435 +0xce\nruntime.gcBgMarkWorker(0xc00007e000)\n\t/go/src/runtime/mgc.go:1423 +0xe9\n\n";
        Assert.NotNull(Term(BucketAt(Analyze(MainWaitsOnChannel + Sender(7) + gcWorker), "main.produce"), Scoring.ProcessAsleepTerm));
    }

    [Fact]
    public void A_cut_dump_gives_no_process_evidence()
    {
        var cut = MainWaitsOnChannel + "goroutine 7 [chan send]:\nmain.produce(0x0?)\n";
        Assert.All(Analyze(cut).Buckets, b => Assert.DoesNotContain(b.ScoreTerms, t => t.IsEvidence));
    }

    [Fact]
    public void A_bare_stack_outside_any_goroutine_leaves_the_process_undecided()
    {
        var bare = "SIGABRT: abort\nPC=0x424dd1\n\nruntime.notetsleepg(0x649aa0, 0xffffffffffffffff)\n\t/go/src/runtime/lock_futex.c:190 +0x46\n\n";
        Assert.All(Analyze(bare + MainWaitsOnChannel + Sender(7)).Buckets, b => Assert.Null(Term(b, Scoring.ProcessAsleepTerm)));
    }

    [Fact]
    public void A_lock_holder_blocked_on_a_send_and_the_lock_waiter_wait_for_each_other()
    {
        // goroutine 7 holds the hub's lock and sends; goroutine 8 needs the lock to receive. Both print the hub's address.
        var holder = G(7, "chan send", Frame("main.(*Hub).Publish", "0xc000010000, 0x1", 30));
        var waiter = G(8, "sync.Mutex.Lock", Frame("sync.(*Mutex).Lock", "...", 0).Replace(":0 +0x1d", ":0") + Frame("main.(*Hub).Drain", "0xc000010000", 40));
        var result = Analyze(holder + waiter + G(9, "IO wait", Frame("main.serveOther", "0xc000099000", 50)));
        var onWaiter = Term(BucketAt(result, "main.(*Hub).Drain"), Scoring.WaitForTerm)!;
        Assert.Equal("goroutine 7", onWaiter.Evidence);
        Assert.Contains("0xc000010000", onWaiter.Reason);
        Assert.Equal("goroutine 8", Term(BucketAt(result, "main.(*Hub).Publish"), Scoring.WaitForTerm)!.Evidence);
    }

    [Fact]
    public void No_wait_for_when_a_goroutine_sharing_the_object_can_still_run()
    {
        var holder = G(7, "IO wait", Frame("main.(*Hub).Fetch", "0xc000010000", 30));
        var waiter = G(8, "sync.Mutex.Lock", Frame("main.(*Hub).Drain", "0xc000010000", 40));
        Assert.Null(Term(BucketAt(Analyze(holder + waiter), "main.(*Hub).Drain"), Scoring.WaitForTerm));
    }

    [Fact]
    public void No_wait_for_among_channel_waiters_alone()
    {
        var worker = G(7, "chan receive", Frame("main.(*Pool).work", "0xc000010000", 30));
        var dispatcher = G(8, "select", Frame("main.(*Pool).dispatch", "0xc000010000", 40));
        var result = Analyze(worker + dispatcher + G(9, "IO wait", Frame("main.serve", "0x0?", 50)));
        Assert.All(result.Buckets, b => Assert.Null(Term(b, Scoring.WaitForTerm)));
    }

    [Fact]
    public void A_sender_whose_creator_has_returned_is_evidence_of_a_receiver_that_gave_up()
    {
        var result = Analyze(MainWaitsOnChannel + Sender(7, parent: 5) + G(8, "IO wait", Frame("main.serve", "0x0?", 50)));
        var term = Term(BucketAt(result, "main.produce"), Scoring.CreatorReturnedTerm)!;
        Assert.Equal("goroutine 5 no longer in the dump", term.Evidence);
    }

    [Fact]
    public void A_receiver_whose_creator_has_returned_is_an_ordinary_worker()
    {
        var worker = G(7, "chan receive", Frame("main.work", "0x0?", 30), parent: 5);
        Assert.Null(Term(BucketAt(Analyze(MainWaitsOnChannel + worker + G(8, "IO wait", Frame("main.serve", "0x0?", 50))), "main.work"), Scoring.CreatorReturnedTerm));
    }

    [Fact]
    public void A_waitgroup_waiter_and_the_goroutines_it_started_all_blocked_are_one_blocked_family()
    {
        var waiter = G(5, "sync.WaitGroup.Wait", Frame("main.collect", "0x0?", 20));
        var result = Analyze(waiter + Sender(7, parent: 5) + Sender(8, parent: 5) + G(9, "IO wait", Frame("main.serve", "0x0?", 50)));
        Assert.Equal(Scoring.FamilyBlockedPoints, Term(BucketAt(result, "main.collect"), Scoring.FamilyBlockedTerm)!.Value);
        Assert.Equal("goroutine 5", Term(BucketAt(result, "main.produce"), Scoring.FamilyBlockedTerm)!.Evidence);
    }

    [Fact]
    public void A_family_with_one_member_still_able_to_run_is_not_blocked()
    {
        var waiter = G(5, "sync.WaitGroup.Wait", Frame("main.collect", "0x0?", 20));
        var result = Analyze(waiter + Sender(7, parent: 5) + G(8, "sleep", Frame("main.retry", "0x0?", 60), parent: 5));
        Assert.All(result.Buckets, b => Assert.Null(Term(b, Scoring.FamilyBlockedTerm)));
    }

    [Fact]
    public void A_waitgroup_waiter_with_no_goroutine_of_its_own_left_gets_the_weaker_points()
    {
        var waiter = G(5, "sync.WaitGroup.Wait", Frame("main.collect", "0x0?", 20));
        var result = Analyze(waiter + G(8, "IO wait", Frame("main.serve", "0x0?", 50)));
        Assert.Equal(Scoring.FamilyGonePoints, Term(BucketAt(result, "main.collect"), Scoring.FamilyBlockedTerm)!.Value);
    }

    /// <summary>A goroutine as Go 1.20 and older print it: `created by F`, without `in goroutine N`.</summary>
    private static string Old(long id, string reason, string frames, string creator) =>
        $"goroutine {id} [{reason}]:\n{frames}created by {creator}\n\t/app/main.go:9 +0x85\n\n";

    private const string OldMainServes = "goroutine 1 [IO wait]:\nmain.main()\n\t/app/main.go:20 +0x1d\n\n";

    [Fact]
    public void Without_creator_ids_a_sender_whose_creating_function_no_goroutine_is_in_has_lost_its_receiver()
    {
        var result = Analyze(OldMainServes + Old(7, "chan send", Frame("main.resize", "0x0?", 30), "main.resizeAll"));
        var term = Term(BucketAt(result, "main.resize"), Scoring.CreatorReturnedTerm)!;
        Assert.Equal("no goroutine is in main.resizeAll", term.Evidence);
    }

    [Fact]
    public void Without_creator_ids_a_sender_whose_creating_function_still_runs_keeps_its_receiver()
    {
        var creator = Old(5, "select", Frame("main.resizeAll", "0x0?", 20), "main.main");
        var result = Analyze(OldMainServes + creator + Old(7, "chan send", Frame("main.resize", "0x0?", 30), "main.resizeAll"));
        Assert.Null(Term(BucketAt(result, "main.resize"), Scoring.CreatorReturnedTerm));
    }

    [Fact]
    public void Without_creator_ids_the_only_waiter_in_a_function_and_all_that_function_started_blocked_are_one_family()
    {
        var waiter = Old(5, "semacquire", Frame("sync.runtime_Semacquire", "0x0?", 62) + Frame("sync.(*WaitGroup).Wait", "0x0?", 139) + Frame("main.collect", "0x0?", 20), "main.main");
        var result = Analyze(OldMainServes + waiter + Old(7, "chan send", Frame("main.produce", "0x0?", 30), "main.collect"));
        Assert.Equal("goroutine 7", Term(BucketAt(result, "main.collect"), Scoring.FamilyBlockedTerm)!.Evidence);
        Assert.Equal("goroutine 5", Term(BucketAt(result, "main.produce"), Scoring.FamilyBlockedTerm)!.Evidence);
    }

    [Fact]
    public void Without_creator_ids_two_goroutines_in_the_waiters_function_leave_the_family_unknown()
    {
        var waiter = Old(5, "semacquire", Frame("sync.runtime_Semacquire", "0x0?", 62) + Frame("sync.(*WaitGroup).Wait", "0x0?", 139) + Frame("main.collect", "0x0?", 20), "main.main");
        var other = Old(6, "IO wait", Frame("main.fetch", "0x0?", 40) + Frame("main.collect", "0x0?", 21), "main.main");
        var result = Analyze(OldMainServes + waiter + other + Old(7, "chan send", Frame("main.produce", "0x0?", 30), "main.collect"));
        Assert.All(result.Buckets, b => Assert.Null(Term(b, Scoring.FamilyBlockedTerm)));
    }
}
