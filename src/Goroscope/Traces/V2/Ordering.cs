namespace Goroscope.Traces.V2;

/// <summary>
/// Replays the scheduler's state — goroutines, procs, threads, GC — to put the events of many threads' batches in
/// an order consistent with the sequence numbers the runtime wrote, and to reject traces whose events cannot
/// happen in any order. A port of the partial-order rules of Go's internal/trace/order.go, which is the
/// specification of the format.
/// </summary>
internal sealed class Ordering(TraceStacks stacks)
{
    private const long None = -1;

    // Wire statuses (tracev2.GoStatus and tracev2.ProcStatus).
    private enum GoStatus : byte { Bad, Runnable, Running, Syscall, Waiting }
    private enum ProcStatus : byte { Bad, Running, Idle, Syscall, SyscallAbandoned }
    private enum GcState : byte { Undetermined, NotRunning, Running }

    private readonly record struct Seq(ulong Generation, ulong Value)
    {
        public bool Succeeds(Seq previous) => Generation == previous.Generation && Value == previous.Value + 1;
    }

    private readonly record struct RangeType(EventType Type, ulong Description);

    private sealed class GoroutineState(GoStatus status, Seq seq)
    {
        public GoStatus Status = status;
        public Seq Seq = seq;
        public readonly List<(ulong Task, string Name)> Regions = [];
        public readonly List<RangeType> Ranges = [];
    }

    private sealed class ProcessorState(ProcStatus status, Seq seq)
    {
        public ProcStatus Status = status;
        public Seq Seq = seq;
        public readonly List<RangeType> Ranges = [];
    }

    /// <summary>What a thread is running; its batch cursor holds it so that no event looks it up.</summary>
    internal sealed class ThreadState
    {
        public long G = None;
        public long P = None;
    }

    /// <summary>The state of thread <paramref name="m"/>, null for events written off any thread.</summary>
    public ThreadState? Thread(long m)
    {
        if (m == None)
            return null;
        if (!_threads.TryGetValue(m, out var thread))
            _threads[m] = thread = new ThreadState();
        return thread;
    }

    private readonly IdTable<GoroutineState> _goroutines = new();
    private readonly Dictionary<long, ProcessorState> _procs = [];
    private readonly Dictionary<long, ThreadState> _threads = [];
    private readonly HashSet<ulong> _activeTasks = [];
    private ulong _gcSeq;
    private GcState _gcState;
    private ulong _initialGeneration;
    private readonly Queue<TraceEvent> _queue = new();

    private Generation _generation = null!;
    private ulong _gen;

    public bool TryDequeue(out TraceEvent e) => _queue.TryDequeue(out e);

    /// <summary>
    /// Tries to take <paramref name="ev"/>, the next event of thread <paramref name="m"/>. False means it cannot
    /// happen yet (another thread's event must come first); a broken trace throws.
    /// </summary>
    public bool Advance(ref RawEvent ev, Generation generation, long m, ThreadState? thread)
    {
        _generation = generation;
        _gen = generation.Number;
        if (_initialGeneration == 0)
            _initialGeneration = _gen;

        var current = thread is null ? new Context(None, None, m) : new Context(thread.G, thread.P, m);
        var (advanced, next) = ev.Type switch
        {
            EventType.ProcsChange => Annotation(ref ev, current),
            EventType.ProcStart => ProcStart(ref ev, current),
            EventType.ProcStop => ProcStop(ref ev, current),
            EventType.ProcSteal => ProcSteal(ref ev, current),
            EventType.ProcStatus => ProcStatusEvent(ref ev, current),
            EventType.GoCreate or EventType.GoCreateBlocked => GoCreate(ref ev, current),
            EventType.GoCreateSyscall => GoCreateSyscall(ref ev, current),
            EventType.GoStart => GoStart(ref ev, current),
            EventType.GoDestroy or EventType.GoStop or EventType.GoBlock => GoStopExec(ref ev, current),
            EventType.GoDestroySyscall => GoDestroySyscall(ref ev, current),
            EventType.GoUnblock => GoUnblock(ref ev, current),
            EventType.GoSyscallBegin => GoSyscallBegin(ref ev, current),
            EventType.GoSyscallEnd => GoSyscallEnd(ref ev, current),
            EventType.GoSyscallEndBlocked => GoSyscallEndBlocked(ref ev, current),
            EventType.GoStatus or EventType.GoStatusStack => GoStatusEvent(ref ev, current),
            EventType.STWBegin or EventType.GCMarkAssistBegin => GoRangeBegin(ref ev, current),
            EventType.STWEnd or EventType.GCMarkAssistEnd => GoRangeEnd(ref ev, current),
            EventType.GCMarkAssistActive => GoRangeActive(ref ev, current),
            EventType.GCActive => GCActive(ref ev, current),
            EventType.GCBegin => GCBegin(ref ev, current),
            EventType.GCEnd => GCEnd(ref ev, current),
            EventType.GCSweepActive => GCSweepActive(ref ev, current),
            EventType.GCSweepBegin => GCSweepBegin(ref ev, current),
            EventType.GCSweepEnd => GCSweepEnd(ref ev, current),
            EventType.HeapAlloc or EventType.HeapGoal => HeapMetric(ref ev, current),
            EventType.GoLabel or EventType.UserLog => Annotation(ref ev, current),
            EventType.UserTaskBegin => UserTaskBegin(ref ev, current),
            EventType.UserTaskEnd => UserTaskEnd(ref ev, current),
            EventType.UserRegionBegin => UserRegionBegin(ref ev, current),
            EventType.UserRegionEnd => UserRegionEnd(ref ev, current),
            EventType.GoSwitch or EventType.GoSwitchDestroy => GoSwitch(ref ev, current),
            >= EventType.Span and <= EventType.GoroutineStackFree => AllocFree(ref ev, current),
            _ => throw Broken($"event type {(byte)ev.Type} cannot appear in an event batch"),
        };
        if (advanced && thread is not null)
        {
            thread.P = next.P;
            thread.G = next.G;
        }
        return advanced;
    }

