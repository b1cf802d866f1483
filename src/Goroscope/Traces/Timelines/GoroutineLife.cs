namespace Goroscope.Traces.Timelines;

/// <summary>
/// One goroutine's life in a trace: who created it where and when, when it first ran, how its time was spent, and
/// how it ended — or, for a goroutine alive when the trace stopped, its last state, since when and where.
/// Stack ids index the reader's <see cref="TraceStacks"/>.
/// </summary>
public sealed class GoroutineLife(long id)
{
    public long Id { get; } = id;

    /// <summary>The goroutine that ran the `go` statement; -1 when it existed before the trace or was created off any goroutine.</summary>
    public long CreatorId { get; internal set; } = -1;

    /// <summary>The creator's stack at the `go` statement: its innermost frame is the creation site.</summary>
    public int CreationStack { get; internal set; }

    /// <summary>The goroutine's entry function, as the creation event names it.</summary>
    public int StartStack { get; internal set; }

    /// <summary>When it was created; for one that existed before, the trace's start.</summary>
    public long CreatedAt { get; internal set; }

    /// <summary>Alive when the trace started: its creation and everything before the start are unknown.</summary>
    public bool ExistedAtStart { get; internal set; }

    public long FirstRunAt { get; internal set; } = -1;

    public long EndedAt { get; internal set; } = -1;

    public bool Ended => EndedAt >= 0;

    public GoState State { get; internal set; }

    /// <summary>The reason of the last block or stop (`chan send`, `preempted`), kept while the goroutine is in that state.</summary>
    public string Reason { get; internal set; } = "";

    /// <summary>Where it blocked, entered the syscall, or stood when the trace started.</summary>
    public int StateStack { get; internal set; }

    public long StateSince { get; internal set; }

    /// <summary>The entry function: the outermost frame of the first stack the trace shows for it.</summary>
    public string Name { get; internal set; } = "";

    public TimeSplit Time;

    public int Blocks { get; internal set; }

    public int Syscalls { get; internal set; }

    /// <summary>Every state change with its time, reason and stack, for goroutines the timeline was asked to follow.</summary>
    public List<StateChange>? History { get; internal set; }

    /// <summary>How long it had been in its last state when the trace ended at <paramref name="end"/>.</summary>
    public long InStateFor(long end) => end - StateSince;
}

/// <summary>One state change of a goroutine: when, from and to what, why (blocks and stops), and where (0: no stack).</summary>
public readonly record struct StateChange(long Time, GoState From, GoState To, string Reason, int Stack);
