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
        EnabledByDefault = false, // its findings on real code not all read yet (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("select"u8) >= 0) || pass.Facts.Channels is not { } index)
            return;
        foreach (var channel in index.Channels)
        {
            if (channel.Escape is not null || channel.Capacity != ChannelCapacity.Unbuffered || channel.OpsOf(ChannelOpKind.Close).Any())
                continue;
            var receives = channel.Ops.Where(o => o.IsReceiving).ToList();
            if (receives.Count == 0 || receives.Select(r => StopOf(index, channel, r)).ToList() is not { } stops || stops.Any(s => s is null))
                continue;
            var receiverFunctions = receives.Select(r => (object)r.Function).ToHashSet(ReferenceEqualityComparer.Instance);
            var send = channel.OpsOf(ChannelOpKind.Send).Where(s => s.Select is null && !receives.Any(r => IsReceiversOwn(s, r))
                    && !IsFirstHandOver(index, s, receiverFunctions) && !stops.Any(stop => IsOwnEndSignal(index, stop!, s)))
                .OrderBy(s => s.File.Path, StringComparer.Ordinal).ThenBy(s => s.Node.Pos).FirstOrDefault();
            if (send is null)
                continue;
            var (receive, stop) = (receives[0], stops[0]!);
            var stopText = receive.File.SourceOf(stop.Comm!);
            pass.Report(send.File, send.Node,
                $"`{send.File.SourceOf(send.Operand)}` is unbuffered and its only receiver is the loop at {Path.GetFileName(receive.File.Path)}:{Pass.LineOf(receive.File, receive.Node)}, which leaves on `{stopText}` (line {Pass.LineOf(receive.File, stop)}): a send made after that blocks forever, and its goroutine leaks",
                $"send in a select that also waits on the loop's stop signal (`{stopText}`), or give the channel a buffer the senders cannot fill",
                [(receive.File, receive.Node, "the only receive, in a loop that can stop"), (receive.File, stop, "the loop leaves here")]);
        }
    }

    // The case of the receive's select that leaves its loop (a return, a break or goto out of it) on another channel's
    // receive; null when the receive is not a select case in a loop of its function that outlives the channel's make,
    // or no case leaves.
    private static CommClause? StopOf(ChannelIndex index, Channel channel, ChannelOp receive)
    {
        if (receive.Select is not { } select || receive.SelectHasDefault || receive.File.Index.EnclosingLoop(select) is not { } loop || !Syntax.Within(loop, receive.Function))
            return null;
        var file = receive.File;
        // A channel made afresh each round is received once per round: that round's sender is early-return-send's.
        if (channel.Makes.Any(m => ReferenceEquals(m.File, file) && Syntax.Within(m.Make, loop)))
            return null;
        var label = file.Index.Parent(loop) is LabeledStmt labeled ? labeled.Label.Name : null;
        // Only a case that leaves whatever it received: one that leaves under an `if` may wait for the senders to be done.
        return select.Body.List.OfType<CommClause>().FirstOrDefault(clause =>
            Syntax.ReceivedFrom(clause) is { } other && !ReferenceEquals(index.Of(other), channel)
            && clause.Body.Any(stmt => stmt is ReturnStmt or BranchStmt { Tok: Token.Goto }
                || stmt is BranchStmt { Tok: Token.Break, Label: { } target } && target.Name == label));
    }

    // A send in the receiving function itself, or in a closure it makes that is not a goroutine of its own (a callback
    // the receiver hands out for the exchange it waits on).
    private static bool IsReceiversOwn(ChannelOp send, ChannelOp receive) =>
        ReferenceEquals(send.File, receive.File) && Syntax.Within(send.Function, receive.Function)
        && !(send.Function is FuncLit literal && send.File.Index.Parent(literal) is CallExpr call && send.File.Index.Parent(call) is GoStmt);

    // The stop is the sender's own "I am done": every send on and close of the channel the case receives from is in
    // the sending function, so the loop leaves only once the sender has stopped sending.
    private static bool IsOwnEndSignal(ChannelIndex index, CommClause stop, ChannelOp send) =>
        Syntax.ReceivedFrom(stop) is { } other && index.Of(other) is { Escape: null } signal
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
    private static bool Starts(ChannelIndex index, GoStmt go, IReadOnlySet<object> receiverFunctions) =>
        Syntax.Unparen(go.Call.Fun) is FuncLit literal ? receiverFunctions.Contains(literal)
            : index.Info.Callee(go.Call) is { Decl: { } started } && receiverFunctions.Contains(started);
}
