namespace Goroscope.Traces.V1;

/// <summary>
/// Parses a whole Go 1.11–1.21 trace into one sorted event list, the way Go's internal/trace/internal/tracev1
/// parser does: a first pass finds each proc's batches, a second merges the procs' batches in an order
/// consistent with the goroutines' sequence numbers, then syscall exits get their real times, ticks become
/// nanoseconds and timer, syscall and GC events move to fake procs. The old format has no order of its own
/// (batches are written when they fill up), so unlike Go 1.22+ traces this one is read whole before the first
/// event; the events are kept as 24-byte structs with their arguments left in the trace bytes.
/// </summary>
internal sealed class V1Parser
{
    // Go's fake procs (tracev1.FakeP + n).
    public const int TimerP = 1000001;
    public const int NetpollP = 1000002;
    public const int SyscallP = 1000003;
    public const int GCP = 1000004;
    public const int ProfileP = 1000005;

    private const int MaxFramesPerStack = 1000;

    private readonly RawEventReader _reader;
    private readonly int _length;
    private readonly Dictionary<int, ProcBatches> _batches = [];
    private readonly List<int> _procOrder = [];
    private readonly List<DecodedEvent> _cpuSamples = [];

    // Parser state Go keeps across batches: the batch being read, and each proc's last running goroutine.
    private long _lastTime;
    private ulong _lastG;
    private int _lastP;
    private readonly Dictionary<int, ulong> _lastGs = [];

    private readonly Dictionary<long, int> _goroutineIndex = new() { [0] = 0 };
    private readonly List<long> _goroutineIds = [0];
    private readonly HashSet<ulong> _timerGoroutines = [];
    private readonly EventList _events = new();
    private long _ticksPerSecond;

    public V1Parser(byte[] data, int length, int version)
    {
        _reader = new RawEventReader(data, length, version);
        _length = length;
    }

    public Dictionary<ulong, string> Strings { get; } = [];
    public Dictionary<uint, ulong[]> Stacks { get; } = [];
    public Dictionary<ulong, (ulong Function, ulong File, ulong Line)> Frames { get; } = [];

    /// <summary>The events, sorted, in nanoseconds from the first; throws <see cref="TraceFormatException"/> for a broken trace.</summary>
    public EventList Parse()
    {
        CollectBatches();
        MergeBatches();
        if (_ticksPerSecond == 0)
            throw new TraceFormatException("broken trace: no EvFrequency event (the trace ends early?)", TraceHeader.Size + _length);
        if (_events.Count > 0)
        {
            // Go converts with float64 arithmetic and a truncating conversion; so do we, to agree to the nanosecond.
            var first = _events[0].Time;
            var nanosPerTick = 1e9 / _ticksPerSecond;
            for (var i = 0; i < _events.Count; i++)
            {
                ref var e = ref _events[i];
                e.Time = (long)(unchecked(e.Time - first) * nanosPerTick);
                if (e.Type == EventType.GoUnblock && _timerGoroutines.Contains((ulong)GoroutineOf(e)))
                    e.P = TimerP;
                if (e.Type == EventType.GoSysExit)
                    e.P = SyscallP;
            }
        }
        return _events;
    }

    /// <summary>The id of the goroutine <paramref name="e"/> happened on; 0 is none.</summary>
    public long GoroutineOf(in Event e) => _goroutineIds[e.G];

    /// <summary>Decodes the arguments of a merged event again from the trace bytes.</summary>
    public DecodedEvent Decode(in Event e)
    {
        _reader.Position = e.Offset;
        _reader.Next(skip: false);
        var decoded = new DecodedEvent { Event = e, G = GoroutineOf(e) };
        var spec = EventSpec.Of(_reader.Type);
        var args = _reader.Args;
        for (var i = 1; i < args.Length; i++)
        {
            if (i == args.Length - 1 && spec.HasStack)
                decoded.Stack = (uint)args[i];
            else
                decoded.Args[i - 1] = args[i];
        }
        return decoded;
    }

