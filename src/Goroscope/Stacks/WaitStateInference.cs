namespace Goroscope.Stacks;

/// <summary>
/// Deduces why a goroutine waits from its frames, for formats that print no state (debug=1, pprof) and for
/// states too coarse to act on (`semacquire` before Go 1.20 covers mutexes and WaitGroups alike).
/// </summary>
public static class WaitStateInference
{
    /// <summary>The wait state its innermost telling frame implies, or null when no frame tells.</summary>
    public static WaitState? FromFrames(IReadOnlyList<Frame> frames)
    {
        foreach (var frame in frames)
        {
            var reason = ReasonOf(frame.Function);
            if (reason is null)
                continue;
            return reason switch
            {
                "running" => new WaitState("running", StateClass.Running, Inferred: true),
                "runnable" => new WaitState("runnable", StateClass.Runnable, Inferred: true),
                "syscall" => new WaitState("syscall", StateClass.Syscall, Inferred: true),
                _ => new WaitState(reason, StateClass.Waiting, Inferred: true),
            };
        }
        return null;
    }

    private static string? ReasonOf(string function) => function switch
    {
        "runtime.chansend" or "runtime.chansend1" => "chan send",
        "runtime.chanrecv" or "runtime.chanrecv1" or "runtime.chanrecv2" => "chan receive",
        "runtime.selectgo" => "select",
        "runtime.block" => "select (no cases)",
        "time.Sleep" or "runtime.timeSleep" => "sleep",
        "internal/poll.runtime_pollWait" or "runtime.netpollblock" => "IO wait",
        "sync.(*Mutex).Lock" or "sync.(*Mutex).lockSlow" or "internal/sync.(*Mutex).Lock" or "internal/sync.(*Mutex).lockSlow" => "sync.Mutex.Lock",
        "sync.(*RWMutex).RLock" => "sync.RWMutex.RLock",
        "sync.(*RWMutex).Lock" => "sync.RWMutex.Lock",
        "sync.(*WaitGroup).Wait" => "sync.WaitGroup.Wait",
        "sync.(*Cond).Wait" or "sync.runtime_notifyListWait" => "sync.Cond.Wait",
        "runtime.cgocall" or "runtime.asmcgocall" or "syscall.Syscall" or "syscall.Syscall6" or "syscall.RawSyscall"
            or "syscall.RawSyscall6" or "syscall.syscall" or "syscall.syscall6" or "internal/runtime/syscall.Syscall6"
            or "runtime/internal/syscall.Syscall6" or "os/signal.signal_recv" => "syscall",
        "runtime.asyncPreempt" or "runtime.asyncPreempt2" => "runnable", // stopped by the profiler's stop-the-world, not waiting
        "runtime.Stack" or "runtime/pprof.writeGoroutineStacks" or "runtime/pprof.writeRuntimeProfile"
            or "runtime/pprof.runtime_goroutineProfileWithLabels" or "runtime/pprof.runtime_goroutineLeakProfileWithLabels" => "running",
        _ when IsCgoStub(function) => "syscall",
        _ => null,
    };

    /// <summary>`main._Cfunc_sleep_in_c`: cgo's stub for a call into C, which debug=1 shows without runtime.cgocall above it.</summary>
    private static bool IsCgoStub(string function) =>
        function.AsSpan(function.LastIndexOf('.') + 1).StartsWith("_Cfunc_", StringComparison.Ordinal);
}
