namespace Goroscope.Watch.Detection;

/// <summary>When a bucket's series counts as a leak (docs/watch.md, "Detection").</summary>
/// <param name="Window">How far back growth is judged.</param>
/// <param name="MinSamples">Successful scrapes the window must hold before growth is judged at all.</param>
/// <param name="MinGrowth">Goroutines gained over the window, last sample minus first.</param>
/// <param name="MinSlopePerMinute">Least-squares slope of the count over the window.</param>
/// <param name="MinMonotonicity">Share of steps (sample to next) that do not go down, 0–1.</param>
/// <param name="Concentration">Goroutines stuck at one user-code site that count as a leak whatever the trend (LeakProf's signal).</param>
public sealed record Thresholds(
    TimeSpan Window,
    int MinSamples = 5,
    long MinGrowth = 10,
    double MinSlopePerMinute = 1,
    double MinMonotonicity = 0.8,
    long Concentration = 1000)
{
    public Thresholds() : this(TimeSpan.FromMinutes(10))
    {
    }
}
