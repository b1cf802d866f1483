using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A plain send on an unbuffered channel whose every receiver is a loop that can stop while senders still send.</summary>
internal static class StoppedReceiver
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "stopped-receiver",
        Title = "send on a channel whose only receiver is a loop that can stop",
        Doc = "A plain send on an unbuffered channel completes only while a receiver runs. Every receive of this channel in the package is in a loop's select that can leave the loop by another case (a stop or done channel, ctx.Done(), a timer). Once that loop has left, nothing receives any more, and a send made after it blocks forever. Send in a select that also waits on the loop's stop signal.",
        DefaultSeverity = Severity.Error,
        EnabledByDefault = true, // 10 of 10 on real code (docs/lint-precision.md, lint-stopped)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("select"u8) >= 0) || pass.Facts.Channels is not { } index || pass.Facts.LockSummaries?.Graph is not { } graph)
            return;
        foreach (var channel in index.Channels)
        {
            if (channel.Escape is not null || channel.Capacity != ChannelCapacity.Unbuffered || channel.OpsOf(ChannelOpKind.Close).Any()
                || ReceiverLifetime.LoopsOf(index, graph, channel) is not { } loops || loops.Any(l => ReceiverLifetime.WaitsBeforeSignal(graph, l)))
                continue;
            var receiverFunctions = loops.Select(l => (object)l.Receive.Function).ToHashSet(ReferenceEqualityComparer.Instance);
            var send = channel.OpsOf(ChannelOpKind.Send).Where(s => s.Select is null && !loops.Any(l => IsReceiversOwn(s, l.Receive))
                    && !IsFirstHandOver(index, s, receiverFunctions) && !loops.Any(l => IsOwnEndSignal(l, s)))
                .OrderBy(s => s.File.Path, StringComparer.Ordinal).ThenBy(s => s.Node.Pos).FirstOrDefault();
            if (send is null)
                continue;
            var (receive, stop) = (loops[0].Receive, loops[0].Leave);
            var stopText = receive.File.SourceOf(stop.Comm!);
            pass.Report(send.File, send.Node,
                $"`{send.File.SourceOf(send.Operand)}` is unbuffered and its only receiver is the loop at {Path.GetFileName(receive.File.Path)}:{Pass.LineOf(receive.File, receive.Node)}, which leaves on `{stopText}` (line {Pass.LineOf(receive.File, stop)}): a send made after that blocks forever, and its goroutine leaks",
                $"send in a select that also waits on the loop's stop signal (`{stopText}`), or give the channel a buffer the senders cannot fill",
                [(receive.File, receive.Node, "the only receive, in a loop that can stop"), (receive.File, stop, "the loop leaves here")]);
        }
    }

    // A send in the receiving function itself, or in a closure it makes that is not a goroutine of its own (a callback
    // the receiver hands out for the exchange it waits on).
    private static bool IsReceiversOwn(ChannelOp send, ChannelOp receive) =>
        ReferenceEquals(send.File, receive.File) && Syntax.Within(send.Function, receive.Function)
        && !(send.Function is FuncLit literal && send.File.Index.Parent(literal) is CallExpr call && send.File.Index.Parent(call) is GoStmt);

    // The stop is the sender's own "I am done": every send on and close of the channel the case receives from is in
    // the sending function, so the loop leaves only once the sender has stopped sending.
    private static bool IsOwnEndSignal(ReceiveLoop loop, ChannelOp send) =>
        loop.Signal is { Escape: null } signal
        && signal.Ops.Where(o => o.Kind is ChannelOpKind.Send or ChannelOpKind.Close).ToList() is { Count: > 0 } ends
        && ends.All(o => ReferenceEquals(o.Function, send.Function));

    // A send made once, outside any loop, by the function that has just started the receiving loop (`go r.run()`
    // before it, or a call without arguments, `c.Start()`, whose body does): the loop cannot have stopped unless its
    // stop came before it started.
    private static bool IsFirstHandOver(ChannelIndex index, ChannelOp send, IReadOnlySet<object> receiverFunctions)
    {
        var file = send.File;
        if (file.Index.EnclosingLoop(send.Node) is { } loop && Syntax.Within(loop, send.Function))
            return false;
        return Syntax.BodyNodes<GoStmt>(send.Body).Any(go => go.End <= send.Node.Pos && Starts(index, go, receiverFunctions))
            || Syntax.BodyNodes<ExprStmt>(send.Body).Any(call => call.End <= send.Node.Pos && call.X is CallExpr { Args.Count: 0 } start
                && index.Info.Callee(start) is { Decl.Body: { } body } && Syntax.BodyNodes<GoStmt>(body).Any(go => Starts(index, go, receiverFunctions)));
    }

    // Whether the `go` statement runs one of the receiving functions (`go s.loop()` in a `Start()` counts, one call down).
    // A literal counts when it is the loop or calls it on its own goroutine (`go func() { err := c.loop(); … }()`).
    private static bool Starts(ChannelIndex index, GoStmt go, IReadOnlySet<object> receiverFunctions) =>
        Syntax.Unparen(go.Call.Fun) is FuncLit literal
            ? receiverFunctions.Contains(literal) || CallGraph.CallsIn(literal.Body).Any(call => index.Info.Callee(call) is { Decl: { } called } && receiverFunctions.Contains(called))
            : index.Info.Callee(go.Call) is { Decl: { } started } && receiverFunctions.Contains(started);
}
