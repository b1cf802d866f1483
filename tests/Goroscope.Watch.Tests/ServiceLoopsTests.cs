namespace Goroscope.Watch.Tests;

public class ServiceLoopsTests
{
    [Fact]
    public async Task LoopThatFails_StopsTheOthers_AndIsNamedInOneLine()
    {
        var otherStopped = false;
        var loops = new List<(string, Func<CancellationToken, Task>)>
        {
            ("scrape", async stop => { try { await Task.Delay(Timeout.Infinite, stop); } catch (OperationCanceledException) { otherStopped = true; } }),
            ("alert", async _ => { await Task.Delay(50); throw new InvalidOperationException("queue broke\nbadly"); }),
        };
        var failure = await Assert.ThrowsAsync<WatchFailedException>(() => ServiceLoops.RunAsync(loops, CancellationToken.None));
        Assert.Equal("watch stopped: its alert loop failed: InvalidOperationException: queue broke badly", failure.Message);
        Assert.True(otherStopped);
    }

    [Fact]
    public async Task LoopThatEndsUnasked_StopsWatch()
    {
        var loops = new List<(string, Func<CancellationToken, Task>)>
        {
            ("scrape", stop => Task.Delay(Timeout.Infinite, stop)),
            ("lease", _ => Task.CompletedTask),
        };
        var failure = await Assert.ThrowsAsync<WatchFailedException>(() => ServiceLoops.RunAsync(loops, CancellationToken.None));
        Assert.Equal("watch stopped: its lease loop ended unasked", failure.Message);
    }

    [Fact]
    public async Task Cancellation_EndsEveryLoopQuietly()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var ended = 0;
        var loops = Enumerable.Range(0, 3).Select(i => ($"loop{i}", (Func<CancellationToken, Task>)(async token =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref ended);
            }
        }))).ToList();
        await ServiceLoops.RunAsync(loops, stop.Token);
        Assert.Equal(3, ended);
    }
}
