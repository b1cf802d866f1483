namespace Goroscope.Stacks;

/// <summary>All goroutines of one process at one moment, as one dump recorded them.</summary>
public sealed record Snapshot
{
    public required DumpFormat Format { get; init; }

    public required IReadOnlyList<Goroutine> Goroutines { get; init; }

    /// <summary>True for the Go 1.26+ `goroutineleak` profile, which lists only goroutines the runtime proved leaked.</summary>
    public bool IsLeakProfile { get; init; }

    /// <summary>The total the dump declares (`goroutine profile: total N`, the pprof sample sum); null for tracebacks.</summary>
    public long? DeclaredTotal { get; init; }

    /// <summary>The dump ends mid-goroutine or at the runtime's 64 MiB cap: goroutines are missing.</summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// Frame lines under no goroutine header (a crash's signal-handling stack printed bare by old runtimes): some
    /// goroutine's state is unknown, so nothing may be concluded about the whole process.
    /// </summary>
    public int UnattributedFrames { get; init; }

    /// <summary>Things a reader tolerated and the user should know (skipped lines, truncation), one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Goroutines this snapshot stands for (aggregated records count as many).</summary>
    public long GoroutineCount => Goroutines.Sum(g => g.Count);
}
