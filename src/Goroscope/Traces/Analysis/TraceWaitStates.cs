using Goroscope.Stacks;
using Goroscope.Traces.Timelines;

namespace Goroscope.Traces.Analysis;

/// <summary>
/// A trace's last state of a goroutine in the words of a goroutine dump, so that the dump classifier and pattern
/// catalog apply unchanged. A trace says `sync` for mutexes and WaitGroups alike and `forever` for `select {}`
/// and nil channels; the blocking frames tell which.
/// </summary>
public static class TraceWaitStates
{
    public static WaitState Of(GoroutineLife life, Stack stack) => life.State switch
    {
        GoState.Running => WaitState.FromPrinted("running"),
        GoState.Runnable => WaitState.FromPrinted("runnable"),
        GoState.Syscall => WaitState.FromPrinted("syscall"),
        GoState.Waiting => Waiting(life.Reason, stack),
        _ => WaitState.Unknown,
    };

    private static WaitState Waiting(string reason, Stack stack) => reason switch
    {
        "chan send" or "chan receive" or "select" or "sleep" => WaitState.FromPrinted(reason),
        "network" => WaitState.FromPrinted("IO wait"),
        "sync.(*Cond).Wait" => WaitState.FromPrinted("sync.Cond.Wait"),
        "forever" => WaitStateInference.FromFrames(stack.Frames) switch
        {
            { Reason: "chan send" or "chan receive" } channel => WaitState.FromPrinted(channel.Reason + " (nil chan)"),
            { } inferred => inferred with { Inferred = false },
            null => WaitState.FromPrinted("select (no cases)"),
        },
        _ => WaitStateInference.FromFrames(stack.Frames) is { Class: StateClass.Waiting } inferred
            ? inferred with { Inferred = false }
            : WaitState.FromPrinted(reason.Length > 0 ? reason : "waiting"),
    };
}