    private readonly record struct Context(long G, long P, long M);

    private enum Need : byte { MustNotHave, MayHave, MustHave }

    private static void Require(Context ctx, Need m, Need p, Need g)
    {
        if (m == Need.MustHave && ctx.M == None)
            throw Broken("expected a thread but didn't have one");
        if (m == Need.MustNotHave && ctx.M != None)
            throw Broken("expected no thread but had one");
        if (p == Need.MustHave && ctx.P == None)
            throw Broken("expected a proc but didn't have one");
        if (p == Need.MustNotHave && ctx.P != None)
            throw Broken("expected no proc but had one");
        if (g == Need.MustHave && ctx.G == None)
            throw Broken("expected a goroutine but didn't have one");
        if (g == Need.MustNotHave && ctx.G != None)
            throw Broken("expected no goroutine but had one");
    }

    private static void RequireUserGoroutine(Context ctx) => Require(ctx, Need.MustHave, Need.MustHave, Need.MustHave);

    private static TraceFormatException Broken(string message) => new($"broken trace: {message}");

    private Seq MakeSeq(ulong value) => new(_gen, value);

    private static string Name(EventType type) => EventSpec.Of(type)?.Name ?? $"event {(byte)type}";

    private static readonly (bool, Context) NotYet = (false, default);

    // ---- Events as the reader gives them. ----

    private long _lastTime;

    /// <summary>
    /// The time an event is given: Go's reader makes times strictly increasing, and reports and cross-checks rely
    /// on the same times. Events leave the queue in the order they enter it, so stamping here is stamping on output.
    /// </summary>
    public long Stamp(long time)
    {
        _lastTime = time <= _lastTime ? _lastTime + 1 : time;
        return _lastTime;
    }

    private int StackArg(in RawEvent ev)
    {
        var spec = EventSpec.Of(ev.Type)!;
        return spec.StackArgs.Length == 0 ? 0 : _generation.ResolveStack(ev.Args[spec.StackArgs[0] - 1], stacks);
    }

    private string StringArg(ulong id) => _generation.ResolveString(id);

    private int StringIdArg(ulong id) => _generation.ResolveStringId(id);

    private void PushGoroutine(in RawEvent ev, Context ctx, long goroutine, GoState from, GoState to, int reason = 0, int transitionStack = 0) =>
        _queue.Enqueue(new TraceEvent(TraceEventKind.GoroutineTransition, Stamp(ev.Time), ctx.G, ctx.P, ctx.M)
        {
            Resource = goroutine, GoFrom = from, GoTo = to, ReasonId = reason, Stack = StackArg(ev), TransitionStack = transitionStack,
        });

    private void PushProc(in RawEvent ev, Context ctx, long proc, ProcState from, ProcState to) =>
        _queue.Enqueue(new TraceEvent(TraceEventKind.ProcTransition, Stamp(ev.Time), ctx.G, ctx.P, ctx.M) { Resource = proc, ProcFrom = from, ProcTo = to });