    public TraceFormatException Broken(in Event e, string message) => new($"broken trace: {message}", TraceHeader.Size + e.Offset);

    private sealed class ProcBatches
    {
        public readonly List<int> Offsets = [];
        public int Next;
    }

    private void CollectBatches()
    {
        ProcBatches? current = null;
        while (_reader.Next(skip: true))
        {
            if (_reader.Type == EventType.String)
                continue;
            if (_reader.Type == EventType.Batch)
            {
                var pid = ProcOf(_reader.Args[0]);
                if (!_batches.TryGetValue(pid, out current))
                {
                    _batches[pid] = current = new ProcBatches();
                    _procOrder.Add(pid);
                }
                current.Offsets.Add(_reader.Start);
            }
            if (current is null)
                throw _reader.Broken($"event type {(int)_reader.Type} before the first batch");
            if (_reader.Type == EventType.CPUSample)
                _cpuSamples.Add(CpuSample());
        }
    }

    private static int ProcOf(ulong pid) => pid == ulong.MaxValue ? -1 : (int)pid;

    private DecodedEvent CpuSample()
    {
        var args = _reader.Args;
        var want = EventSpec.Of(EventType.CPUSample).WireArgs;
        if (args.Length != want)
            throw _reader.Broken($"CPU sample has wrong number of arguments: want {want}, got {args.Length}");
        // [time delta, time in the signal handler, proc, goroutine, stack]
        return new DecodedEvent
        {
            Event = new Event { Type = EventType.CPUSample, Time = (long)args[1], P = (int)args[2], Offset = _reader.Start },
            G = (long)args[3],
            Stack = (uint)args[4],
        };
    }

    // ---- The merge: Go's parseEventBatches and order.go. ----

    private sealed class Proc(int pid)
    {
        public readonly int Pid = pid;
        public readonly List<DecodedEvent> Pending = [];
        public int Position;
        public bool Done;
    }

    private enum GStatus : byte { Dead, Runnable, Running, Waiting }

    private readonly record struct GState(ulong Seq, GStatus Status);

    private const ulong Unordered = ulong.MaxValue;
    private const ulong Garbage = ulong.MaxValue - 1;
    private const ulong NoSeq = ulong.MaxValue;
    private const ulong SeqInc = ulong.MaxValue - 1;

    private void MergeBatches()
    {
        // CPU samples are written late by another goroutine; they merge by the time the signal handler took.
        var samples = new Proc(ProfileP);
        samples.Pending.AddRange(_cpuSamples.OrderBy(s => s.Event.Time));
        // Go starts from a map of procs, so which of two procs' events at the same tick comes first changes from
        // run to run of Go's reader; here procs start in the order their first batch appears in the trace.
        var all = _procOrder.Select(pid => new Proc(pid)).Append(samples).ToList();
        var available = new List<Proc>(all);
        var goroutines = new Dictionary<ulong, GState>();
        var frontier = new Frontier();
        while (true)
        {
            for (var i = 0; i < available.Count; i++)
            {
                var proc = available[i];
                if (!HasEvent(proc))
                {
                    proc.Done = true;
                    SwapRemove(available, i--);
                    continue;
                }
                var ev = proc.Pending[proc.Position];
                var (g, init, _) = StateTransition(ev);
                if (!TransitionReady(g, goroutines.GetValueOrDefault(g), init))
                    continue;
                proc.Position++;
                SwapRemove(available, i--);
                frontier.Push(ev, proc);
            }
            if (frontier.Count == 0)
            {
                if (all.Find(p => !p.Done) is { } stuck)
                    throw new TraceFormatException($"broken trace: no consistent ordering of events possible (proc {stuck.Pid} waits)", TraceHeader.Size + stuck.Pending[stuck.Position].Event.Offset);
                break;
            }
            var (next, from) = frontier.Pop();
            var (gid, initState, nextState) = StateTransition(next);
            next.Event.Type = next.Event.Type switch
            {
                EventType.GoStartLocal => EventType.GoStart,
                EventType.GoUnblockLocal => EventType.GoUnblock,
                EventType.GoSysExitLocal => EventType.GoSysExit,
                var type => type,
            };
            next.Event.G = IndexOf(next.G);
            _events.Add(next.Event);
            if (gid != Unordered)
            {
                var current = goroutines.GetValueOrDefault(gid);
                if (!TransitionReady(gid, current, initState))
                    throw Broken(next.Event, "encountered impossible goroutine state transition");
                var seq = nextState.Seq switch
                {
                    NoSeq => current.Seq,
                    SeqInc => current.Seq + 1,
                    var s => s,
                };
                goroutines[gid] = nextState with { Seq = seq };
            }
            available.Add(from);
        }
        for (var i = 1; i < _events.Count; i++)
            if (_events[i].Time < _events[i - 1].Time)
                throw Broken(_events[i], "time stamps out of order");
        RestoreSyscallExitTimes();
    }

