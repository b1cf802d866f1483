using Goroscope.Watch.Detection;

namespace Goroscope.Watch.Tests;

public class LeakDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Thresholds Defaults = new(TimeSpan.FromMinutes(10), MinSamples: 5, MinGrowth: 10, MinSlopePerMinute: 1, MinMonotonicity: 0.8, Concentration: 1000);

    /// <summary>One point per minute from T0, with the counts given.</summary>
    private static List<Point> Series(params long[] counts) => [.. counts.Select((c, i) => new Point(T0.AddMinutes(i), c))];

    [Fact]
    public void SteadyLinearGrowth_OpensWithItsSlope()
    {
        var a = LeakDetector.Assess(Series(100, 105, 110, 115, 120, 125), stuckInUserCode: false, Defaults);
        Assert.Equal(LeakSignal.Growth, a.Opening);
        Assert.Equal(5, a.GrowthPerMinute, precision: 6);
        Assert.Equal(1, a.Monotonicity);
        Assert.True(a.Holds);
    }

    [Fact]
    public void FlatSeries_OpensNothingAndDoesNotHold()
    {
        var a = LeakDetector.Assess(Series(300, 300, 300, 300, 300, 300), false, Defaults);
        Assert.Equal(LeakSignal.None, a.Opening);
        Assert.False(a.Holds);
    }

    [Fact]
    public void NoisySeriesWithNetGrowth_FailsMonotonicity()
    {
        var a = LeakDetector.Assess(Series(10, 30, 12, 35, 14, 40, 16, 45), false, Defaults);
        Assert.True(a.Monotonicity < 0.8);
        Assert.Equal(LeakSignal.None, a.Opening);
    }

    [Fact]
    public void GrowthBelowMinGrowth_DoesNotOpen()
    {
        var a = LeakDetector.Assess(Series(10, 11, 12, 13, 14, 15), false, Defaults);
        Assert.Equal(LeakSignal.None, a.Opening);
        Assert.True(a.StillGrowing);
    }

    [Fact]
    public void TooFewSamples_DoNotOpenEvenOnSteepGrowth()
    {
        var a = LeakDetector.Assess(Series(0, 500, 1000), false, Defaults);
        Assert.Equal(LeakSignal.None, a.Opening);
    }

    [Fact]
    public void SlowGrowthOverALongTime_FailsTheSlope()
    {
        // +12 over 59 minutes, one point a minute: monotonic and past min-growth, but 0.2/min.
        var series = Enumerable.Range(0, 60).Select(i => new Point(T0.AddMinutes(i), 100 + i / 5)).ToList();
        var a = LeakDetector.Assess(series, false, Defaults with { Window = TimeSpan.FromHours(1) });
        Assert.True(a.GrowthPerMinute < 1);
        Assert.Equal(LeakSignal.None, a.Opening);
    }

    [Fact]
    public void PointsOlderThanTheWindow_AreIgnored()
    {
        // Growth long ago, flat for the last 10 minutes.
        var series = Series(0, 50, 100, 150, 200, 250, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        var a = LeakDetector.Assess(series, false, Defaults);
        Assert.Equal(LeakSignal.None, a.Opening);
        Assert.False(a.StillGrowing);
    }

    [Fact]
    public void GrowthThatStops_NoLongerHolds()
    {
        var growing = LeakDetector.Assess(Series(0, 20, 40, 60, 80), false, Defaults);
        var stopped = LeakDetector.Assess(Series(0, 20, 40, 60, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80), false, Defaults);
        Assert.True(growing.Holds);
        Assert.False(stopped.Holds);
    }

    [Fact]
    public void ManyGoroutinesAtOneUserSite_AreConcentrated()
    {
        var a = LeakDetector.Assess(Series(1500), stuckInUserCode: true, Defaults);
        Assert.Equal(LeakSignal.Concentration, a.Opening);
        Assert.True(a.Holds);
    }

    [Fact]
    public void ManyGoroutinesInTheStandardLibrary_AreNotConcentrated()
    {
        var a = LeakDetector.Assess(Series(1500), stuckInUserCode: false, Defaults);
        Assert.Equal(LeakSignal.None, a.Opening);
    }

    [Fact]
    public void RuntimeLeakedVerdict_OpensAtOnceAndHoldsWhileMarked()
    {
        var a = LeakDetector.Assess([new Point(T0, 3, Leaked: 3)], false, Defaults);
        Assert.Equal(LeakSignal.RuntimeLeaked, a.Opening);
        Assert.True(a.Holds);
        var b = LeakDetector.Assess([new Point(T0, 3, Leaked: 3), new Point(T0.AddMinutes(1), 3, Leaked: 0)], false, Defaults);
        Assert.False(b.Holds);
    }

    [Fact]
    public void Slope_IsLeastSquaresPerMinute()
    {
        var points = new List<Point> { new(T0, 0), new(T0.AddSeconds(30), 10), new(T0.AddSeconds(60), 20) };
        Assert.Equal(20, LeakDetector.SlopePerMinute(points), precision: 6);
    }
}