    private static ProcState ApiState(ProcStatus status) => status switch
    {
        ProcStatus.Running or ProcStatus.Syscall => ProcState.Running,
        ProcStatus.Idle or ProcStatus.SyscallAbandoned => ProcState.Idle,
        _ => ProcState.Undetermined,
    };

    private static GoState ApiState(GoStatus status) => status switch
    {
        GoStatus.Runnable => GoState.Runnable,
        GoStatus.Running => GoState.Running,
        GoStatus.Syscall => GoState.Syscall,
        GoStatus.Waiting => GoState.Waiting,
        _ => GoState.Undetermined,
    };

    // ---- Procs. ----

    private (bool, Context) ProcStatusEvent(ref RawEvent ev, Context current)
    {
        var pid = (long)ev.Args[0];
        var raw = ev.Args[1];
        if (raw > (ulong)ProcStatus.SyscallAbandoned)
            throw Broken($"invalid status for proc {pid}: {raw}");
        var status = (ProcStatus)raw;
        var newStatus = status;
        ProcState from;
        if (_procs.TryGetValue(pid, out var state))
        {
            from = ApiState(status);
            if (status == ProcStatus.SyscallAbandoned && state.Status == ProcStatus.Syscall)
            {
                // Abandoned is a special case of Syscall: nothing is lost while the proc is still in Syscall.
                from = ProcState.Running;
                newStatus = ProcStatus.Syscall;
            }
            else if (status == ProcStatus.SyscallAbandoned && state.Status == ProcStatus.SyscallAbandoned)
            {
                from = ProcState.Idle;
            }
            else if (state.Status != status)
            {
                throw Broken($"inconsistent status for proc {pid}: old {state.Status} vs. new {status}");
            }
            state.Seq = MakeSeq(0);
        }
        else
        {
            _procs[pid] = new ProcessorState(status, MakeSeq(0));
            from = _gen == _initialGeneration ? ProcState.Undetermined : ProcState.NotExist;
        }
        var next = current;
        if (status is ProcStatus.Running or ProcStatus.Syscall)
            next = next with { P = pid };
        if (status == ProcStatus.SyscallAbandoned && from == ProcState.Running)
        {
            // The status is emitted by another thread than the one the proc is bound to: report it on that one.
            var found = false;
            foreach (var (mid, thread) in _threads)
                if (thread.P == pid)
                {
                    current = new Context(thread.G, pid, mid);
                    found = true;
                }
            if (!found)
                throw Broken($"failed to find sched context for proc {pid} that's about to be stolen");
        }
        PushProc(ev, current, pid, from, ApiState(newStatus));
        return (true, next);
    }

    private (bool, Context) ProcStart(ref RawEvent ev, Context current)
    {
        var pid = (long)ev.Args[0];
        var seq = MakeSeq(ev.Args[1]);
        if (!_procs.TryGetValue(pid, out var state) || state.Status != ProcStatus.Idle || !seq.Succeeds(state.Seq) || current.P != None)
            return NotYet;
        Require(current, Need.MustHave, Need.MustNotHave, Need.MayHave);
        state.Status = ProcStatus.Running;
        state.Seq = seq;
        PushProc(ev, current, pid, ProcState.Idle, ProcState.Running);
        return (true, current with { P = pid });
    }

    private (bool, Context) ProcStop(ref RawEvent ev, Context current)
    {
        if (!_procs.TryGetValue(current.P, out var state))
            throw Broken($"event {Name(ev.Type)} for proc ({current.P}) that doesn't exist");
        if (state.Status is not (ProcStatus.Running or ProcStatus.Syscall))
            throw Broken($"{Name(ev.Type)} event for proc that's not Running or Syscall");
        Require(current, Need.MustHave, Need.MustHave, Need.MayHave);
        state.Status = ProcStatus.Idle;
        PushProc(ev, current, current.P, ProcState.Running, ProcState.Idle);
        return (true, current with { P = None });
    }

