namespace Goroscope.Traces.V1;

/// <summary>
/// Go's postProcessTrace: replays the sorted events to reject traces in which they cannot happen (a proc running
/// two goroutines, an unblock of a goroutine that is not waiting, …), and moves GC starts to the fake GC proc and
/// network unblocks to the fake netpoll proc, as Go's parser does.
/// </summary>
internal static class Consistency
{
    private enum GStatus : byte { Dead, Runnable, Running, Waiting }

    private sealed class Goroutine
    {
        public GStatus Status;

        /// <summary>The type of the last event that set Go's g.ev, None where Go's is nil.</summary>
        public EventType Last;

        public bool MarkAssist;
    }

    private sealed class Proc
    {
        public bool Running;
        public long G;
        public bool Sweeping;
    }

    public static void Check(V1Parser parser, EventList events)
    {
        var goroutines = new Dictionary<long, Goroutine> { [0] = new Goroutine { Status = GStatus.Running } };
        var procs = new Dictionary<int, Proc>();
        var tasks = new HashSet<ulong>();
        var regions = new Dictionary<long, List<(ulong Task, ulong Name)>>();
        var gcRunning = false;
        var stwRunning = false;

        Goroutine G(long id) => goroutines.TryGetValue(id, out var g) ? g : goroutines[id] = new Goroutine();
        Proc P(int id) => procs.TryGetValue(id, out var p) ? p : procs[id] = new Proc();

        for (var i = 0; i < events.Count; i++)
        {
            ref var ev = ref events[i];
            var e = ev; // for the local functions, which cannot capture a ref
            var gid = parser.GoroutineOf(ev);
            TraceFormatException Broken(string message) => parser.Broken(e, $"{message} (time {e.Time})");
            void CheckRunning(Proc p, Goroutine g, bool allowG0)
            {
                var name = EventSpec.Of(e.Type).Name;
                if (g.Status != GStatus.Running)
                    throw Broken($"g {gid} is not running while {name}");
                if (p.G != gid)
                    throw Broken($"p {e.P} is not running g {gid} while {name}");
                if (!allowG0 && gid == 0)
                    throw Broken($"g 0 did {name}");
            }

            switch (ev.Type)
            {
                case EventType.ProcStart:
                {
                    var p = P(ev.P);
                    if (p.Running)
                        throw Broken($"p {ev.P} is running before start");
                    p.Running = true;
                    break;
                }
                case EventType.ProcStop:
                {
                    var p = P(ev.P);
                    if (!p.Running)
                        throw Broken($"p {ev.P} is not running before stop");
                    if (p.G != 0)
                        throw Broken($"p {ev.P} is running a goroutine {p.G} during stop");
                    p.Running = false;
                    break;
                }
                case EventType.GCStart:
                    if (gcRunning)
                        throw Broken("previous GC is not ended before a new one");
                    gcRunning = true;
                    ev.P = V1Parser.GCP;
                    break;
                case EventType.GCDone:
                    if (!gcRunning)
                        throw Broken("bogus GC end");
                    gcRunning = false;
                    break;
                case EventType.STWStart:
                    if (stwRunning)
                        throw Broken("previous STW is not ended before a new one");
                    stwRunning = true;
                    break;
                case EventType.STWDone:
                    if (!stwRunning)
                        throw Broken("bogus STW end");
                    stwRunning = false;
                    break;
                case EventType.GCSweepStart:
                {
                    var p = P(ev.P);
                    if (p.Sweeping)
                        throw Broken("previous sweeping is not ended before a new one");
                    p.Sweeping = true;
                    break;
                }
                case EventType.GCSweepDone:
                {
                    var p = P(ev.P);
                    if (!p.Sweeping)
                        throw Broken("bogus sweeping end");
                    p.Sweeping = false;
                    break;
                }
                case EventType.GCMarkAssistStart:
                {
                    var g = G(gid);
                    if (g.MarkAssist)
                        throw Broken("previous mark assist is not ended before a new one");
                    g.MarkAssist = true;
                    break;
                }
                case EventType.GCMarkAssistDone:
                    // Mark assists can be in progress when tracing starts: an end without a start is fine.
                    G(gid).MarkAssist = false;
                    break;
                case EventType.GoWaiting or EventType.GoInSyscall:
                {
                    var g = G(gid);
                    if (g.Status != GStatus.Runnable)
                        throw Broken($"g {gid} is not runnable before {EventSpec.Of(ev.Type).Name}");
                    g.Status = GStatus.Waiting;
                    g.Last = ev.Type;
                    break;
                }
                case EventType.GoCreate:
                {
                    CheckRunning(P(ev.P), G(gid), allowG0: true);
                    var created = (long)parser.Decode(ev).Args[0];
                    if (goroutines.ContainsKey(created))
                        throw Broken($"g {created} already exists");
                    goroutines[created] = new Goroutine { Status = GStatus.Runnable, Last = EventType.GoCreate };
                    break;
                }
                case EventType.GoStart or EventType.GoStartLabel:
                {
                    var g = G(gid);
                    var p = P(ev.P);
                    if (g.Status != GStatus.Runnable)
                        throw Broken($"g {gid} is not runnable before start");
                    if (p.G != 0)
                        throw Broken($"p {ev.P} is already running g {p.G} while start g {gid}");
                    g.Status = GStatus.Running;
                    g.Last = EventType.None;
                    p.G = gid;
                    break;
                }
                case EventType.GoEnd or EventType.GoStop:
                {
                    var g = G(gid);
                    var p = P(ev.P);
                    CheckRunning(p, g, allowG0: false);
                    g.Status = GStatus.Dead;
                    p.G = 0;
                    if (ev.Type == EventType.GoEnd)
                        regions.Remove(gid);
                    break;
                }
                case EventType.GoSched or EventType.GoPreempt:
                {
                    var g = G(gid);
                    var p = P(ev.P);
                    CheckRunning(p, g, allowG0: false);
                    g.Status = GStatus.Runnable;
                    g.Last = ev.Type;
                    p.G = 0;
                    break;
                }
                case EventType.GoUnblock:
                {
                    if (G(gid).Status != GStatus.Running)
                        throw Broken($"g {gid} is not running while unpark");
                    if (ev.P != V1Parser.TimerP && P(ev.P).G != gid)
                        throw Broken($"p {ev.P} is not running g {gid} while unpark");
                    var unblocked = (long)parser.Decode(ev).Args[0];
                    var g1 = G(unblocked);
                    if (g1.Status != GStatus.Waiting)
                        throw Broken($"g {unblocked} is not waiting before unpark");
                    if (g1.Last == EventType.GoBlockNet)
                        ev.P = V1Parser.NetpollP;
                    g1.Status = GStatus.Runnable;
                    g1.Last = EventType.GoUnblock;
                    break;
                }
                case EventType.GoSysCall:
                {
                    var g = G(gid);
                    CheckRunning(P(ev.P), g, allowG0: false);
                    g.Last = ev.Type;
                    break;
                }
                case EventType.GoSysBlock:
                {
                    var g = G(gid);
                    var p = P(ev.P);
                    CheckRunning(p, g, allowG0: false);
                    g.Status = GStatus.Waiting;
                    p.G = 0;
                    break;
                }
                case EventType.GoSysExit:
                {
                    var g = G(gid);
                    if (g.Status != GStatus.Waiting)
                        throw Broken($"g {gid} is not waiting during syscall exit");
                    g.Status = GStatus.Runnable;
                    g.Last = ev.Type;
                    break;
                }
                case EventType.GoSleep or EventType.GoBlock or EventType.GoBlockSend or EventType.GoBlockRecv or EventType.GoBlockSelect
                    or EventType.GoBlockSync or EventType.GoBlockCond or EventType.GoBlockNet or EventType.GoBlockGC:
                {
                    var g = G(gid);
                    var p = P(ev.P);
                    CheckRunning(p, g, allowG0: false);
                    g.Status = GStatus.Waiting;
                    g.Last = ev.Type;
                    p.G = 0;
                    break;
                }
                case EventType.UserTaskCreate:
                {
                    var task = parser.Decode(ev).Args[0];
                    if (!tasks.Add(task))
                        throw Broken($"task id conflicts (id:{task})");
                    break;
                }
                case EventType.UserTaskEnd:
                    tasks.Remove(parser.Decode(ev).Args[0]);
                    break;
                case EventType.UserRegion:
                {
                    var args = parser.Decode(ev).Args;
                    var (task, mode, name) = (args[0], args[1], args[2]);
                    if (mode == 0)
                    {
                        if (!regions.TryGetValue(gid, out var stack))
                            regions[gid] = stack = [];
                        stack.Add((task, name));
                    }
                    else if (mode == 1)
                    {
                        // A region that began before the trace started has no start to match.
                        if (regions.TryGetValue(gid, out var stack) && stack.Count > 0)
                        {
                            if (stack[^1] != (task, name))
                                throw Broken($"misuse of region in goroutine {gid}: region end does not match the inner-most active region");
                            stack.RemoveAt(stack.Count - 1);
                        }
                    }
                    else
                    {
                        throw Broken($"invalid user region mode {mode}");
                    }
                    break;
                }
            }
        }
    }
}
