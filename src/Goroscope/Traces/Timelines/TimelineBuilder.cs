using Goroscope.Stacks;

namespace Goroscope.Traces.Timelines;

/// <summary>
/// Follows every goroutine through the trace's state transitions. The accounting follows Go's
/// internal/trace Summarizer, so the time split agrees with `go tool trace`'s goroutine analysis.
/// </summary>
internal sealed class TimelineBuilder(TraceReader reader, TimelineOptions options)
{
    private readonly IdTable<GoroutineLife> _live = new();
    private readonly List<GoroutineLife> _ended = [];
    private readonly Dictionary<long, Ancestry> _ancestry = [];
    private readonly Dictionary<string, GoroutineGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<int, CreationSite> _sitesByStack = [];
    private readonly Dictionary<Frame, CreationSite> _sitesByFrame = [];
    private readonly CreationSite _existing = new(null);
    private readonly LatencyHistogram _createToRun = new();
    private readonly LatencyHistogram _schedulerLatency = new();

    // A goroutine in a syscall and the proc it holds: if the proc goes idle, the syscall blocked.
    private readonly Dictionary<long, long> _syscallingOnProc = [];
    private readonly Dictionary<long, long> _syscallBlockedSince = [];
    private readonly Dictionary<(long Goroutine, int Range), long> _rangeSince = [];

    private readonly Dictionary<long, (int Stack, long Since)> _profiling = [];
    private readonly Dictionary<long, List<(int Stack, long Nanoseconds)>> _profileBeforeFirstRun = [];
    private readonly Dictionary<int, ProfileRecord> _profile = [];

    private long _start = -1;
    private long _syncTime = -1;
    private long _last;
    private long _created;
    private long _seen;
    private long _endedCount;

    public Timeline Build()
    {
        while (reader.TryRead(out var e))
        {
            if (_start < 0)
                _start = e.Time;
            _last = e.Time;
            switch (e.Kind)
            {
                case TraceEventKind.Sync:
                    if (_syncTime < 0)
                        _syncTime = e.Time;
                    break;
                case TraceEventKind.GoroutineTransition:
                    Transition(e);
                    break;
                case TraceEventKind.ProcTransition when e.ProcTo == ProcState.Idle && e.ProcFrom != ProcState.Idle:
                    if (_syscallingOnProc.Remove(e.Resource, out var goroutine))
                        _syscallBlockedSince[goroutine] = e.Time;
                    break;
                case TraceEventKind.RangeBegin or TraceEventKind.RangeActive:
                    if (RangeGoroutine(e) is { } g)
                        _rangeSince[(g, RangeKind(e.Reason))] = e.Kind == TraceEventKind.RangeActive ? _syncTime : e.Time;
                    break;
                case TraceEventKind.RangeEnd:
                    if (RangeGoroutine(e) is { } ranged && _rangeSince.Remove((ranged, RangeKind(e.Reason)), out var since) && _live.TryGetValue(ranged, out var rangedLife))
                        rangedLife.Time.GC += e.Time - since;
                    break;
            }
        }
        var end = _last;
        foreach (var life in _live.Values)
        {
            Account(life, end);
            var group = Group(life);
            group.Goroutines++;
            group.Time.Add(life.Time);
        }
        foreach (var (goroutine, pending) in _profileBeforeFirstRun)
            if (_live.TryGetValue(goroutine, out var neverRan) && neverRan.FirstRunAt < 0)
                foreach (var (stack, nanoseconds) in pending)
                    Record(stack, nanoseconds);
        return new Timeline
        {
            Version = reader.Version,
            Stacks = reader.Stacks,
            Start = Math.Max(0, _start),
            End = end,
            Events = reader.EventCount,
            Wall = reader.Wall,
            Alive = [.. _live.Values.OrderBy(l => l.Id)],
            EndedLives = _ended,
            Ancestry = _ancestry,
            Groups = [.. _groups.Values.OrderByDescending(g => g.Time.Execution).ThenBy(g => g.Name, StringComparer.Ordinal)],
            CreationSites = [.. _sitesByFrame.Values.Append(_existing).Where(s => s.Created > 0).OrderByDescending(s => s.Created)],
            CreateToRun = _createToRun,
            SchedulerLatency = _schedulerLatency,
            GoroutinesSeen = _seen,
            GoroutinesCreated = _created,
            GoroutinesEnded = _endedCount,
            Profile = [.. _profile.Values.OrderByDescending(r => r.Nanoseconds)],
        };
    }

