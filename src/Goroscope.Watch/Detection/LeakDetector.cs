namespace Goroscope.Watch.Detection;

/// <summary>One bucket's count in one successful scrape (0 when the stack was absent).</summary>
/// <param name="Leaked">Of the count, goroutines the runtime's goroutineleak profile proved leaked.</param>
public readonly record struct Point(DateTimeOffset Time, long Count, long Leaked = 0);

/// <summary>Why an incident is open; more than one can hold.</summary>
[Flags]
public enum LeakSignal
{
    None = 0,
    /// <summary>Sustained growth over the window.</summary>
    Growth = 1,
    /// <summary>Many goroutines blocked at one site in the user's own code.</summary>
    Concentration = 2,
    /// <summary>The runtime proved goroutines of the bucket leaked.</summary>
    RuntimeLeaked = 4,
}

/// <summary>What the detector makes of one bucket's series.</summary>
/// <param name="Opening">Signals strong enough to open an incident.</param>
/// <param name="StillGrowing">The count is higher at the end of the window than at its start, with a positive slope: an open growth incident stays open.</param>
internal sealed record Assessment(LeakSignal Opening, bool StillGrowing, double GrowthPerMinute, double Monotonicity, long Count)
{
    /// <summary>An open incident resolves when no signal holds any more: growth stopped or reversed, and neither of the others applies.</summary>
    public bool Holds => StillGrowing || (Opening & (LeakSignal.Concentration | LeakSignal.RuntimeLeaked)) != 0;
}

/// <summary>
/// Pure judgement of one bucket's series over the window: sustained growth (count, slope and monotonicity
/// thresholds), concentration at one user-code blocking site, and the runtime's `(leaked)` verdict.
/// </summary>
internal static class LeakDetector
{
    /// <param name="series">Oldest first; only the points within <see cref="Thresholds.Window"/> of the last are used.</param>
    /// <param name="stuckInUserCode">The bucket waits (is not running) and its blocking site is in the user's code.</param>
    public static Assessment Assess(IReadOnlyList<Point> series, bool stuckInUserCode, Thresholds thresholds)
    {
        if (series.Count == 0)
            return new Assessment(LeakSignal.None, false, 0, 0, 0);
        var last = series[^1];
        // The window is the series' end from the first point within it (the series is in time order); nothing is copied.
        var start = series.Count - 1;
        while (start > 0 && series[start - 1].Time >= last.Time - thresholds.Window)
            start--;
        var samples = series.Count - start;
        var slope = SlopePerMinute(series, start);
        var monotonicity = Monotonicity(series, start);
        var gained = last.Count - series[start].Count;

        var signals = LeakSignal.None;
        if (samples >= thresholds.MinSamples && gained >= thresholds.MinGrowth
            && slope >= thresholds.MinSlopePerMinute && monotonicity >= thresholds.MinMonotonicity)
            signals |= LeakSignal.Growth;
        if (stuckInUserCode && last.Count >= thresholds.Concentration)
            signals |= LeakSignal.Concentration;
        if (last.Leaked > 0)
            signals |= LeakSignal.RuntimeLeaked;
        return new Assessment(signals, samples >= 2 && gained > 0 && slope > 0, slope, monotonicity, last.Count);
    }

    /// <summary>Least-squares slope in goroutines per minute; 0 for fewer than two points or no time between them.</summary>
    public static double SlopePerMinute(IReadOnlyList<Point> points) => SlopePerMinute(points, 0);

    /// <summary>The share of steps that do not go down; 0 for a single point.</summary>
    public static double Monotonicity(IReadOnlyList<Point> points) => Monotonicity(points, 0);

    private static double SlopePerMinute(IReadOnlyList<Point> points, int start)
    {
        if (points.Count - start < 2)
            return 0;
        var t0 = points[start].Time;
        double n = points.Count - start, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = start; i < points.Count; i++)
        {
            var p = points[i];
            var x = (p.Time - t0).TotalMinutes;
            sx += x;
            sy += p.Count;
            sxx += x * x;
            sxy += x * p.Count;
        }
        var denominator = n * sxx - sx * sx;
        // Rounded so that a flat series reads 0, not a float's residue (and never -0).
        return denominator <= 0 ? 0 : Math.Round((n * sxy - sx * sy) / denominator, 6) + 0.0;
    }

    private static double Monotonicity(IReadOnlyList<Point> points, int start)
    {
        if (points.Count - start < 2)
            return 0;
        var steady = 0;
        for (var i = start + 1; i < points.Count; i++)
            if (points[i].Count >= points[i - 1].Count)
                steady++;
        return (double)steady / (points.Count - start - 1);
    }
}
