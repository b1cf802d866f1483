namespace Goroscope.Watch.Scraping;

/// <summary>
/// The wait before the next attempt at a target: the interval while it answers; after failures, the interval
/// doubled per failure up to a cap, times a random 0.5–1.5 so that targets failing together do not retry together.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(TimeSpan interval, int consecutiveFailures, TimeSpan max, Random random)
    {
        if (consecutiveFailures <= 0)
            return interval;
        var doubled = interval.TotalMilliseconds * Math.Pow(2, Math.Min(consecutiveFailures, 30));
        var capped = Math.Min(doubled, Math.Max(max.TotalMilliseconds, interval.TotalMilliseconds));
        return TimeSpan.FromMilliseconds(capped * (0.5 + random.NextDouble()));
    }
}