    // A goroutine is in at most one range of each kind at a time.
    private static int RangeKind(string name) => name switch
    {
        "GC mark assist" => 1,
        "GC incremental sweep" => 2,
        _ => 3, // stop-the-world (kind)
    };

    // Mark assists and stop-the-world pauses belong to a goroutine; sweeping to the proc, so to the goroutine on it.
    private static long? RangeGoroutine(in TraceEvent e) =>
        e.Resource >= 0 ? e.Resource : e.Reason.StartsWith("GC incremental sweep", StringComparison.Ordinal) && e.G >= 0 ? e.G : null;

    private void Transition(in TraceEvent e)
    {
        if (e.GoFrom == e.GoTo)
            return;
        var id = e.Resource;
        GoroutineLife life;
        switch (e.GoFrom)
        {
            case GoState.Undetermined:
                life = Born(id, e, existed: true);
                life.CreatedAt = _syncTime;
                break;
            case GoState.NotExist:
                life = Born(id, e, existed: false);
                life.CreatedAt = e.Time;
                life.CreatorId = e.G;
                life.CreationStack = e.Stack;
                life.StartStack = e.TransitionStack;
                _created++;
                Site(e.Stack).Created++;
                break;
            default:
                if (!_live.TryGetValue(id, out life!))
                    return;
                Account(life, e.Time);
                break;
        }
        Profile(life, e);

        if (life.Name.Length == 0 && NameStack(e) is var nameStack and > 0 && reader.Stacks[nameStack].Frames is { Count: > 0 } frames)
            life.Name = frames[^1].Function;

        if (e.GoFrom == GoState.Runnable && e.GoTo == GoState.Running)
        {
            if (life.FirstRunAt < 0)
            {
                if (!life.ExistedAtStart)
                {
                    _createToRun.Add(e.Time - life.CreatedAt);
                    Site(life.CreationStack).CreateToRun.Add(e.Time - life.CreatedAt);
                }
                _profileBeforeFirstRun.Remove(id);
            }
            else
            {
                _schedulerLatency.Add(e.Time - life.StateSince);
            }
        }
        if (e.GoTo == GoState.Running && life.FirstRunAt < 0)
            life.FirstRunAt = e.Time;

        life.History?.Add(new StateChange(e.Time, e.GoFrom, e.GoTo, e.Reason, e.Stack != 0 ? e.Stack : e.TransitionStack));

        life.State = e.GoTo;
        // A goroutine found in a state has been in it since the trace started, whenever its status was written.
        life.StateSince = e.GoFrom == GoState.Undetermined ? _syncTime : e.Time;
        switch (e.GoTo)
        {
            case GoState.Waiting:
                life.Reason = e.Reason;
                life.StateStack = e.Stack != 0 ? e.Stack : e.TransitionStack;
                if (e.GoFrom != GoState.Undetermined)
                    life.Blocks++;
                break;
            case GoState.Syscall:
                life.Reason = "";
                life.StateStack = e.Stack;
                life.Syscalls++;
                if (e.P >= 0)
                    _syscallingOnProc[e.P] = id;
                break;
            case GoState.Runnable:
                life.Reason = e.Reason;
                if (e.GoFrom == GoState.Undetermined)
                    life.StateStack = e.Stack;
                break;
            case GoState.NotExist:
                life.EndedAt = e.Time;
                _live.Remove(id);
                _endedCount++;
                var group = Group(life);
                group.Goroutines++;
                group.Ended++;
                group.Time.Add(life.Time);
                if (options.KeepEnded || life.History is not null)
                    _ended.Add(life);
                break;
            default:
                if (e.GoFrom == GoState.Undetermined)
                    life.StateStack = e.Stack;
                break;
        }
    }

