using Goroscope.Watch.Scraping;

namespace Goroscope.Watch.Tests;

public class BackoffTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public void NoFailures_WaitsTheInterval() =>
        Assert.Equal(Interval, Backoff.Delay(Interval, 0, TimeSpan.FromMinutes(5), new Random(1)));

    [Fact]
    public void EachFailure_DoublesTheWaitWithinJitter()
    {
        var random = new Random(7);
        for (var failures = 1; failures <= 3; failures++)
        {
            var nominal = Interval * Math.Pow(2, failures);
            var delay = Backoff.Delay(Interval, failures, TimeSpan.FromMinutes(5), random);
            Assert.InRange(delay, nominal * 0.5, nominal * 1.5);
        }
    }

    [Fact]
    public void ManyFailures_AreCappedAtMaxBackoffWithinJitter()
    {
        var delay = Backoff.Delay(Interval, 40, TimeSpan.FromMinutes(5), new Random(3));
        Assert.InRange(delay, TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(7.5));
    }

    [Fact]
    public void Jitter_SpreadsTargetsThatFailTogether()
    {
        var random = new Random(11);
        var delays = Enumerable.Range(0, 20).Select(_ => Backoff.Delay(Interval, 2, TimeSpan.FromMinutes(5), random)).Distinct().Count();
        Assert.True(delays > 15);
    }
}
