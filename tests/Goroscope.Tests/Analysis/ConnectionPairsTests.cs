using Goroscope.Analysis;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis;

/// <summary>A pile paired one to one with a connection type's network readers is one goroutine per connection.</summary>
public class ConnectionPairsTests
{
    private static string Connections(int writers, int readers)
    {
        var dump = new System.Text.StringBuilder();
        for (var i = 0; i < writers; i++)
            dump.Append($"goroutine {100 + i} [sync.Cond.Wait]:\nsync.runtime_notifyListWait(0xc0001, 0x1)\n\t/go/src/runtime/sema.go:527 +0x14c\n"
                + "sync.(*Cond).Wait(0xc0002)\n\t/go/src/sync/cond.go:70 +0x85\nexample.com/srv.(*conn).writeLoop(0xc0003)\n\t/src/srv/conn.go:40 +0x1f1\n"
                + "created by example.com/srv.(*Server).accept in goroutine 7\n\t/src/srv/server.go:20 +0x85\n\n");
        for (var i = 0; i < readers; i++)
            dump.Append($"goroutine {500 + i} [IO wait]:\ninternal/poll.runtime_pollWait(0x7f, 0x72)\n\t/go/src/runtime/netpoll.go:345 +0x85\n"
                + "internal/poll.(*FD).Read(0xc0004, {0xc0005, 0x1000, 0x1000})\n\t/go/src/internal/poll/fd_unix.go:165 +0x27a\n"
                + "net.(*conn).Read(0xc0006, {0xc0005, 0x1000, 0x1000})\n\t/go/src/net/net.go:179 +0x45\n"
                + "example.com/srv.(*conn).readLoop(0xc0003)\n\t/src/srv/conn.go:80 +0x5e6\n"
                + "created by example.com/srv.(*Server).accept in goroutine 7\n\t/src/srv/server.go:19 +0x85\n\n");
        return dump.ToString();
    }

    private static Bucket Writers(string dump) =>
        Assert.Single(Analyzer.Analyze(Dumps.Read(dump)).Buckets, b => b.BlockingSite.Frame?.Function == "example.com/srv.(*conn).writeLoop");

    [Fact]
    public void Writers_as_many_as_the_connection_readers_are_one_per_connection()
    {
        var writers = Writers(Connections(40, 40));
        Assert.Equal("one per connection: paired 1:1 with 40 × (*conn).readLoop waiting on the network", writers.Healthy?.Reason);
        Assert.False(writers.IsSuspect);
    }

    [Fact]
    public void Writers_that_outnumber_the_readers_are_judged_as_before()
    {
        var writers = Writers(Connections(40, 39));
        Assert.Null(writers.Healthy);
        Assert.True(writers.IsSuspect);
    }
}
