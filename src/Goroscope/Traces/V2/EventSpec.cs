namespace Goroscope.Traces.V2;

/// <summary>
/// What the wire format says about one event type: its arguments (the first of a timed event is the time
/// delta), which arguments are stack or string ids,. Go's reader accepts
/// every known event whatever the header's version, and so do we.
/// </summary>
internal sealed record EventSpec(string Name, string[] Args)
{
    public bool IsTimed { get; init; }
    public bool HasData { get; init; }
    public bool IsStack { get; init; }

    /// <summary>Argument positions (counting the time delta) of stack ids; the first is the event's own stack.</summary>
    public int[] StackArgs { get; init; } = [];

    /// <summary>The begin event of the range this event ends or marks active.</summary>
    public EventType StartEvent { get; init; }

    public static EventSpec? Of(EventType type) => Table[(int)type];

    private static EventSpec Timed(string name, string[] args, int[]? stacks = null, EventType start = EventType.None) =>
        new(name, args) { IsTimed = true, StackArgs = stacks ?? [], StartEvent = start };

    private static readonly EventSpec?[] Table = Build();

    private static EventSpec?[] Build()
    {
        var table = new EventSpec?[256];
        void Set(EventType type, EventSpec spec) => table[(int)type] = spec;

        Set(EventType.EventBatch, new("EventBatch", ["gen", "m", "time", "size"]));
        Set(EventType.Stacks, new("Stacks", []));
        Set(EventType.Stack, new("Stack", ["id", "nframes"]) { IsStack = true });
        Set(EventType.Strings, new("Strings", []));
        Set(EventType.String, new("String", ["id"]) { HasData = true });
        Set(EventType.CPUSamples, new("CPUSamples", []));
        Set(EventType.CPUSample, new("CPUSample", ["time", "m", "p", "g", "stack"]));
        Set(EventType.Frequency, new("Frequency", ["freq"]));
        Set(EventType.ExperimentalBatch, new("ExperimentalBatch", ["exp", "gen", "m", "time"]) { HasData = true });
        Set(EventType.Sync, new("Sync", []));
        Set(EventType.EndOfGeneration, new("EndOfGeneration", []));

        Set(EventType.ProcsChange, Timed("ProcsChange", ["dt", "procs_value", "stack"], [2]));
        Set(EventType.ProcStart, Timed("ProcStart", ["dt", "p", "p_seq"]));
        Set(EventType.ProcStop, Timed("ProcStop", ["dt"]));
        Set(EventType.ProcSteal, Timed("ProcSteal", ["dt", "p", "p_seq", "m"]));
        Set(EventType.ProcStatus, Timed("ProcStatus", ["dt", "p", "pstatus"]));
        Set(EventType.GoCreate, Timed("GoCreate", ["dt", "new_g", "new_stack", "stack"], [3, 2]));
        Set(EventType.GoCreateSyscall, Timed("GoCreateSyscall", ["dt", "new_g"]));
        Set(EventType.GoStart, Timed("GoStart", ["dt", "g", "g_seq"]));
        Set(EventType.GoDestroy, Timed("GoDestroy", ["dt"]));
        Set(EventType.GoDestroySyscall, Timed("GoDestroySyscall", ["dt"]));
        Set(EventType.GoStop, Timed("GoStop", ["dt", "reason_string", "stack"], [2]));
        Set(EventType.GoBlock, Timed("GoBlock", ["dt", "reason_string", "stack"], [2]));
        Set(EventType.GoUnblock, Timed("GoUnblock", ["dt", "g", "g_seq", "stack"], [3]));
        Set(EventType.GoSyscallBegin, Timed("GoSyscallBegin", ["dt", "p_seq", "stack"], [2]));
        Set(EventType.GoSyscallEnd, Timed("GoSyscallEnd", ["dt"], start: EventType.GoSyscallBegin));
        Set(EventType.GoSyscallEndBlocked, Timed("GoSyscallEndBlocked", ["dt"], start: EventType.GoSyscallBegin));
        Set(EventType.GoStatus, Timed("GoStatus", ["dt", "g", "m", "gstatus"]));
        Set(EventType.STWBegin, Timed("STWBegin", ["dt", "kind_string", "stack"], [2]));
        Set(EventType.STWEnd, Timed("STWEnd", ["dt"], start: EventType.STWBegin));
        Set(EventType.GCActive, Timed("GCActive", ["dt", "gc_seq"], start: EventType.GCBegin));
        Set(EventType.GCBegin, Timed("GCBegin", ["dt", "gc_seq", "stack"], [2]));
        Set(EventType.GCEnd, Timed("GCEnd", ["dt", "gc_seq"], start: EventType.GCBegin));
        Set(EventType.GCSweepActive, Timed("GCSweepActive", ["dt", "p"], start: EventType.GCSweepBegin));
        Set(EventType.GCSweepBegin, Timed("GCSweepBegin", ["dt", "stack"], [1]));
        Set(EventType.GCSweepEnd, Timed("GCSweepEnd", ["dt", "swept_value", "reclaimed_value"], start: EventType.GCSweepBegin));
        Set(EventType.GCMarkAssistActive, Timed("GCMarkAssistActive", ["dt", "g"], start: EventType.GCMarkAssistBegin));
        Set(EventType.GCMarkAssistBegin, Timed("GCMarkAssistBegin", ["dt", "stack"], [1]));
        Set(EventType.GCMarkAssistEnd, Timed("GCMarkAssistEnd", ["dt"], start: EventType.GCMarkAssistBegin));
        Set(EventType.HeapAlloc, Timed("HeapAlloc", ["dt", "heapalloc_value"]));
        Set(EventType.HeapGoal, Timed("HeapGoal", ["dt", "heapgoal_value"]));
        Set(EventType.GoLabel, Timed("GoLabel", ["dt", "label_string"]));
        Set(EventType.UserTaskBegin, Timed("UserTaskBegin", ["dt", "task", "parent_task", "name_string", "stack"], [4]));
        Set(EventType.UserTaskEnd, Timed("UserTaskEnd", ["dt", "task", "stack"], [2]));
        Set(EventType.UserRegionBegin, Timed("UserRegionBegin", ["dt", "task", "name_string", "stack"], [3]));
        Set(EventType.UserRegionEnd, Timed("UserRegionEnd", ["dt", "task", "name_string", "stack"], [3], start: EventType.UserRegionBegin));
        Set(EventType.UserLog, Timed("UserLog", ["dt", "task", "key_string", "value_string", "stack"], [4]));
        Set(EventType.GoSwitch, Timed("GoSwitch", ["dt", "g", "g_seq"]));
        Set(EventType.GoSwitchDestroy, Timed("GoSwitchDestroy", ["dt", "g", "g_seq"]));
        Set(EventType.GoCreateBlocked, Timed("GoCreateBlocked", ["dt", "new_g", "new_stack", "stack"], [3, 2]));
        Set(EventType.GoStatusStack, Timed("GoStatusStack", ["dt", "g", "m", "gstatus", "stack"], [4]));
        Set(EventType.ClockSnapshot, Timed("ClockSnapshot", ["dt", "mono", "sec", "nsec"]));

        Set(EventType.Span, Timed("Span", ["dt", "id", "npages_value", "kindclass"]));
        Set(EventType.SpanAlloc, Timed("SpanAlloc", ["dt", "id", "npages_value", "kindclass"]));
        Set(EventType.SpanFree, Timed("SpanFree", ["dt", "id"]));
        Set(EventType.HeapObject, Timed("HeapObject", ["dt", "id", "type"]));
        Set(EventType.HeapObjectAlloc, Timed("HeapObjectAlloc", ["dt", "id", "type"]));
        Set(EventType.HeapObjectFree, Timed("HeapObjectFree", ["dt", "id"]));
        Set(EventType.GoroutineStack, Timed("GoroutineStack", ["dt", "id", "order"]));
        Set(EventType.GoroutineStackAlloc, Timed("GoroutineStackAlloc", ["dt", "id", "order"]));
        Set(EventType.GoroutineStackFree, Timed("GoroutineStackFree", ["dt", "id"]));
        return table;
    }
}
