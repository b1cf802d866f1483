namespace Goroscope.Traces.V1;

/// <summary>
/// Events of a Go 1.11–1.21 trace as Go's reader gives them since Go 1.22 (internal/trace/tracev1.go): each old
/// event becomes the new format's event with the same meaning, the trace is one generation between two syncs,
/// and times strictly increase. The whole trace is parsed when the reader opens (<see cref="V1Parser"/>).
/// </summary>
internal sealed class TraceV1Reader : ITraceEventSource
{
    private readonly V1Parser _parser;
    private readonly EventList _events;
    private readonly TraceStacks _stacks;
    private readonly int _version;
    private readonly Dictionary<uint, int> _resolvedStacks = [];
    private readonly Queue<TraceEvent> _extra = new();

    // Goroutines the trace's start names as created, not yet seen running, waiting or in a syscall: runnable ones.
    private SortedSet<long>? _createdBeforeStart = [];
    private readonly HashSet<int> _seenProcs = [];
    private readonly Dictionary<int, long> _procThreads = [];
    private string _lastStwReason = "";
    private int _next;
    private long _lastTime = -1;
    private int _syncs;
    private bool _done;

    public TraceV1Reader(TraceInput input, int version, TraceStacks stacks)
    {
        var (data, length) = input.ReadToEnd();
        _parser = new V1Parser(data, length, version);
        _events = _parser.Parse();
        Consistency.Check(_parser, _events);
        MarkBlockingSyscalls();
        _stacks = stacks;
        _version = version;
    }

    /// <summary>Always null: the old format has no clock snapshot (main's ITraceEventSource asks every reader for one).</summary>
    public DateTimeOffset? Wall => null;

    public bool TryRead(out TraceEvent e)
    {
        if (_syncs == 0 && _events.Count > 0)
        {
            _syncs++;
            e = new TraceEvent(TraceEventKind.Sync, _events[0].Time - 1, -1, -1, -1) { Value = 1 };
            return true;
        }
        while (!_extra.TryDequeue(out e))
        {
            if (_next == _events.Count)
                return End(out e);
            if (Convert(_events[_next++], out e))
                break;
        }
        // No two events share a time in the new format; Go's conversion moves later ones up by a nanosecond.
        if (e.Time <= _lastTime)
            e = e with { Time = _lastTime + 1 };
        _lastTime = e.Time;
        return true;
    }

    /// <summary>A sync after the last event, as the new format ends every generation; then nothing.</summary>
    private bool End(out TraceEvent e)
    {
        if (_done)
        {
            e = default;
            return false;
        }
        _done = true;
        e = new TraceEvent(TraceEventKind.Sync, _lastTime + 1, -1, -1, -1) { Value = (ulong)++_syncs };
        return true;
    }

    /// <summary>
    /// A GoSysCall is a syscall that blocked when the goroutine's next event is GoSysBlock; otherwise Go makes it
    /// a one-nanosecond syscall. Go looks ahead for each; one backward pass gives the same answers.
    /// </summary>
    private void MarkBlockingSyscalls()
    {
        var nextType = new Dictionary<int, EventType>();
        for (var i = _events.Count - 1; i >= 0; i--)
        {
            ref var e = ref _events[i];
            if (e.Type == EventType.GoSysCall)
                e.SyscallBlocks = nextType.GetValueOrDefault(e.G) == EventType.GoSysBlock;
            nextType[e.G] = e.Type;
        }
    }