    private GoroutineLife Born(long id, in TraceEvent e, bool existed)
    {
        var life = new GoroutineLife(id) { ExistedAtStart = existed, History = options.FollowAll || options.Follow.Contains(id) ? [] : null };
        _live[id] = life;
        _seen++;
        if (existed)
            _existing.Created++;
        else
            _ancestry[id] = new Ancestry(e.G, e.Stack, e.TransitionStack, e.Time);
        return life;
    }

    // Go names a goroutine by the first stack a transition shows for it: the start stack of a creation, the
    // stack of a block, stop or syscall, the current stack of a status.
    private static int NameStack(in TraceEvent e) => e.GoFrom == GoState.NotExist ? e.TransitionStack : e.Stack != 0 ? e.Stack : e.TransitionStack;

    /// <summary>Credits the time since the goroutine entered its state to that state, up to <paramref name="until"/>.</summary>
    private void Account(GoroutineLife life, long until)
    {
        var duration = until - life.StateSince;
        if (duration <= 0)
            return;
        switch (life.State)
        {
            case GoState.Running:
                life.Time.Execution += duration;
                break;
            case GoState.Runnable:
                life.Time.SchedulerWait += duration;
                break;
            case GoState.Waiting:
                life.Time.AddBlock(life.Reason, duration);
                break;
            case GoState.Syscall:
                if (_syscallBlockedSince.Remove(life.Id, out var blockedSince))
                {
                    life.Time.Syscall += blockedSince - life.StateSince;
                    life.Time.SyscallBlocked += until - blockedSince;
                }
                else
                {
                    life.Time.Syscall += duration;
                    foreach (var (proc, goroutine) in _syscallingOnProc)
                        if (goroutine == life.Id)
                        {
                            _syscallingOnProc.Remove(proc);
                            break;
                        }
                }
                break;
        }
    }

    private GoroutineGroup Group(GoroutineLife life)
    {
        var name = life.Name.Length > 0 ? life.Name : "(unnamed)";
        if (!_groups.TryGetValue(name, out var group))
            _groups[name] = group = new GoroutineGroup(name);
        return group;
    }

    private CreationSite Site(int creationStack)
    {
        if (_sitesByStack.TryGetValue(creationStack, out var site))
            return site;
        var frames = reader.Stacks[creationStack].Frames;
        if (frames.Count == 0)
            site = _existing;
        else if (!_sitesByFrame.TryGetValue(frames[0], out site))
            _sitesByFrame[frames[0]] = site = new CreationSite(frames[0]);
        _sitesByStack[creationStack] = site;
        return site;
    }

    private void Profile(GoroutineLife life, in TraceEvent e)
    {
        if (options.Profile is not { } kind)
            return;
        var (state, tracks) = kind switch
        {
            PprofKind.Sched => (GoState.Runnable, true),
            PprofKind.Sync => (GoState.Waiting, TimeSplit.IsSync(e.Reason) && e.Reason != "forever"),
            PprofKind.Net => (GoState.Waiting, TimeSplit.IsNetwork(e.Reason)),
            _ => (GoState.Syscall, true),
        };
        if (!_profiling.TryGetValue(life.Id, out var tracking))
        {
            if (e.GoTo == state && tracks)
                _profiling[life.Id] = (e.Stack, e.Time);
            return;
        }
        if (e.GoTo == state)
            return;
        _profiling.Remove(life.Id);
        // Go counts only the part of the interval after the goroutine first ran; before its first run we cannot
        // know yet whether it ever will (then the whole interval counts).
        if (life.FirstRunAt < 0 && !(e.GoFrom == GoState.Runnable && e.GoTo == GoState.Running))
        {
            if (!_profileBeforeFirstRun.TryGetValue(life.Id, out var pending))
                _profileBeforeFirstRun[life.Id] = pending = [];
            pending.Add((tracking.Stack, e.Time - tracking.Since));
            return;
        }
        var from = Math.Max(tracking.Since, life.FirstRunAt < 0 ? e.Time : life.FirstRunAt);
        if (e.Time - from > 0)
            Record(tracking.Stack, e.Time - from);
    }

    private void Record(int stack, long nanoseconds)
    {
        if (!_profile.TryGetValue(stack, out var record))
            _profile[stack] = record = new ProfileRecord(stack);
        record.Count++;
        record.Nanoseconds += nanoseconds;
    }
}
