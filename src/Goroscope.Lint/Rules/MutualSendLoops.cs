using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>Two loops, each blocked on a plain send whose only receiver is the other loop.</summary>
internal static class MutualSendLoops
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "mutual-send-loops",
        Title = "two loops that can block sending to each other",
        Doc = "Loop A sends on an unbuffered channel that only loop B receives, and loop B sends on an unbuffered channel that only loop A receives, each send made on an event of its own (not as the reply to what the other just sent). When both send at the same moment, each waits for the other to receive, and neither ever does: both goroutines leak. Send in a select that also receives the other loop's channel, or buffer one direction.",
        DefaultSeverity = Severity.Error,
        EnabledByDefault = true, // 1 of 1 on real code (docs/lint-precision.md, lint-stopped)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (pass.Facts.Channels is not { } index)
            return;
        var edges = index.Channels.Where(c => c.Escape is null && c.Capacity == ChannelCapacity.Unbuffered)
            .SelectMany(c => EdgesOf(pass, c)).ToList();
        var reported = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var there in edges)
        {
            var back = edges.FirstOrDefault(e => ReferenceEquals(e.Sender, there.Receiver) && ReferenceEquals(e.Receiver, there.Sender) && !ReferenceEquals(e.Channel, there.Channel)
                && !IsAnsweredRequest(there, e) && !IsAnsweredRequest(e, there));
            // One finding per pair, at the send that comes first in the files.
            if (back is null || reported.Contains(back.Send.Node) || Compare(back.Send, there.Send) < 0)
                continue;
            reported.Add(there.Send.Node);
            var send = there.Send;
            pass.Report(send.File, send.Node,
                $"`{send.File.SourceOf(send.Operand)}` is unbuffered and only the loop at {Where(there.Receive)} receives it, but that loop can itself be blocked sending on `{back.Send.File.SourceOf(back.Send.Operand)}` ({Where(back.Send)}), which only this loop receives (at {Where(back.Receive)}): when both send at once, each waits for the other forever and both goroutines leak",
                "send in a select that also receives the other loop's channel, or give one direction a buffer the senders cannot fill",
                [(back.Send.File, back.Send.Node, "the other loop's send, which waits for this loop"), (there.Receive.File, there.Receive.Node, "the only receive of this send, in the other loop"), (back.Receive.File, back.Receive.Node, "this loop's receive of the other's send")]);
        }
    }

    // A plain send on the channel made inside a loop, whose every receive is inside a loop of one other function.
    private sealed record Edge(Channel Channel, ChannelOp Send, Node Sender, Stmt SenderLoop, ChannelOp Receive, Node Receiver);

    private static IEnumerable<Edge> EdgesOf(Pass pass, Channel channel)
    {
        var receives = channel.Ops.Where(o => o.IsReceiving).ToList();
        if (receives.Count == 0 || receives.Select(r => r.Function).Distinct(ReferenceEqualityComparer.Instance).Count() != 1
            || receives.Any(r => LoopOf(r) is null))
            yield break;
        var receiver = receives[0].Function;
        foreach (var send in channel.OpsOf(ChannelOpKind.Send))
            if (send.Select is null && !ReferenceEquals(send.Function, receiver) && LoopOf(send) is { } loop)
                yield return new Edge(channel, send, send.Function, loop, receives[0], receiver);
    }

    // The loop of the operation's own function that runs it again and again.
    private static Stmt? LoopOf(ChannelOp op) =>
        op.Kind == ChannelOpKind.Range ? (Stmt)op.Node
        : op.File.Index.EnclosingLoop(op.Node) is { } loop && Syntax.Within(loop, op.Function) ? loop : null;

    // Whether the request's sender waits for the answer right after it sends (a plain receive of the answer's channel
    // later in the same round) and the answer is only sent in reply to the request (in the body of the select case that
    // received it, or after a plain receive of it in the same round): each answer then follows a request the sender
    // has finished sending, and is received before the next one. A sender that takes answers only in its loop's
    // select can send its next request while the other loop waits to answer the last one.
    private static bool IsAnsweredRequest(Edge request, Edge answer) =>
        answer.Channel.Ops.Any(o => o.Kind == ChannelOpKind.Receive && o.Select is null && ReferenceEquals(o.Function, request.Sender)
            && o.Node.Pos > request.Send.Node.End && Syntax.Within(o.Node, request.SenderLoop))
        && IsReplyTo(answer.Send, request);

    private static bool IsReplyTo(ChannelOp send, Edge other) =>
        other.Channel.Ops.Where(o => o.IsReceiving && ReferenceEquals(o.Function, send.Function)).Any(receive =>
            receive.Kind == ChannelOpKind.Range && Syntax.Within(send.Node, receive.Node)
            || receive.Select is not null && receive.File.Index.Ancestors(receive.Node).OfType<CommClause>().FirstOrDefault() is { } clause && Syntax.Within(send.Node, clause)
            || receive.Select is null && receive.Node.End <= send.Node.Pos && LoopOf(receive) is { } loop && Syntax.Within(send.Node, loop));

    private static int Compare(ChannelOp a, ChannelOp b) =>
        string.CompareOrdinal(a.File.Path, b.File.Path) is var byPath and not 0 ? byPath : a.Node.Pos.CompareTo(b.Node.Pos);

    private static string Where(ChannelOp op) => $"{Path.GetFileName(op.File.Path)}:{Pass.LineOf(op.File, op.Node)}";
}
