namespace Goroscope.Traces.Timelines;

/// <summary>Where a goroutine's time went, in nanoseconds; the parts do not overlap, except GC which overlaps execution.</summary>
public struct TimeSplit
{
    public long Execution;
    public long SchedulerWait;
    public long SyncBlock;
    public long NetworkWait;
    public long OtherBlock;
    public long Syscall;
    public long SyscallBlocked;

    /// <summary>Mark assists, sweeping and stop-the-world pauses the goroutine took part in (overlaps the others).</summary>
    public long GC;

    public void Add(in TimeSplit other)
    {
        Execution += other.Execution;
        SchedulerWait += other.SchedulerWait;
        SyncBlock += other.SyncBlock;
        NetworkWait += other.NetworkWait;
        OtherBlock += other.OtherBlock;
        Syscall += other.Syscall;
        SyscallBlocked += other.SyscallBlocked;
        GC += other.GC;
    }

    /// <summary>Sync blocks are the ones `go tool trace -pprof=sync` counts: channels, selects and the sync package.</summary>
    public static bool IsSync(string reason) => reason.Contains("chan", StringComparison.Ordinal) || reason.Contains("sync", StringComparison.Ordinal)
        || reason.Contains("select", StringComparison.Ordinal) || reason == "forever";

    public static bool IsNetwork(string reason) => reason == "network";

    public void AddBlock(string reason, long duration)
    {
        if (IsNetwork(reason))
            NetworkWait += duration;
        else if (IsSync(reason))
            SyncBlock += duration;
        else
            OtherBlock += duration;
    }
}
