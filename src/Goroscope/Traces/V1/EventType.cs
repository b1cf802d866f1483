namespace Goroscope.Traces.V1;

/// <summary>Event types of the Go 1.11–1.21 format, numbered as the runtime wrote them (runtime/trace.go of those releases).</summary>
internal enum EventType : byte
{
    None = 0,
    Batch = 1,
    Frequency = 2,
    Stack = 3,
    Gomaxprocs = 4,
    ProcStart = 5,
    ProcStop = 6,
    GCStart = 7,
    GCDone = 8,
    STWStart = 9,
    STWDone = 10,
    GCSweepStart = 11,
    GCSweepDone = 12,
    GoCreate = 13,
    GoStart = 14,
    GoEnd = 15,
    GoStop = 16,
    GoSched = 17,
    GoPreempt = 18,
    GoSleep = 19,
    GoBlock = 20,
    GoUnblock = 21,
    GoBlockSend = 22,
    GoBlockRecv = 23,
    GoBlockSelect = 24,
    GoBlockSync = 25,
    GoBlockCond = 26,
    GoBlockNet = 27,
    GoSysCall = 28,
    GoSysExit = 29,
    GoSysBlock = 30,
    GoWaiting = 31,
    GoInSyscall = 32,
    HeapAlloc = 33,
    HeapGoal = 34,
    TimerGoroutine = 35,
    FutileWakeup = 36,
    String = 37,
    GoStartLocal = 38,
    GoUnblockLocal = 39,
    GoSysExitLocal = 40,
    GoStartLabel = 41,
    GoBlockGC = 42,
    GCMarkAssistStart = 43,
    GCMarkAssistDone = 44,
    UserTaskCreate = 45,
    UserTaskEnd = 46,
    UserRegion = 47,
    UserLog = 48,
    CPUSample = 49,
    Count = 50,
}

/// <summary>
/// What the format says about one event type: the first format version that has it, whether its last argument
/// is a stack id, how many other arguments there are, and whether a time delta comes first (all but the batch
/// header, the frequency and the timer goroutine).
/// </summary>
internal readonly record struct EventSpec(string Name, int MinVersion, bool HasStack, int Args, bool IsTimed = true)
{
    public static EventSpec Of(EventType type) => Table[(int)type];

    /// <summary>Whether <paramref name="type"/> is an event this version of the format can hold.</summary>
    public static bool Exists(EventType type, int version) => type is > EventType.None and < EventType.Count && Of(type).MinVersion <= version;

    /// <summary>How many values the wire holds for an event: time delta, arguments and stack id.</summary>
    public int WireArgs => (IsTimed ? 1 : 0) + Args + (HasStack ? 1 : 0);

    private static readonly EventSpec[] Table =
    [
        new("None", 5, false, 0),
        new("Batch", 5, false, 2, IsTimed: false),
        new("Frequency", 5, false, 1, IsTimed: false),
        new("Stack", 5, false, 2),
        new("Gomaxprocs", 5, true, 1),
        new("ProcStart", 5, false, 1),
        new("ProcStop", 5, false, 0),
        new("GCStart", 5, true, 1),
        new("GCDone", 5, false, 0),
        new("GCSTWStart", 5, false, 1),
        new("GCSTWDone", 5, false, 0),
        new("GCSweepStart", 5, true, 0),
        new("GCSweepDone", 5, false, 2),
        new("GoCreate", 5, true, 2),
        new("GoStart", 5, false, 2),
        new("GoEnd", 5, false, 0),
        new("GoStop", 5, true, 0),
        new("GoSched", 5, true, 0),
        new("GoPreempt", 5, true, 0),
        new("GoSleep", 5, true, 0),
        new("GoBlock", 5, true, 0),
        new("GoUnblock", 5, true, 2),
        new("GoBlockSend", 5, true, 0),
        new("GoBlockRecv", 5, true, 0),
        new("GoBlockSelect", 5, true, 0),
        new("GoBlockSync", 5, true, 0),
        new("GoBlockCond", 5, true, 0),
        new("GoBlockNet", 5, true, 0),
        new("GoSysCall", 5, true, 0),
        new("GoSysExit", 5, false, 3),
        new("GoSysBlock", 5, false, 0),
        new("GoWaiting", 5, false, 1),
        new("GoInSyscall", 5, false, 1),
        new("HeapAlloc", 5, false, 1),
        new("HeapGoal", 5, false, 1),
        new("TimerGoroutine", 5, false, 1, IsTimed: false),
        new("FutileWakeup", 5, false, 0),
        new("String", 7, false, 0),
        new("GoStartLocal", 7, false, 1),
        new("GoUnblockLocal", 7, true, 1),
        new("GoSysExitLocal", 7, false, 2),
        new("GoStartLabel", 8, false, 3),
        new("GoBlockGC", 8, true, 0),
        new("GCMarkAssistStart", 9, true, 0),
        new("GCMarkAssistDone", 9, false, 0),
        new("UserTaskCreate", 11, true, 3),
        new("UserTaskEnd", 11, true, 1),
        new("UserRegion", 11, true, 3),
        new("UserLog", 11, true, 2),
        new("CPUSample", 19, true, 3),
    ];
}
