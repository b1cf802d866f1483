using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>One snapshot, bucketed, classified and ranked: what every report renders.</summary>
public sealed class AnalysisResult
{
    public required Snapshot Snapshot { get; init; }

    public required Grouping Grouping { get; init; }

    /// <summary>Most suspect first.</summary>
    public required IReadOnlyList<Bucket> Buckets { get; init; }

    public long Goroutines => Snapshot.GoroutineCount;

    public int Suspects => Buckets.Count(b => b.IsSuspect);

    /// <summary>Goroutines the process had but the dump lost (a truncated dump with a known total); null when unknown.</summary>
    public long? MissingGoroutines { get; init; }

    /// <summary>Goroutines in buckets that ignore rules or presets (`.goroscope.yml`) left out of <see cref="Buckets"/>.</summary>
    public long IgnoredGoroutines { get; init; }

    /// <summary>Buckets that ignore rules or presets left out.</summary>
    public int IgnoredBuckets { get; init; }

    /// <summary>The snapshot's warnings plus the analysis's own.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