    /// <summary>The new-format event of <paramref name="ev"/>; false when it has none of its own (its effects may be queued).</summary>
    private bool Convert(in Event ev, out TraceEvent e)
    {
        var d = _parser.Decode(ev);
        var args = d.Args;
        // The proc's thread as of this event: a ProcStart names it, a ProcStop is still on it.
        if (ev.Type == EventType.ProcStart)
            _procThreads[ev.P] = (long)args[0];
        var m = ev.P != -1 && _procThreads.TryGetValue(ev.P, out var thread) ? thread : -1;
        if (ev.Type == EventType.ProcStop)
            _procThreads.Remove(ev.P);
        var goroutine = _parser.GoroutineOf(ev);
        var g = goroutine == 0 ? -1 : goroutine;
        var stack = ResolveStack(d.Stack);
        var at = new TraceEvent(TraceEventKind.GoroutineTransition, ev.Time, g, ev.P, m) { Stack = stack };
        // Events Go builds by hand: the goroutine as written (0 stays 0) and the proc's thread, 0 if it has none.
        var handmade = new TraceEvent(TraceEventKind.GoroutineTransition, ev.Time, goroutine, ev.P, _procThreads.GetValueOrDefault(ev.P));

        switch (ev.Type)
        {
            case EventType.Gomaxprocs when _createdBeforeStart is not null:
                // The first Gomaxprocs ends the trace's start: goroutines created but not seen since are runnable.
                foreach (var created in _createdBeforeStart)
                    _extra.Enqueue(new TraceEvent(TraceEventKind.GoroutineTransition, ev.Time, -1, -1, -1) { Resource = created, GoFrom = GoState.Undetermined, GoTo = GoState.Runnable });
                _createdBeforeStart = null;
                e = default;
                return false;
            case EventType.Gomaxprocs:
                e = at with { Kind = TraceEventKind.Metric, Reason = "/sched/gomaxprocs:threads", Value = args[0] };
                return true;
            case EventType.ProcStart:
                e = Proc(at, ev.P, ProcState.Idle, ProcState.Running);
                return true;
            case EventType.ProcStop:
                e = Proc(at, ev.P, ProcState.Running, ProcState.Idle);
                return true;
            case EventType.GCStart or EventType.GCDone:
                e = Range(at, ev.Type == EventType.GCStart, "GC concurrent mark phase", -1);
                return true;
            case EventType.STWStart:
                _lastStwReason = $"stop-the-world ({StwReason(args[0])})";
                e = Range(at, true, _lastStwReason, g);
                return true;
            case EventType.STWDone:
                e = Range(at, false, _lastStwReason, g);
                return true;
            case EventType.GCSweepStart or EventType.GCSweepDone:
                e = Range(at, ev.Type == EventType.GCSweepStart, "GC incremental sweep", -1);
                return true;
            case EventType.GCMarkAssistStart or EventType.GCMarkAssistDone:
                e = Range(at, ev.Type == EventType.GCMarkAssistStart, "GC mark assist", g);
                return true;
            case EventType.GoCreate when _createdBeforeStart is not null:
                _createdBeforeStart.Add((long)args[0]);
                e = default;
                return false;
            case EventType.GoCreate:
                e = Go(at, (long)args[0], GoState.NotExist, GoState.Runnable) with { TransitionStack = ResolveStack((uint)args[1]) };
                return true;
            case EventType.GoStart when _createdBeforeStart is not null:
                _createdBeforeStart.Remove((long)args[0]);
                e = Go(at, (long)args[0], GoState.Undetermined, GoState.Running);
                return true;
            case EventType.GoStart:
                e = Go(at, (long)args[0], GoState.Runnable, GoState.Running);
                return true;
            case EventType.GoStartLabel:
                _extra.Enqueue(handmade with { Kind = TraceEventKind.Label, Reason = String(args[2]) });
                e = Go(handmade, (long)args[0], GoState.Runnable, GoState.Running);
                return true;
            case EventType.GoEnd:
                e = Go(at, g, GoState.Running, GoState.NotExist);
                return true;
            case EventType.GoSched or EventType.GoPreempt:
                e = Go(at, g, GoState.Running, GoState.Runnable) with { Reason = ev.Type == EventType.GoSched ? "runtime.Gosched" : "preempted" };
                return true;
            case EventType.GoStop or EventType.GoSleep or EventType.GoBlock or EventType.GoBlockSend or EventType.GoBlockRecv or EventType.GoBlockSelect
                or EventType.GoBlockSync or EventType.GoBlockCond or EventType.GoBlockNet or EventType.GoBlockGC:
                e = Go(at, g, GoState.Running, GoState.Waiting) with { Reason = BlockReason(ev.Type) };
                return true;
            case EventType.GoUnblock:
                e = Go(at, (long)args[0], GoState.Waiting, GoState.Runnable);
                return true;
            case EventType.GoSysCall when ev.SyscallBlocks:
                e = Go(at, g, GoState.Running, GoState.Syscall);
                return true;
            case EventType.GoSysCall:
                // A syscall that did not block: Go gives it the shortest duration there is.
                e = Go(handmade with { Stack = stack }, goroutine, GoState.Running, GoState.Syscall);
                _extra.Enqueue(Go(handmade with { Time = ev.Time + 1 }, goroutine, GoState.Syscall, GoState.Running));
                return true;
            case EventType.GoSysExit:
                e = Go(at, g, GoState.Syscall, GoState.Runnable);
                return true;
            case EventType.GoSysBlock:
                e = default;
                return false;
            case EventType.GoWaiting or EventType.GoInSyscall:
                _createdBeforeStart?.Remove((long)args[0]);
                e = Go(at, (long)args[0], GoState.Undetermined, ev.Type == EventType.GoWaiting ? GoState.Waiting : GoState.Syscall);
                return true;
            case EventType.HeapAlloc or EventType.HeapGoal:
                e = at with { Kind = TraceEventKind.Metric, Reason = ev.Type == EventType.HeapAlloc ? "/memory/classes/heap/objects:bytes" : "/gc/heap/goal:bytes", Value = args[0] };
                return true;
            case EventType.UserTaskCreate:
                e = at with { Kind = TraceEventKind.TaskBegin, Value = args[0], Reason = String(args[2]) };
                return true;
            case EventType.UserTaskEnd:
                e = at with { Kind = TraceEventKind.TaskEnd, Value = args[0] };
                return true;
            case EventType.UserRegion:
                e = at with { Kind = args[1] == 0 ? TraceEventKind.RegionBegin : TraceEventKind.RegionEnd, Value = args[0], Reason = String(args[2]) };
                return true;
            case EventType.UserLog:
                e = at with { Kind = TraceEventKind.Log, Value = args[0], Reason = String(args[1]) };
                return true;
            case EventType.CPUSample:
                e = at with { Kind = TraceEventKind.StackSample, M = -1 };
                return true;
            default:
                throw _parser.Broken(ev, $"unexpected event type {EventSpec.Of(ev.Type).Name}");
        }
    }