    private (bool, Context) ProcSteal(ref RawEvent ev, Context current)
    {
        var pid = (long)ev.Args[0];
        var seq = MakeSeq(ev.Args[1]);
        if (!_procs.TryGetValue(pid, out var state) || state.Status is not (ProcStatus.Syscall or ProcStatus.SyscallAbandoned) || !seq.Succeeds(state.Seq))
            return NotYet;
        Require(current, Need.MustHave, Need.MayHave, Need.MayHave);
        var oldStatus = state.Status;
        state.Status = ProcStatus.Idle;
        state.Seq = seq;
        var from = oldStatus == ProcStatus.SyscallAbandoned ? ProcState.Idle : ProcState.Running;
        if (oldStatus == ProcStatus.SyscallAbandoned)
        {
            PushProc(ev, current, pid, from, ProcState.Idle);
            return (true, current);
        }
        var victim = (long)ev.Args[2];
        if (victim == current.M)
        {
            if (current.P != pid)
                throw Broken($"tried to self-steal proc {pid} (thread {victim}), but got proc {current.P} instead");
            PushProc(ev, current, pid, from, ProcState.Idle);
            return (true, current with { P = None });
        }
        if (!_threads.TryGetValue(victim, out var thread))
            throw Broken($"stole proc from non-existent thread {victim}");
        if (thread.P != pid)
            throw Broken($"tried to steal proc {pid} from thread {victim}, but got proc {thread.P} instead");
        thread.P = None;
        PushProc(ev, current, pid, from, ProcState.Idle);
        return (true, current);
    }

    // ---- Goroutines. ----

    private (bool, Context) GoStatusEvent(ref RawEvent ev, Context current)
    {
        var gid = (long)ev.Args[0];
        var mid = (long)ev.Args[1];
        var raw = ev.Args[2];
        if (raw > (ulong)GoStatus.Waiting)
            throw Broken($"invalid status for goroutine {gid}: {raw}");
        var status = (GoStatus)raw;
        var from = ApiState(status);
        if (_goroutines.TryGetValue(gid, out var state))
        {
            if (state.Status != status)
                throw Broken($"inconsistent status for goroutine {gid}: old {state.Status} vs. new {status}");
            state.Seq = MakeSeq(0);
        }
        else if (_gen == _initialGeneration)
        {
            _goroutines[gid] = new GoroutineState(status, MakeSeq(0));
            from = GoState.Undetermined;
        }
        else
        {
            throw Broken($"found goroutine status for new goroutine after the first generation: id={gid} status={status}");
        }
        var next = current;
        switch (status)
        {
            case GoStatus.Running:
                next = next with { G = gid };
                break;
            case GoStatus.Syscall:
                if (mid == None)
                    throw Broken($"found goroutine {gid} in syscall without a thread");
                if (mid == current.M)
                {
                    if (_gen != _initialGeneration && current.G != gid)
                        throw Broken($"inconsistent thread for syscalling goroutine {gid}: thread has goroutine {current.G}");
                    next = next with { G = gid };
                    break;
                }
                if (_threads.TryGetValue(mid, out var thread))
                {
                    if (thread.G != gid)
                        throw Broken($"inconsistent thread for syscalling goroutine {gid}: thread has goroutine {thread.G}");
                    current = current with { G = thread.G };
                }
                else
                {
                    _threads[mid] = new ThreadState { G = gid };
                }
                current = current with { M = mid };
                break;
        }
        PushGoroutine(ev, current, gid, from, ApiState(status));
        return (true, next);
    }

    private (bool, Context) GoCreate(ref RawEvent ev, Context current)
    {
        Require(current, Need.MustHave, Need.MustHave, Need.MayHave);
        if (_goroutines.TryGetValue(current.G, out var creator) && creator.Status != GoStatus.Running)
            throw Broken($"{Name(ev.Type)} event for goroutine that's not Running");
        var gid = (long)ev.Args[0];
        if (_goroutines.ContainsKey(gid))
            throw Broken($"tried to create goroutine ({gid}) that already exists");
        var status = ev.Type == EventType.GoCreateBlocked ? GoStatus.Waiting : GoStatus.Runnable;
        _goroutines[gid] = new GoroutineState(status, MakeSeq(0));
        PushGoroutine(ev, current, gid, GoState.NotExist, ApiState(status), transitionStack: _generation.ResolveStack(ev.Args[1], stacks));
        return (true, current);
    }