    private int IndexOf(long goroutine)
    {
        if (!_goroutineIndex.TryGetValue(goroutine, out var index))
        {
            _goroutineIndex[goroutine] = index = _goroutineIds.Count;
            _goroutineIds.Add(goroutine);
        }
        return index;
    }

    private static void SwapRemove(List<Proc> procs, int i)
    {
        procs[i] = procs[^1];
        procs.RemoveAt(procs.Count - 1);
    }

    private bool HasEvent(Proc proc)
    {
        while (proc.Position == proc.Pending.Count)
        {
            if (!_batches.TryGetValue(proc.Pid, out var batches) || batches.Next == batches.Offsets.Count)
                return false;
            proc.Pending.Clear();
            proc.Position = 0;
            LoadBatch(batches.Offsets[batches.Next++], proc.Pending);
        }
        return true;
    }

    private static (ulong G, GState Init, GState Next) StateTransition(in DecodedEvent ev) => ev.Event.Type switch
    {
        EventType.GoCreate => (ev.Args[0], new(0, GStatus.Dead), new(1, GStatus.Runnable)),
        EventType.GoWaiting or EventType.GoInSyscall => ((ulong)ev.G, new(1, GStatus.Runnable), new(2, GStatus.Waiting)),
        EventType.GoStart or EventType.GoStartLabel => ((ulong)ev.G, new(ev.Args[1], GStatus.Runnable), new(ev.Args[1] + 1, GStatus.Running)),
        // A Local event follows the event it depends on in the same batch, so it is ready when the merge reaches it.
        EventType.GoStartLocal => ((ulong)ev.G, new(NoSeq, GStatus.Runnable), new(SeqInc, GStatus.Running)),
        EventType.GoBlock or EventType.GoBlockSend or EventType.GoBlockRecv or EventType.GoBlockSelect or EventType.GoBlockSync
            or EventType.GoBlockCond or EventType.GoBlockNet or EventType.GoSleep or EventType.GoSysBlock or EventType.GoBlockGC =>
            ((ulong)ev.G, new(NoSeq, GStatus.Running), new(NoSeq, GStatus.Waiting)),
        EventType.GoSched or EventType.GoPreempt => ((ulong)ev.G, new(NoSeq, GStatus.Running), new(NoSeq, GStatus.Runnable)),
        EventType.GoUnblock or EventType.GoSysExit => (ev.Args[0], new(ev.Args[1], GStatus.Waiting), new(ev.Args[1] + 1, GStatus.Runnable)),
        EventType.GoUnblockLocal or EventType.GoSysExitLocal => (ev.Args[0], new(NoSeq, GStatus.Waiting), new(SeqInc, GStatus.Runnable)),
        EventType.GCStart => (Garbage, new(ev.Args[0], GStatus.Dead), new(ev.Args[0] + 1, GStatus.Dead)),
        _ => (Unordered, default, default),
    };

