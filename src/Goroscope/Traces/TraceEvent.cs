namespace Goroscope.Traces;

/// <summary>What an event is about; the names follow Go's internal/trace EventKind.</summary>
public enum TraceEventKind : byte
{
    /// <summary>A point where the trace is consistent: the start of each generation and the end of the trace.</summary>
    Sync,
    GoroutineTransition,
    ProcTransition,
    RangeBegin,
    RangeActive,
    RangeEnd,
    Metric,
    Label,
    TaskBegin,
    TaskEnd,
    RegionBegin,
    RegionEnd,
    Log,
    StackSample,
    Experimental,
}

/// <summary>A goroutine's state as the trace models it.</summary>
public enum GoState : byte
{
    /// <summary>The trace started while the goroutine already existed; its earlier state is unknown.</summary>
    Undetermined,
    NotExist,
    Runnable,
    Running,
    Waiting,
    Syscall,
}

public enum ProcState : byte
{
    Undetermined,
    NotExist,
    Running,
    Idle,
}

/// <summary>
/// One event of an execution trace, in the order Go's own reader would give it, whatever the trace's format.
/// Goroutine, proc and thread ids are -1 where there is none. Stack ids index <see cref="TraceStacks"/>; 0 is no stack.
/// </summary>
public readonly record struct TraceEvent(TraceEventKind Kind, long Time, long G, long P, long M)
{
    /// <summary>The goroutine (or, for a proc transition, the proc) the transition is about; the goroutine of a range.</summary>
    public long Resource { get; init; } = -1;

    public GoState GoFrom { get; init; }
    public GoState GoTo { get; init; }
    public ProcState ProcFrom { get; init; }
    public ProcState ProcTo { get; init; }

    /// <summary>The wait reason of a block or stop, the range's name, the label, the metric's name, or the task/region name.</summary>
    public string Reason
    {
        get => TraceStrings.Get(ReasonId);
        init => ReasonId = TraceStrings.Id(value);
    }

    /// <summary>The <see cref="TraceStrings"/> id of <see cref="Reason"/>.</summary>
    public int ReasonId { get; init; }

    /// <summary>The stack where the event happened: for a block, where the goroutine blocked; for a creation, the creator's.</summary>
    public int Stack { get; init; }

    /// <summary>A created goroutine's start stack (its entry function); a goroutine status's current stack.</summary>
    public int TransitionStack { get; init; }

    /// <summary>The metric's value, or the task id of task, region and log events.</summary>
    public ulong Value { get; init; }
}
