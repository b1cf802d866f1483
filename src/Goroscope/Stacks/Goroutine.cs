namespace Goroscope.Stacks;

/// <summary>
/// One goroutine of a traceback, or, for aggregated formats (debug=1, pprof), one record that stands for
/// <see cref="Count"/> goroutines sharing a stack and labels.
/// </summary>
public sealed record Goroutine
{
    /// <summary>The id from `goroutine 42 [...]`; 0 in aggregated formats, which print none.</summary>
    public long Id { get; init; }

    /// <summary>The creator's id from `created by f in goroutine 17` (Go 1.21+); 0 when not printed.</summary>
    public long ParentId { get; init; }

    public required WaitState State { get; init; }

    /// <summary>From `, 5 minutes` in the header; 0 when absent (the runtime prints it only from one minute on).</summary>
    public int WaitMinutes { get; init; }

    /// <summary>`, locked to thread`: runtime.LockOSThread was called.</summary>
    public bool LockedToThread { get; init; }

    /// <summary>` (leaked)`: the Go 1.26+ goroutineleak profile proved the awaited object unreachable.</summary>
    public bool Leaked { get; init; }

    /// <summary>` (durable)`: durably blocked inside a testing/synctest bubble.</summary>
    public bool Durable { get; init; }

    /// <summary>The synctest bubble id from `, synctest bubble N`; 0 outside a bubble.</summary>
    public long SyncTestBubble { get; init; }

    public required Stack Stack { get; init; }

    /// <summary>
    /// The argument words each frame printed, aligned with <see cref="Stack"/>'s frames: `0xc000012345, 0x1` for
    /// `sync.(*WaitGroup).Wait(0xc000012345, 0x1)`; "" for inlined calls `(...)` and for words all printed with
    /// `?` (stale register values). Empty when no frame printed a certain word, and in formats that print none
    /// (debug=1, pprof). <see cref="ArgumentWords"/> reads the addresses out of them.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The `created by` frame: the `go` statement that started this goroutine; null for goroutine 1 and in aggregated formats.</summary>
    public Frame? CreatedBy { get; init; }

    /// <summary>pprof labels (`# labels:` in debug=1, sample labels in pprof, `{k: v}` in Go 1.27 tracebacks).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>How many goroutines this record stands for: 1 in tracebacks, the sample count in aggregated formats.</summary>
    public long Count { get; init; } = 1;

    /// <summary>`goroutine running on other thread; stack unavailable`, or a cgo `non-Go function` with no Go frames.</summary>
    public bool StackUnavailable { get; init; }

    /// <summary>Ids from `[originating from goroutine N]:` blocks (GODEBUG=tracebackancestors), nearest first.</summary>
    public IReadOnlyList<long> AncestorIds { get; init; } = [];
}
