using Goroscope.Stacks;

namespace Goroscope.Traces.Timelines;

/// <summary>What to keep beyond the aggregates while reading a trace.</summary>
public sealed record TimelineOptions
{
    /// <summary>Keep the lives of goroutines that ended (otherwise only their aggregates and ancestry stay).</summary>
    public bool KeepEnded { get; init; }

    /// <summary>Record every state change of these goroutines (<see cref="GoroutineLife.History"/>).</summary>
    public IReadOnlySet<long> Follow { get; init; } = new HashSet<long>();

    /// <summary>Record every state change of every goroutine: grows with the trace's events, for small traces and tests.</summary>
    public bool FollowAll { get; init; }

    /// <summary>Build a pprof-style profile of time spent in this state, as `go tool trace -pprof=TYPE` does.</summary>
    public PprofKind? Profile { get; init; }
}

/// <summary>The profiles `go tool trace -pprof` writes: time runnable, blocked on sync, on the network, in syscalls.</summary>
public enum PprofKind
{
    Sched,
    Sync,
    Net,
    Syscall,
}

/// <summary>Creator, creation stack and entry of a goroutine, kept for every goroutine so ancestry outlives the creators.</summary>
public readonly record struct Ancestry(long CreatorId, int CreationStack, int StartStack, long CreatedAt);

/// <summary>Goroutines grouped by entry function, as `go tool trace`'s goroutine analysis groups them.</summary>
public sealed class GoroutineGroup(string name)
{
    public string Name { get; } = name;
    public long Goroutines { get; internal set; }
    public long Ended { get; internal set; }
    public TimeSplit Time;
}

/// <summary>Goroutines created at one `go` statement: how many, and how long each waited from creation to its first run.</summary>
public sealed class CreationSite(Frame? site)
{
    /// <summary>The creator's innermost frame at the `go` statement; null for goroutines that existed before the trace.</summary>
    public Frame? Site { get; } = site;
    public long Created { get; internal set; }
    public LatencyHistogram CreateToRun { get; } = new();
}

/// <summary>A goroutine profile record: a stack, how many intervals started there, and their total duration.</summary>
public sealed record ProfileRecord(int Stack)
{
    public long Count { get; internal set; }
    public long Nanoseconds { get; internal set; }
}

/// <summary>Every goroutine's life in one trace, plus what reports aggregate over them.</summary>
public sealed class Timeline
{
    public required int Version { get; init; }
    public required TraceStacks Stacks { get; init; }
    public required long Start { get; init; }
    public required long End { get; init; }
    public required long Events { get; init; }

    /// <summary>Wall-clock time of the trace's first clock snapshot (Go 1.25+).</summary>
    public DateTimeOffset? Wall { get; init; }

    /// <summary>Goroutines alive when the trace ended.</summary>
    public required IReadOnlyList<GoroutineLife> Alive { get; init; }

    /// <summary>Goroutines that ended during the trace: all with <see cref="TimelineOptions.KeepEnded"/>, else the followed ones.</summary>
    public required IReadOnlyList<GoroutineLife> EndedLives { get; init; }

    public required IReadOnlyDictionary<long, Ancestry> Ancestry { get; init; }
    public required IReadOnlyList<GoroutineGroup> Groups { get; init; }
    public required IReadOnlyList<CreationSite> CreationSites { get; init; }
    public required LatencyHistogram CreateToRun { get; init; }
    public required LatencyHistogram SchedulerLatency { get; init; }
    public required long GoroutinesSeen { get; init; }
    public required long GoroutinesCreated { get; init; }
    public required long GoroutinesEnded { get; init; }
    public IReadOnlyList<ProfileRecord> Profile { get; init; } = [];

    public long Duration => End - Start;

    public static Timeline Read(TraceReader reader, TimelineOptions? options = null) => new TimelineBuilder(reader, options ?? new()).Build();
}