    private static bool TransitionReady(ulong g, GState current, GState init) =>
        g == Unordered || (init.Seq == NoSeq || init.Seq == current.Seq) && init.Status == current.Status;

    /// <summary>
    /// A syscall exit is written when the goroutine gets a proc again, but carries the time it left the kernel;
    /// the merge used the first, now it gets the second, and the events are stably re-sorted.
    /// </summary>
    private void RestoreSyscallExitTimes()
    {
        var lastSysBlock = new Dictionary<int, long>();
        var moved = new List<(Event Event, int Index, bool Earlier)>();
        var kept = 0;
        for (var i = 0; i < _events.Count; i++)
        {
            var e = _events[i];
            switch (e.Type)
            {
                case EventType.GoSysBlock or EventType.GoInSyscall:
                    lastSysBlock[e.G] = e.Time;
                    break;
                case EventType.GoSysExit:
                    // Args[2] is the real time; a GoSysExitLocal has it in Args[1] and, as in Go, keeps its time.
                    var time = (long)Decode(e).Args[2];
                    if (time == 0)
                        break;
                    var block = lastSysBlock.GetValueOrDefault(e.G);
                    if (block == 0)
                        throw Broken(e, "stray syscall exit");
                    if (time < block)
                        throw Broken(e, "time stamps out of order");
                    if (time != e.Time)
                    {
                        moved.Add((e with { Time = time }, i, time < e.Time));
                        continue;
                    }
                    break;
            }
            _events[kept++] = e;
        }
        if (moved.Count == 0)
            return;
        // The kept events are still sorted; merge the moved ones in from the back, as a stable sort would place
        // them: after equal times when they moved earlier (the kept ones came first), before when later.
        moved.Sort((a, b) => a.Event.Time != b.Event.Time ? a.Event.Time.CompareTo(b.Event.Time) : a.Index.CompareTo(b.Index));
        var write = _events.Count - 1;
        var k = kept - 1;
        for (var m = moved.Count - 1; m >= 0; m--)
        {
            var (e, _, earlier) = moved[m];
            while (k >= 0 && (_events[k].Time > e.Time || (_events[k].Time == e.Time && !earlier)))
                _events[write--] = _events[k--];
            _events[write--] = e;
        }
    }

    // ---- Batches. ----

    /// <summary>Decodes the batch at <paramref name="offset"/> up to the next batch header (Go's loadBatch).</summary>
    private void LoadBatch(int offset, List<DecodedEvent> events)
    {
        _reader.Position = offset;
        var gotHeader = false;
        while (_reader.Next(skip: false))
        {
            var type = _reader.Type;
            if (type == EventType.String)
            {
                var id = _reader.Args[0];
                if (Strings.ContainsKey(id))
                    throw _reader.Broken($"string has duplicate id {id}");
                Strings[id] = _reader.Text;
                continue;
            }
            if (type == EventType.CPUSample)
                continue;
            if (type == EventType.Batch)
            {
                if (gotHeader)
                    break;
                gotHeader = true;
            }
            if (ParseEvent() is { } ev)
                events.Add(ev);
        }
    }

