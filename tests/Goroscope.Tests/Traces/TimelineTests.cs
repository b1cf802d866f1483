using Goroscope.Traces;
using Goroscope.Traces.Timelines;

namespace Goroscope.Tests.Traces;

/// <summary>
/// Goroutine lives read from traces of testdata/programs/traceleak, which leaks 3 senders, 2 receivers, 4 selects,
/// 1 mutex waiter and 5 WaitGroup waiters after a pool of 4 workers has drained 200 jobs and ended.
/// </summary>
public class TimelineTests
{
    public static TheoryData<string> Versions() => ["go1.19", "go1.23", "go1.27"];

    private static Timeline Read(string version, TimelineOptions? options = null)
    {
        using var file = File.OpenRead(Path.Combine(Paths.TestData, "traces", version, "traceleak.trace"));
        return Timeline.Read(TraceReader.Open(file), options);
    }

    private static IEnumerable<GoroutineLife> AliveIn(Timeline t, string function) =>
        t.Alive.Where(l => l.Name == function);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Leaked_goroutines_are_alive_at_the_end_with_their_last_wait(string version)
    {
        var t = Read(version);
        Assert.Equal(3, AliveIn(t, "main.leakSend").Count(l => l is { State: GoState.Waiting, Reason: "chan send" }));
        Assert.Equal(2, AliveIn(t, "main.leakReceive").Count(l => l is { State: GoState.Waiting, Reason: "chan receive" }));
        Assert.Equal(4, AliveIn(t, "main.leakSelect").Count(l => l is { State: GoState.Waiting, Reason: "select" }));
        Assert.Equal(1, AliveIn(t, "main.leakMutex").Count(l => l is { State: GoState.Waiting, Reason: "sync" }));
        Assert.Equal(5, AliveIn(t, "main.leakWait").Count(l => l is { State: GoState.Waiting, Reason: "sync" }));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Workers_that_returned_are_ended_with_their_time_split(string version)
    {
        var t = Read(version, new TimelineOptions { KeepEnded = true });
        var workers = t.EndedLives.Where(l => l.Name == "main.worker").ToList();
        Assert.Equal(4, workers.Count);
        Assert.All(workers, w => Assert.True(w.EndedAt > w.FirstRunAt && w.FirstRunAt >= w.CreatedAt));
        Assert.All(workers, w => Assert.True(w.Time.Execution > 0 && w.Blocks > 0));
        Assert.DoesNotContain(t.Alive, l => l.Name == "main.worker");
        var group = Assert.Single(t.Groups, g => g.Name == "main.worker");
        Assert.Equal(4, group.Goroutines);
        Assert.Equal(4, group.Ended);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Creator_and_creation_site_are_the_go_statement(string version)
    {
        var t = Read(version);
        var main = t.Alive.Single(l => l.Name == "main.main");
        foreach (var sender in AliveIn(t, "main.leakSend"))
        {
            Assert.Equal(main.Id, sender.CreatorId);
            var site = t.Stacks[sender.CreationStack].Frames[0];
            Assert.Equal(("main.spawnSenders", 94), (site.Function, site.Line));
            Assert.Equal("main.leakSend", t.Stacks[sender.StartStack].Frames[0].Function);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Blocked_goroutine_keeps_the_stack_it_blocked_on(string version)
    {
        var t = Read(version);
        var waiter = AliveIn(t, "main.leakWait").First();
        var frames = t.Stacks[waiter.StateStack].Frames;
        Assert.Equal("sync.(*WaitGroup).Wait", frames[0].Function);
        Assert.Equal(("main.leakWait", 111), (frames[1].Function, frames[1].Line));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_created_goroutine_counts_once_in_the_creation_latency(string version)
    {
        var t = Read(version);
        Assert.Equal(t.GoroutinesCreated, t.CreationSites.Where(s => s.Site is not null).Sum(s => s.Created));
        var senders = t.CreationSites.Single(s => s.Site is { Function: "main.spawnSenders" });
        Assert.Equal(3, senders.Created);
        Assert.Equal(3, senders.CreateToRun.Count);
        Assert.True(t.CreateToRun.Max >= senders.CreateToRun.Max);
        Assert.True(t.SchedulerLatency.Count > 0);
    }

    [Fact]
    public void History_of_a_followed_goroutine_runs_from_creation_to_end()
    {
        var t = Read("go1.27", new TimelineOptions { FollowAll = true, KeepEnded = true });
        var worker = t.EndedLives.First(l => l.Name == "main.worker");
        var history = worker.History!;
        Assert.Equal((GoState.NotExist, GoState.Runnable), (history[0].From, history[0].To));
        Assert.Equal(GoState.NotExist, history[^1].To);
        Assert.Equal(worker.Blocks, history.Count(c => c.To == GoState.Waiting));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.Time <= p.Second.Time && p.First.To == p.Second.From));
    }

    [Fact]
    public void Only_followed_goroutines_keep_a_history()
    {
        var all = Read("go1.27");
        var sender = all.Alive.First(l => l.Name == "main.leakSend").Id;
        var t = Read("go1.27", new TimelineOptions { Follow = new HashSet<long> { sender } });
        Assert.All(t.Alive, l => Assert.Equal(l.Id == sender, l.History is not null));
        var last = t.Alive.Single(l => l.Id == sender).History![^1];
        Assert.Equal((GoState.Waiting, "chan send"), (last.To, last.Reason));
    }

    [Fact]
    public void Ancestry_outlives_the_goroutines_that_ended()
    {
        var t = Read("go1.27");
        Assert.Equal(t.GoroutinesCreated, t.Ancestry.Count);
        Assert.All(t.Ancestry.Values, a => Assert.True(a.CreatedAt >= t.Start));
    }
}
