namespace Goroscope.Stacks;

/// <summary>What a goroutine was doing when the dump was taken, coarsely.</summary>
public enum StateClass
{
    /// <summary>Parked on a wait reason (`chan receive`, `select`, `sync.Mutex.Lock`...).</summary>
    Waiting,
    Running,
    Runnable,
    Syscall,
    /// <summary>Runtime bookkeeping states: idle, dead, copystack, preempted.</summary>
    Other,
    /// <summary>The format does not say (debug=1 and pprof) and the frames did not tell.</summary>
    Unknown,
}

/// <summary>The state printed in a traceback header, or inferred from frames where the format prints none.</summary>
/// <param name="Reason">The status as the runtime prints it, without suffixes: `chan receive (nil chan)`, `running`.</param>
/// <param name="Inferred">True when the reason was deduced from the frames rather than printed.</param>
public sealed record WaitState(string Reason, StateClass Class, bool Inferred = false)
{
    public static WaitState Unknown { get; } = new("unknown", StateClass.Unknown, Inferred: true);

    /// <summary>Classifies a status string as the runtime prints it in a traceback header.</summary>
    public static WaitState FromPrinted(string reason) => new(reason, ClassOf(reason));

    private static StateClass ClassOf(string reason) => reason switch
    {
        "running" => StateClass.Running,
        "runnable" => StateClass.Runnable,
        "syscall" => StateClass.Syscall,
        "idle" or "dead" or "copystack" or "preempted" or "moribund" or "enqueue" => StateClass.Other,
        _ => StateClass.Waiting,
    };
}