    /// <summary>Go's parseEvent: checks the arguments, keeps stacks and the frequency, and gives events their proc, goroutine and time.</summary>
    private DecodedEvent? ParseEvent()
    {
        var type = _reader.Type;
        var spec = EventSpec.Of(type);
        var args = _reader.Args;
        var want = type == EventType.Stack ? args.Length : spec.WireArgs;
        if (args.Length != want)
            throw _reader.Broken($"{spec.Name} has wrong number of arguments: want {want}, got {args.Length}");
        switch (type)
        {
            case EventType.Batch:
                _lastGs[_lastP] = _lastG;
                _lastP = ProcOf(args[0]);
                _lastG = _lastGs.GetValueOrDefault(_lastP);
                _lastTime = (long)args[1];
                return null;
            case EventType.Frequency:
                _ticksPerSecond = (long)args[0];
                if (_ticksPerSecond <= 0)
                    throw _reader.Broken("time stamps out of order (the frequency is not positive)");
                return null;
            case EventType.TimerGoroutine:
                _timerGoroutines.Add(args[0]);
                return null;
            case EventType.Stack:
                ParseStack(args);
                return null;
        }
        var ev = new DecodedEvent
        {
            Event = new Event { Type = type, P = _lastP, Offset = _reader.Start, Time = unchecked(_lastTime + (long)args[0]) },
            G = (long)_lastG,
        };
        _lastTime = ev.Event.Time;
        for (var i = 1; i < args.Length; i++)
        {
            if (i == args.Length - 1 && spec.HasStack)
                ev.Stack = (uint)args[i];
            else
                ev.Args[i - 1] = args[i];
        }
        switch (type)
        {
            case EventType.GoStart or EventType.GoStartLocal or EventType.GoStartLabel:
                _lastG = ev.Args[0];
                ev.G = (long)_lastG;
                break;
            case EventType.GoEnd or EventType.GoStop or EventType.GoSched or EventType.GoPreempt or EventType.GoSleep or EventType.GoBlock
                or EventType.GoBlockSend or EventType.GoBlockRecv or EventType.GoBlockSelect or EventType.GoBlockSync or EventType.GoBlockCond
                or EventType.GoBlockNet or EventType.GoSysBlock or EventType.GoBlockGC:
                _lastG = 0;
                break;
            case EventType.GoSysExit or EventType.GoWaiting or EventType.GoInSyscall:
                ev.G = (long)ev.Args[0];
                break;
        }
        return ev;
    }

    private void ParseStack(ReadOnlySpan<ulong> args)
    {
        if (args.Length < 2)
            throw _reader.Broken($"EvStack has wrong number of arguments: want at least 2, got {args.Length}");
        var size = args[1];
        if (size > MaxFramesPerStack)
            throw _reader.Broken($"EvStack has bad number of frames: {size}");
        if ((ulong)args.Length != 2 + 4 * size)
            throw _reader.Broken($"EvStack has wrong number of arguments: want {2 + 4 * size}, got {args.Length}");
        var id = (uint)args[0];
        if (id == 0 || size == 0)
            return;
        var pcs = new ulong[size];
        for (var i = 0; i < pcs.Length; i++)
        {
            var frame = args.Slice(2 + 4 * i, 4);
            pcs[i] = frame[0];
            Frames.TryAdd(frame[0], (frame[1], frame[2], frame[3]));
        }
        Stacks[id] = pcs;
    }

    /// <summary>The next event of each proc that can happen now, earliest first (Go's orderEventList heap, ties included).</summary>
    private sealed class Frontier
    {
        private readonly List<(DecodedEvent Event, Proc Proc)> _heap = [];

        public int Count => _heap.Count;

        public void Push(in DecodedEvent e, Proc proc)
        {
            _heap.Add((e, proc));
            var j = _heap.Count - 1;
            while (j > 0)
            {
                var i = (j - 1) / 2;
                if (!Less(j, i))
                    break;
                (_heap[i], _heap[j]) = (_heap[j], _heap[i]);
                j = i;
            }
        }

        public (DecodedEvent Event, Proc Proc) Pop()
        {
            var n = _heap.Count - 1;
            (_heap[0], _heap[n]) = (_heap[n], _heap[0]);
            var i = 0;
            while (true)
            {
                var j = 2 * i + 1;
                if (j >= n)
                    break;
                if (j + 1 < n && Less(j + 1, j))
                    j++;
                if (!Less(j, i))
                    break;
                (_heap[i], _heap[j]) = (_heap[j], _heap[i]);
                i = j;
            }
            var top = _heap[n];
            _heap.RemoveAt(n);
            return top;
        }

        private bool Less(int i, int j) => _heap[i].Event.Event.Time < _heap[j].Event.Event.Time;
    }
}
