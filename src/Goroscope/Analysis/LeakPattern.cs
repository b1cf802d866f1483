namespace Goroscope.Analysis;

/// <summary>
/// A named way goroutines get stuck, from the catalog in docs/patterns.md (ids are stable: added, never renamed).
/// </summary>
/// <param name="Id">The stable id: `chan-send`, `mutex`, ...</param>
/// <param name="Why">One line: why goroutines end up here.</param>
/// <param name="Fix">One line: what usually fixes it.</param>
/// <param name="Weight">How strongly the pattern alone suggests a leak, 0–25 points of the score.</param>
/// <param name="IsStuck">False for states that are not waits at all (running goroutines, runtime internals).</param>
public sealed record LeakPattern(string Id, string Why, string Fix, double Weight, bool IsStuck = true);

/// <summary>The catalog: the run-time patterns of LEAK-PATTERNS.md plus four ids for what is not a leak pattern.</summary>
public static class LeakPatterns
{
    public static readonly LeakPattern ChanSend = new("chan-send",
        "blocked sending on a channel that no goroutine receives from any more (receiver returned early, timed out or died)",
        "give a single-result channel a buffer of 1, or send in a select with <-ctx.Done(); make sure every sender has a receiver", 12);

    public static readonly LeakPattern ChanReceive = new("chan-receive",
        "blocked receiving from a channel nobody sends to or closes (a `for range ch` over a channel never closed)",
        "close the channel on the sending side when done, or receive in a select with <-ctx.Done()", 10);

    public static readonly LeakPattern NilChan = new("nil-chan",
        "blocked forever on a nil channel: an uninitialised channel is always a bug",
        "make the channel before use; select on a nil channel only deliberately", 25);

    public static readonly LeakPattern SelectForever = new("select-forever",
        "`select {}` blocks forever; outside main it pins the goroutine for the life of the process",
        "return instead, or wait on a context's Done channel", 16);

    public static readonly LeakPattern Select = new("select",
        "a select whose cases can all go silent, with no ctx.Done() or exit case",
        "add a cancellation case (<-ctx.Done()) or a quit channel that is closed on shutdown", 8);

    public static readonly LeakPattern Mutex = new("mutex",
        "waiting for a lock nobody releases: an Unlock missed on an error path, lock-order inversion (AB-BA) or a double lock",
        "`defer mu.Unlock()` right after Lock; take locks in one global order", 10);

    public static readonly LeakPattern WaitGroup = new("waitgroup",
        "WaitGroup.Wait that never reaches zero: Add/Done mismatch, Add inside the goroutine, Done skipped on a return path",
        "call Add before `go`; `defer wg.Done()` as the goroutine's first statement", 10);

    public static readonly LeakPattern Cond = new("cond",
        "Cond.Wait with no Signal or Broadcast coming",
        "Broadcast on shutdown and re-check the condition in a loop", 10);

    public static readonly LeakPattern Sleep = new("sleep",
        "sleeping in a polling loop that has no exit",
        "use a time.Ticker with a select on ctx.Done(), and stop the ticker", 4);

    public static readonly LeakPattern IoWait = new("io-wait",
        "waiting on network I/O with no deadline: reads without SetReadDeadline, response bodies never closed, clients without Timeout",
        "set deadlines, http.Client{Timeout: …}, and `defer resp.Body.Close()`", 4);

    public static readonly LeakPattern Syscall = new("syscall",
        "blocked in a system call or cgo call",
        "put a timeout around the call, or make the file descriptor non-blocking", 2);

    public static readonly LeakPattern RuntimeLeaked = new("runtime-leaked",
        "the runtime proved the object this goroutine waits on unreachable: it can never wake up",
        "as for the wait reason: release the goroutine before dropping the last reference", 20);

    public static readonly LeakPattern ChanOrSelect = new("chan-or-select",
        "blocked on a channel or in a select; the debug=1 format hides the runtime frames that tell which",
        "record a debug=2 or debug=0 profile for the exact pattern; the fixes of chan-send, chan-receive and select apply", 8);

    public static readonly LeakPattern Running = new("running",
        "running or runnable: not blocked (a busy loop only leaks if it never returns)",
        "if the count grows, look for loops without an exit condition", 0, IsStuck: false);

    public static readonly LeakPattern RuntimeInternal = new("runtime-internal",
        "a runtime-internal state (GC worker, idle, finalizer, stopping the world)",
        "nothing to fix in user code", 0, IsStuck: false);

    public static readonly LeakPattern Unknown = new("unknown",
        "the dump does not say what this goroutine waits on",
        "record a debug=2 dump for the wait reason", 2);

    public static IReadOnlyList<LeakPattern> All { get; } =
    [
        ChanSend, ChanReceive, NilChan, SelectForever, Select, Mutex, WaitGroup, Cond, Sleep, IoWait, Syscall,
        RuntimeLeaked, ChanOrSelect, Running, RuntimeInternal, Unknown,
    ];
}
