namespace Goroscope.Analysis.Diff;

/// <summary>Which changes count as a leak (`--fail-on`).</summary>
public enum FailOn
{
    /// <summary>Only stacks the baseline did not have.</summary>
    New,
    /// <summary>Only stacks the baseline had, now with more goroutines.</summary>
    Grown,
    /// <summary>Both.</summary>
    Any,
}

/// <summary>
/// The thresholds a change must pass to count as a leak: the kind (`--fail-on`), at least
/// <see cref="MinGrowth"/> more goroutines (`--min-growth`) and at least <see cref="MinRatio"/> times as many
/// (`--min-ratio`; a new stack passes any ratio).
/// </summary>
public sealed record LeakGate(FailOn FailOn = FailOn.Any, long MinGrowth = 1, double MinRatio = 1)
{
    public bool IsLeak(BucketChange change) => change.Kind switch
    {
        ChangeKind.New => FailOn is FailOn.New or FailOn.Any && change.Delta >= MinGrowth,
        ChangeKind.Grown => FailOn is FailOn.Grown or FailOn.Any && change.Delta >= MinGrowth && change.Ratio >= MinRatio,
        _ => false,
    };
}
