using Goroscope.Stacks;

namespace Goroscope.Analysis.Evidence;

/// <summary>What a goroutine's state says about who can end its wait.</summary>
internal static class Waits
{
    /// <summary>
    /// Waits that only another goroutine can end: a channel operation, a select, a lock, a WaitGroup or a Cond.
    /// Sleeping, network and system calls end by themselves or from outside the process, so they are not here.
    /// </summary>
    public static bool EndsOnlyByAnotherGoroutine(WaitState state) =>
        state.Class == StateClass.Waiting && state.Reason is "chan send" or "chan receive" or "chan send (nil chan)"
            or "chan receive (nil chan)" or "select" or "select (no cases)" or "semacquire" || IsSyncWait(state);

    /// <summary>A wait on a sync primitive: Mutex, RWMutex, WaitGroup or Cond (`semacquire` before Go 1.20).</summary>
    public static bool IsSyncWait(WaitState state) =>
        state.Class == StateClass.Waiting && state.Reason is "sync.Mutex.Lock" or "sync.RWMutex.Lock" or "sync.RWMutex.RLock"
            or "sync.WaitGroup.Wait" or "sync.Cond.Wait" or "semacquire";

    /// <summary>The goroutine writing the dump: running, inside runtime.Stack or runtime/pprof, or the testing package's timeout alarm.</summary>
    public static bool IsDumpWriter(Goroutine g) =>
        g.State.Class == StateClass.Running && g.Stack.Frames.Any(f => f.Function is "runtime.Stack" or "runtime/debug.Stack"
            or "runtime/pprof.writeGoroutineStacks" or "runtime/pprof.writeRuntimeProfile" or "runtime/pprof.(*Profile).WriteTo")
        || IsTestTimeoutAlarm(g);

    /// <summary>`go test -timeout` firing: the alarm panics and the process ends, so it wakes nobody.</summary>
    public static bool IsTestTimeoutAlarm(Goroutine g) =>
        g.State.Class == StateClass.Running && g.Stack.Frames.Any(f => f.Function == "testing.(*M).startAlarm.func1");

    /// <summary>A runtime goroutine idling (GC workers, the finalizer and sweeper waits): no user code, not asleep on a timer or the network.</summary>
    public static bool IsRuntimeIdle(Goroutine g) =>
        (g.State.Class == StateClass.Other || g.State.Class == StateClass.Waiting && g.State.Reason is not ("sleep" or "IO wait"))
        && g.Stack.Frames.Count > 0 && g.Stack.Frames.All(f => GoNames.IsRuntime(f.Package));

    /// <summary>The functions whose receiver is the primitive a goroutine waits on.</summary>
    public static bool IsPrimitiveFrame(string function) => function is "sync.(*Mutex).Lock" or "sync.(*Mutex).lockSlow"
        or "internal/sync.(*Mutex).Lock" or "internal/sync.(*Mutex).lockSlow" or "sync.(*RWMutex).Lock" or "sync.(*RWMutex).RLock"
        or "sync.(*WaitGroup).Wait" or "sync.(*Cond).Wait" or "sync.runtime_notifyListWait"
        or "runtime.chansend1" or "runtime.chanrecv1" or "runtime.chanrecv2";
}