    private static TraceEvent Go(in TraceEvent at, long goroutine, GoState from, GoState to) =>
        at with { Kind = TraceEventKind.GoroutineTransition, Resource = goroutine, GoFrom = from, GoTo = to };

    /// <summary>A proc's first start or stop in the trace is its status: the state it had before is unknown.</summary>
    private TraceEvent Proc(in TraceEvent at, int proc, ProcState from, ProcState to) =>
        at with { Kind = TraceEventKind.ProcTransition, Resource = proc, ProcFrom = _seenProcs.Add(proc) ? ProcState.Undetermined : from, ProcTo = to };

    private static TraceEvent Range(in TraceEvent at, bool begin, string name, long resource) =>
        at with { Kind = begin ? TraceEventKind.RangeBegin : TraceEventKind.RangeEnd, Reason = name, Resource = resource };

    private static string BlockReason(EventType type) => type switch
    {
        EventType.GoStop => "forever",
        EventType.GoSleep => "sleep",
        EventType.GoBlockSend => "chan send",
        EventType.GoBlockRecv => "chan receive",
        EventType.GoBlockSelect => "select",
        EventType.GoBlockSync => "sync",
        EventType.GoBlockCond => "sync.(*Cond).Wait",
        EventType.GoBlockNet => "network",
        EventType.GoBlockGC => "GC mark assist wait for work",
        _ => "",
    };

    // Go 1.21's stop-the-world kinds; before 1.21 the trace knew two.
    private static readonly string[] StwReasons =
    [
        "", "GC mark termination", "GC sweep termination", "write heap dump", "goroutine profile", "goroutine profile cleanup",
        "all goroutine stack trace", "read mem stats", "AllThreadsSyscall", "GOMAXPROCS", "start trace", "stop trace",
        "CountPagesInUse (test)", "ReadMetricsSlow (test)", "ReadMemStatsSlow (test)", "PageCachePagesLeaked (test)", "ResetDebugLog (test)",
    ];

    private string StwReason(ulong kind) => _version < 21
        ? kind < 2 ? StwReasons[kind + 1] : ""
        : kind < (ulong)StwReasons.Length ? StwReasons[kind] : "";

    private string String(ulong id) => _parser.Strings.TryGetValue(id, out var text) ? _stacks.Intern(text) : "";

    /// <summary>The trace-wide id of a stack; 0 for none, and for an id the trace does not define (as Go's parser).</summary>
    private int ResolveStack(uint id)
    {
        if (id == 0)
            return 0;
        if (_resolvedStacks.TryGetValue(id, out var resolved))
            return resolved;
        resolved = _parser.Stacks.TryGetValue(id, out var pcs)
            ? _stacks.Intern(pcs, pc =>
            {
                var (function, file, line) = _parser.Frames[pc];
                return _stacks.FrameFor(pc, String(function), String(file), line);
            })
            : 0;
        _resolvedStacks[id] = resolved;
        return resolved;
    }
}
