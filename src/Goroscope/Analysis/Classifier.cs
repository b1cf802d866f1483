using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Analysis;

/// <summary>Names the leak pattern of a wait state, resolving states the runtime prints too coarsely.</summary>
public static class Classifier
{
    /// <summary>
    /// The state to group and classify by: as printed, except `semacquire` (before Go 1.20 every mutex and
    /// WaitGroup wait; before 1.24 still WaitGroup waits) and unknown states, which the frames resolve.
    /// </summary>
    public static WaitState Resolve(WaitState printed, IReadOnlyList<Frame> frames)
    {
        if (printed.Reason is "semacquire" or "waiting" || printed.Class == StateClass.Unknown)
            return WaitStateInference.FromFrames(frames) is { Class: not StateClass.Running } inferred ? inferred : printed;
        return printed;
    }

    public static LeakPattern PatternOf(WaitState state) => state.Class switch
    {
        StateClass.Running or StateClass.Runnable => LeakPatterns.Running,
        StateClass.Syscall => LeakPatterns.Syscall,
        StateClass.Other => LeakPatterns.RuntimeInternal,
        StateClass.Unknown => LeakPatterns.Unknown,
        _ => state.Reason switch
        {
            "chan send" => LeakPatterns.ChanSend,
            "chan receive" => LeakPatterns.ChanReceive,
            "chan send (nil chan)" or "chan receive (nil chan)" => LeakPatterns.NilChan,
            "select (no cases)" => LeakPatterns.SelectForever,
            "select" => LeakPatterns.Select,
            "sync.Mutex.Lock" or "sync.RWMutex.Lock" or "sync.RWMutex.RLock" or "semacquire" => LeakPatterns.Mutex,
            "sync.WaitGroup.Wait" => LeakPatterns.WaitGroup,
            "sync.Cond.Wait" => LeakPatterns.Cond,
            "sleep" => LeakPatterns.Sleep,
            "IO wait" => LeakPatterns.IoWait,
            Debug1Reader.ChanOrSelect => LeakPatterns.ChanOrSelect,
            _ => LeakPatterns.RuntimeInternal,
        },
    };
}
