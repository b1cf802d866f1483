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
/// (`--min-ratio`; a new stack passes any ratio). Counts accepted in a baseline file (`--baseline`) raise the
/// floor a stack must grow past; ignored stacks never leak.
/// </summary>
public sealed record LeakGate(FailOn FailOn = FailOn.Any, long MinGrowth = 1, double MinRatio = 1)
{
    /// <summary>Accepted goroutine counts by match id, from a baseline file.</summary>
    public IReadOnlyDictionary<string, long> Accepted { get; init; } = new Dictionary<string, long>();

    public bool IsLeak(BucketChange change)
    {
        if (change.IgnoredBy is not null || change.Kind is not (ChangeKind.New or ChangeKind.Grown))
            return false;
        var floor = Math.Max(change.Baseline, Accepted.GetValueOrDefault(change.Id));
        if (change.Current - floor < MinGrowth)
            return false;
        return floor == 0
            ? FailOn is FailOn.New or FailOn.Any
            : FailOn is FailOn.Grown or FailOn.Any && (double)change.Current / floor >= MinRatio;
    }
}
