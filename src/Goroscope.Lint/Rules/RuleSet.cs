namespace Goroscope.Lint.Rules;

/// <summary>Every rule, in the order of LEAK-PATTERNS.md.</summary>
public static class RuleSet
{
    internal static IReadOnlyList<Analyzer> All { get; } =
    [
        DeferInLoop.Rule,
        TimeAfterInLoop.Rule,
        TickerNotStopped.Rule,
        LostCancel.Rule,
        GlobalTimeoutContext.Rule,
        WaitGroupAddInGoroutine.Rule,
        WaitGroupDoneNotDeferred.Rule,
        EarlyReturnSend.Rule,
        RangeNeverClosed.Rule,
        NSendersOneReceive.Rule,
        SendsExceedBuffer.Rule,
        SemaphoreNotReleased.Rule,
        DoubleSend.Rule,
        SelectForever.Rule,
        LoopSelectNoExit.Rule,
        UnclosedResponseBody.Rule,
        ClientWithoutTimeout.Rule,
        TimeTick.Rule,
        DoubleLock.Rule,
        LockOrder.Rule,
        LockNotReleased.Rule,
        CondWait.Rule,
        WaitUnderReadLock.Rule,
        WaitGroupMismatch.Rule,
        ChanOpUnderLock.Rule,
        OrphanChannel.Rule,
        CloseSkipped.Rule,
        StopNotCalled.Rule,
        SelfBlockingChannel.Rule,
        StoppedReceiver.Rule,
        MutualSendLoops.Rule,
    ];

    /// <summary>Every rule's id, in the same order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(a => a.Id)];

    internal static Analyzer? Find(string id) => All.FirstOrDefault(a => a.Id == id);
}