    private (bool, Context) GoStopExec(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"event {Name(ev.Type)} for goroutine ({current.G}) that doesn't exist");
        if (state.Status != GoStatus.Running)
            throw Broken($"{Name(ev.Type)} event for goroutine that's not Running");
        switch (ev.Type)
        {
            case EventType.GoDestroy:
                _goroutines.Remove(current.G);
                PushGoroutine(ev, current, current.G, GoState.Running, GoState.NotExist);
                break;
            case EventType.GoStop:
                state.Status = GoStatus.Runnable;
                PushGoroutine(ev, current, current.G, GoState.Running, GoState.Runnable, StringIdArg(ev.Args[0]));
                break;
            default:
                state.Status = GoStatus.Waiting;
                PushGoroutine(ev, current, current.G, GoState.Running, GoState.Waiting, StringIdArg(ev.Args[0]));
                break;
        }
        return (true, current with { G = None });
    }

    private (bool, Context) GoStart(ref RawEvent ev, Context current)
    {
        var gid = (long)ev.Args[0];
        var seq = MakeSeq(ev.Args[1]);
        if (!_goroutines.TryGetValue(gid, out var state) || state.Status != GoStatus.Runnable || !seq.Succeeds(state.Seq))
            return NotYet;
        Require(current, Need.MustHave, Need.MustHave, Need.MustNotHave);
        state.Status = GoStatus.Running;
        state.Seq = seq;
        PushGoroutine(ev, current, gid, GoState.Runnable, GoState.Running);
        return (true, current with { G = gid });
    }

    private (bool, Context) GoUnblock(ref RawEvent ev, Context current)
    {
        var gid = (long)ev.Args[0];
        var seq = MakeSeq(ev.Args[1]);
        if (!_goroutines.TryGetValue(gid, out var state) || state.Status != GoStatus.Waiting || !seq.Succeeds(state.Seq))
            return NotYet;
        state.Status = GoStatus.Runnable;
        state.Seq = seq;
        PushGoroutine(ev, current, gid, GoState.Waiting, GoState.Runnable);
        return (true, current);
    }

    private (bool, Context) GoSwitch(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"event {Name(ev.Type)} for goroutine ({current.G}) that doesn't exist");
        if (state.Status != GoStatus.Running)
            throw Broken($"{Name(ev.Type)} event for goroutine that's not Running");
        var nextG = (long)ev.Args[0];
        var seq = MakeSeq(ev.Args[1]);
        if (!_goroutines.TryGetValue(nextG, out var nextState) || nextState.Status != GoStatus.Waiting || !seq.Succeeds(nextState.Seq))
            return NotYet;
        // A switch is three events: the next goroutine is unblocked, this one blocks or ends, the next one starts.
        PushGoroutine(ev, current, nextG, GoState.Waiting, GoState.Runnable);
        var plain = new RawEvent { Type = EventType.GoDestroy, Time = ev.Time };
        if (ev.Type == EventType.GoSwitch)
        {
            state.Status = GoStatus.Waiting;
            PushGoroutine(plain, current, current.G, GoState.Running, GoState.Waiting);
        }
        else
        {
            _goroutines.Remove(current.G);
            PushGoroutine(plain, current, current.G, GoState.Running, GoState.NotExist);
        }
        nextState.Status = GoStatus.Running;
        nextState.Seq = seq;
        PushGoroutine(plain, current with { G = None }, nextG, GoState.Runnable, GoState.Running);
        return (true, current with { G = nextG });
    }

    private (bool, Context) GoSyscallBegin(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"event {Name(ev.Type)} for goroutine ({current.G}) that doesn't exist");
        if (state.Status != GoStatus.Running)
            throw Broken($"{Name(ev.Type)} event for goroutine that's not Running");
        state.Status = GoStatus.Syscall;
        if (!_procs.TryGetValue(current.P, out var proc))
            throw Broken($"uninitialized proc {current.P} found during {Name(ev.Type)}");
        proc.Status = ProcStatus.Syscall;
        var pSeq = MakeSeq(ev.Args[0]);
        if (!pSeq.Succeeds(proc.Seq))
            throw Broken($"failed to advance {Name(ev.Type)}: can't make sequence: {proc.Seq.Value} (gen={proc.Seq.Generation}) -> {pSeq.Value} (gen={pSeq.Generation})");
        proc.Seq = pSeq;
        PushGoroutine(ev, current, current.G, GoState.Running, GoState.Syscall);
        return (true, current);
    }

    private (bool, Context) GoSyscallEnd(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"event {Name(ev.Type)} for goroutine ({current.G}) that doesn't exist");
        if (state.Status != GoStatus.Syscall)
            throw Broken($"{Name(ev.Type)} event for goroutine that's not Syscall");
        state.Status = GoStatus.Running;
        if (!_procs.TryGetValue(current.P, out var proc))
            throw Broken($"uninitialized proc {current.P} found during {Name(ev.Type)}");
        if (proc.Status != ProcStatus.Syscall)
            throw Broken($"expected proc {current.P} in state Syscall, but got {proc.Status} instead");
        proc.Status = ProcStatus.Running;
        PushGoroutine(ev, current, current.G, GoState.Syscall, GoState.Running);
        return (true, current);
    }

    private (bool, Context) GoSyscallEndBlocked(ref RawEvent ev, Context current)
    {
        if (current.P != None)
        {
            if (!_procs.TryGetValue(current.P, out var proc))
                throw Broken($"uninitialized proc {current.P} found during {Name(ev.Type)}");
            if (proc.Status == ProcStatus.Syscall)
                return NotYet; // The proc must be stopped or stolen first.
        }
        Require(current, Need.MustHave, Need.MayHave, Need.MustHave);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"event {Name(ev.Type)} for goroutine ({current.G}) that doesn't exist");
        if (state.Status != GoStatus.Syscall)
            throw Broken($"{Name(ev.Type)} event for goroutine that's not Syscall");
        state.Status = GoStatus.Runnable;
        PushGoroutine(ev, current, current.G, GoState.Syscall, GoState.Runnable);
        return (true, current with { G = None });
    }

    private (bool, Context) GoCreateSyscall(ref RawEvent ev, Context current)
    {
        Require(current, Need.MustHave, Need.MayHave, Need.MustNotHave);
        var gid = (long)ev.Args[0];
        if (_goroutines.ContainsKey(gid))
            throw Broken($"tried to create goroutine ({gid}) in syscall that already exists");
        _goroutines[gid] = new GoroutineState(GoStatus.Syscall, MakeSeq(0));
        PushGoroutine(ev, current, gid, GoState.NotExist, GoState.Syscall);
        return (true, current with { G = gid });
    }

    private (bool, Context) GoDestroySyscall(ref RawEvent ev, Context current)
    {
        Require(current, Need.MustHave, Need.MayHave, Need.MustHave);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"event {Name(ev.Type)} for goroutine ({current.G}) that doesn't exist");
        if (state.Status != GoStatus.Syscall)
            throw Broken($"{Name(ev.Type)} event for goroutine that's not Syscall");
        _goroutines.Remove(current.G);
        var next = current with { G = None };
        if (current.P != None)
        {
            // The thread id may be reused by the platform: drop the proc now, as if it were stolen from us.
            if (!_procs.TryGetValue(current.P, out var proc))
                throw Broken($"found invalid proc {current.P} during {Name(ev.Type)}");
            if (proc.Status != ProcStatus.Syscall)
                throw Broken($"proc {current.P} in unexpected state {proc.Status} during {Name(ev.Type)}");
            proc.Status = ProcStatus.SyscallAbandoned;
            next = next with { P = None };
            PushProc(new RawEvent { Type = EventType.ProcSteal, Time = ev.Time }, current, current.P, ProcState.Running, ProcState.Idle);
        }
        PushGoroutine(ev, current, current.G, GoState.Syscall, GoState.NotExist);
        return (true, next);
    }

    // ---- Tasks and regions. ----

    private (bool, Context) UserTaskBegin(ref RawEvent ev, Context current)
    {
        var id = ev.Args[0];
        if (!_activeTasks.Add(id))
            throw Broken($"task ID conflict: {id}");
        var name = StringIdArg(ev.Args[2]);
        RequireUserGoroutine(current);
        _queue.Enqueue(new TraceEvent(TraceEventKind.TaskBegin, Stamp(ev.Time), current.G, current.P, current.M) { Value = id, ReasonId = name, Stack = StackArg(ev) });
        return (true, current);
    }

    private (bool, Context) UserTaskEnd(ref RawEvent ev, Context current)
    {
        var id = ev.Args[0];
        _activeTasks.Remove(id);
        RequireUserGoroutine(current);
        _queue.Enqueue(new TraceEvent(TraceEventKind.TaskEnd, Stamp(ev.Time), current.G, current.P, current.M) { Value = id, Stack = StackArg(ev) });
        return (true, current);
    }

    private (bool, Context) UserRegionBegin(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        var name = StringArg(ev.Args[1]);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"encountered EvUserRegionBegin without known state for current goroutine {current.G}");
        state.Regions.Add((ev.Args[0], name));
        _queue.Enqueue(new TraceEvent(TraceEventKind.RegionBegin, Stamp(ev.Time), current.G, current.P, current.M) { Value = ev.Args[0], ReasonId = StringIdArg(ev.Args[1]), Stack = StackArg(ev) });
        return (true, current);
    }

    private (bool, Context) UserRegionEnd(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        var name = StringArg(ev.Args[1]);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"encountered EvUserRegionEnd without known state for current goroutine {current.G}");
        // Regions that began before the trace started are not known; their ends pass unchecked.
        if (state.Regions.Count > 0)
        {
            var innermost = state.Regions[^1];
            if (innermost != (ev.Args[0], name))
                throw Broken($"misuse of region in goroutine {current.G}: region end {name} when the inner-most active region start event is {innermost.Name}");
            state.Regions.RemoveAt(state.Regions.Count - 1);
        }
        _queue.Enqueue(new TraceEvent(TraceEventKind.RegionEnd, Stamp(ev.Time), current.G, current.P, current.M) { Value = ev.Args[0], ReasonId = StringIdArg(ev.Args[1]), Stack = StackArg(ev) });
        return (true, current);
    }

    // ---- GC and special ranges. ----

    private (bool, Context) GCActive(ref RawEvent ev, Context current)
    {
        var seq = ev.Args[0];
        if (_gen == _initialGeneration)
        {
            if (_gcState != GcState.Undetermined)
                throw Broken("GCActive in the first generation isn't first GC event");
            _gcSeq = seq;
            _gcState = GcState.Running;
            PushRange(TraceEventKind.RangeActive, ev, current, GcMark, -1);
            return (true, current);
        }
        if (seq != _gcSeq + 1)
            return NotYet;
        if (_gcState != GcState.Running)
            throw Broken("encountered GCActive while GC was not in progress");
        _gcSeq = seq;
        RequireUserGoroutine(current);
        PushRange(TraceEventKind.RangeActive, ev, current, GcMark, -1);
        return (true, current);
    }

    private (bool, Context) GCBegin(ref RawEvent ev, Context current)
    {
        var seq = ev.Args[0];
        if (_gcState == GcState.Undetermined)
        {
            _gcSeq = seq;
            _gcState = GcState.Running;
            PushRange(TraceEventKind.RangeBegin, ev, current, GcMark, -1);
            return (true, current);
        }
        if (seq != _gcSeq + 1)
            return NotYet;
        if (_gcState == GcState.Running)
            throw Broken("encountered GCBegin while GC was already in progress");
        _gcSeq = seq;
        _gcState = GcState.Running;
        RequireUserGoroutine(current);
        PushRange(TraceEventKind.RangeBegin, ev, current, GcMark, -1);
        return (true, current);
    }

    private (bool, Context) GCEnd(ref RawEvent ev, Context current)
    {
        var seq = ev.Args[0];
        if (seq != _gcSeq + 1)
            return NotYet;
        if (_gcState == GcState.NotRunning)
            throw Broken("encountered GCEnd when GC was not in progress");
        if (_gcState == GcState.Undetermined)
            throw Broken("encountered GCEnd when GC was in an undetermined state");
        _gcSeq = seq;
        _gcState = GcState.NotRunning;
        RequireUserGoroutine(current);
        PushRange(TraceEventKind.RangeEnd, ev, current, GcMark, -1);
        return (true, current);
    }

    private (bool, Context) GCSweepBegin(ref RawEvent ev, Context current)
    {
        Require(current, Need.MustHave, Need.MustHave, Need.MayHave);
        BeginRange(_procs[current.P].Ranges, new RangeType(EventType.GCSweepBegin, 0));
        PushRange(TraceEventKind.RangeBegin, ev, current, Sweep, -1);
        return (true, current);
    }

    private (bool, Context) GCSweepActive(ref RawEvent ev, Context current)
    {
        var pid = (long)ev.Args[0];
        if (!_procs.TryGetValue(pid, out var proc))
            throw Broken($"encountered GCSweepActive for unknown proc {pid}");
        ActiveRange(proc.Ranges, new RangeType(EventType.GCSweepBegin, 0));
        PushRange(TraceEventKind.RangeActive, ev, current, Sweep, -1);
        return (true, current);
    }

    private (bool, Context) GCSweepEnd(ref RawEvent ev, Context current)
    {
        Require(current, Need.MustHave, Need.MustHave, Need.MayHave);
        EndRange(_procs[current.P].Ranges, EventType.GCSweepBegin);
        PushRange(TraceEventKind.RangeEnd, ev, current, Sweep, -1);
        return (true, current);
    }

    private (bool, Context) GoRangeBegin(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        var description = ev.Type == EventType.STWBegin ? ev.Args[0] : 0;
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"encountered event of type {(byte)ev.Type} without known state for current goroutine {current.G}");
        BeginRange(state.Ranges, new RangeType(ev.Type, description));
        PushRange(TraceEventKind.RangeBegin, ev, current, RangeName(ev.Type, description), current.G);
        return (true, current);
    }

    private (bool, Context) GoRangeActive(ref RawEvent ev, Context current)
    {
        var gid = (long)ev.Args[0];
        if (!_goroutines.TryGetValue(gid, out var state))
            throw Broken($"uninitialized goroutine {gid} found during {Name(ev.Type)}");
        ActiveRange(state.Ranges, new RangeType(EventType.GCMarkAssistBegin, 0));
        PushRange(TraceEventKind.RangeActive, ev, current, MarkAssist, gid);
        return (true, current);
    }

    private (bool, Context) GoRangeEnd(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        if (!_goroutines.TryGetValue(current.G, out var state))
            throw Broken($"encountered event of type {(byte)ev.Type} without known state for current goroutine {current.G}");
        var start = EventSpec.Of(ev.Type)!.StartEvent;
        var description = EndRange(state.Ranges, start);
        PushRange(TraceEventKind.RangeEnd, ev, current, RangeName(start, description), current.G);
        return (true, current);
    }

    private static readonly int GcMark = TraceStrings.Id("GC concurrent mark phase");
    private static readonly int Sweep = TraceStrings.Id("GC incremental sweep");
    private static readonly int MarkAssist = TraceStrings.Id("GC mark assist");
    private static readonly int HeapObjects = TraceStrings.Id("/memory/classes/heap/objects:bytes");
    private static readonly int HeapGoal = TraceStrings.Id("/gc/heap/goal:bytes");
    private static readonly int Gomaxprocs = TraceStrings.Id("/sched/gomaxprocs:threads");

    private int RangeName(EventType begin, ulong description) =>
        begin == EventType.STWBegin ? TraceStrings.Id($"stop-the-world ({StringArg(description)})") : MarkAssist;

    private void PushRange(TraceEventKind kind, in RawEvent ev, Context ctx, int name, long goroutine) =>
        _queue.Enqueue(new TraceEvent(kind, Stamp(ev.Time), ctx.G, ctx.P, ctx.M) { ReasonId = name, Resource = goroutine, Stack = StackArg(ev) });

    private void BeginRange(List<RangeType> ranges, RangeType range)
    {
        if (ranges.Contains(range))
            throw Broken($"discovered event already in-flight for when starting event {Name(range.Type)}");
        ranges.Add(range);
    }

    private void ActiveRange(List<RangeType> ranges, RangeType range)
    {
        if (_gen == _initialGeneration)
        {
            if (ranges.Contains(range))
                throw Broken($"found named active range already in first gen: {Name(range.Type)}");
            ranges.Add(range);
        }
        else if (!ranges.Contains(range))
        {
            throw Broken($"resource is missing active range: {Name(range.Type)}");
        }
    }

    private static ulong EndRange(List<RangeType> ranges, EventType begin)
    {
        var index = ranges.FindIndex(r => r.Type == begin);
        if (index < 0)
            throw Broken($"tried to end event {Name(begin)}, but not in-flight");
        var description = ranges[index].Description;
        ranges[index] = ranges[^1];
        ranges.RemoveAt(ranges.Count - 1);
        return description;
    }

    // ---- Instantaneous events. ----

    private (bool, Context) Annotation(ref RawEvent ev, Context current)
    {
        RequireUserGoroutine(current);
        _queue.Enqueue(ev.Type switch
        {
            EventType.ProcsChange => new TraceEvent(TraceEventKind.Metric, Stamp(ev.Time), current.G, current.P, current.M) { ReasonId = Gomaxprocs, Value = ev.Args[0], Stack = StackArg(ev) },
            EventType.GoLabel => new TraceEvent(TraceEventKind.Label, Stamp(ev.Time), current.G, current.P, current.M) { ReasonId = StringIdArg(ev.Args[0]) },
            _ => new TraceEvent(TraceEventKind.Log, Stamp(ev.Time), current.G, current.P, current.M) { Value = ev.Args[0], ReasonId = StringIdArg(ev.Args[1]), Stack = StackArg(ev) },
        });
        return (true, current);
    }

    private (bool, Context) HeapMetric(ref RawEvent ev, Context current)
    {
        Require(current, Need.MustHave, Need.MustHave, Need.MayHave);
        var name = ev.Type == EventType.HeapAlloc ? HeapObjects : HeapGoal;
        _queue.Enqueue(new TraceEvent(TraceEventKind.Metric, Stamp(ev.Time), current.G, current.P, current.M) { ReasonId = name, Value = ev.Args[0] });
        return (true, current);
    }

    private (bool, Context) AllocFree(ref RawEvent ev, Context current)
    {
        Require(current, Need.MustHave, Need.MayHave, Need.MayHave);
        _queue.Enqueue(new TraceEvent(TraceEventKind.Experimental, Stamp(ev.Time), current.G, current.P, current.M) { Reason = Name(ev.Type) });
        return (true, current);
    }
}
