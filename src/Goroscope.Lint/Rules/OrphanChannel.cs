using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A channel the package sends on and never receives from, or receives from and never sends on nor closes.</summary>
internal static class OrphanChannel
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "orphan-channel",
        Title = "a channel with only one side",
        Doc = "A channel made in this package that something sends on while nothing anywhere in the package receives from it (or the reverse: received from, never sent on nor closed). The channel is not returned, exported or handed to other code, so no other side exists: the send on an unbuffered channel blocks forever, and so does the receive, and the goroutine leaks. Add the missing receiver (or close), or remove the channel.",
        DefaultSeverity = Severity.Error,
        EnabledByDefault = false, // 1 of 3 findings true on real code (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("chan"u8) >= 0) || pass.Facts.Channels is not { } index)
            return;
        foreach (var channel in index.Channels)
        {
            // Code outside that got the channel as a `<-chan` (a getter's result) can only receive: it is no sender.
            if (channel.SenderEscape is not null || channel.Makes.Count == 0)
                continue;
            var made = channel.Makes[0];
            var receives = channel.Ops.Any(o => o.IsReceiving);
            var sends = channel.Ops.Any(o => o.Kind == ChannelOpKind.Send);
            if (sends && !receives && !channel.OpsOf(ChannelOpKind.Close).Any())
            {
                // A send blocks for good at once only on an unbuffered channel (how many sends a buffer takes is not
                // known); a send in a select may leave by another case.
                if (channel.Escape is not null || channel.Capacity != ChannelCapacity.Unbuffered || First(channel.OpsOf(ChannelOpKind.Send).Where(WaitsOnItAlone)) is not { } send)
                    continue;
                pass.Report(send.File, send.Node,
                    $"`{send.File.SourceOf(send.Operand)}` is sent on, but nothing in the package receives from it and it is not handed to code outside: this send blocks forever, and its goroutine leaks",
                    "receive from the channel where its values are meant to go, or remove the channel and the send",
                    [(made.File, made.Make, $"made here ({channel.Capacity})")]);
            }
            else if (receives && !sends && !channel.OpsOf(ChannelOpKind.Close).Any())
            {
                // Only a receive that waits on this channel alone: a select case with other ways out is merely dead.
                if (First(channel.Ops.Where(o => o.IsReceiving && WaitsOnItAlone(o))) is not { } receive)
                    continue;
                pass.Report(receive.File, receive.Node,
                    $"`{receive.File.SourceOf(receive.Operand)}` is received from, but nothing in the package sends on it or closes it and it is not handed to code outside: this {(receive.Kind == ChannelOpKind.Range ? "range" : "receive")} blocks forever, and its goroutine leaks",
                    "send on or close the channel where the waiting should end (close it when the work is done), or remove the receive",
                    [(made.File, made.Make, $"made here ({channel.Capacity})")]);
            }
            else if (sends && receives && channel.Escape is null && pass.Facts.FieldChannels is { } fields)
            {
                ReportOrphanInstance(pass, fields, channel, made);
            }
        }
    }

    // A channel field has both sides in the package, but each value of the struct has its own: a send on `a.ch` of a
    // value the code made (`a := newWorker()`) is not received by a receive on `b.ch` of another. Reported at the first
    // plain operation of a value whose other side is only ever on other values (a receive or close that may be on any
    // value, through an exported method or a variable, answers every one).
    private static void ReportOrphanInstance(Pass pass, FieldChannels fields, Channel channel, (LintFile File, Goroscope.GoSyntax.CallExpr Make) made)
    {
        var instances = channel.Ops.ToDictionary(o => o, fields.InstancesOf);
        // The first value an operation may be on that no operation of the other side may be on too.
        Var? Unanswered(ChannelOp op, Func<ChannelOp, bool> otherSide)
        {
            var others = channel.Ops.Where(otherSide).Select(o => instances[o]).ToList();
            return instances[op] is not { } mine || others.Any(o => o is null) ? null
                : mine.OrderBy(v => v.Declaration?.Pos ?? 0).FirstOrDefault(v => !others.Any(o => o!.Contains(v)));
        }
        var plain = channel.Ops.Where(o => o.Select is null).OrderBy(o => o.File.Path, StringComparer.Ordinal).ThenBy(o => o.Node.Pos);
        foreach (var op in plain)
        {
            var sends = op.Kind == ChannelOpKind.Send;
            if (sends && channel.Capacity != ChannelCapacity.Unbuffered || op.Kind == ChannelOpKind.Close)
                continue;
            Func<ChannelOp, bool> otherSide = sends ? o => o.IsReceiving || o.Kind == ChannelOpKind.Close : o => o.Kind is ChannelOpKind.Send or ChannelOpKind.Close;
            if (Unanswered(op, otherSide) is not { } value)
                continue;
            var other = channel.Ops.First(otherSide);
            var (verb, otherVerb) = sends ? ("sent on", "receive from") : (op.Kind == ChannelOpKind.Range ? "ranged over" : "received from", "send on");
            pass.Report(op.File, op.Node,
                $"`{op.File.SourceOf(op.Operand)}` is {verb} for the value `{value.Name}`, but every {otherVerb} or close of this field in the package is on another value (`{other.File.SourceOf(other.Operand)}`, {Path.GetFileName(other.File.Path)}:{Pass.LineOf(other.File, other.Node)}): this {(sends ? "send" : op.Kind == ChannelOpKind.Range ? "range" : "receive")} on `{value.Name}` blocks forever, and its goroutine leaks",
                sends ? "receive from this value's channel where its values are meant to go, or send on the value that is received from"
                    : "send on or close this value's channel where the waiting should end, or wait on the value that is sent on",
                [(other.File, other.Node, "the other side, on another value"), (made.File, made.Make, $"made here ({channel.Capacity})")]);
            return;
        }
    }

    // Not in a select, or in one whose only case it is (no default): nothing else can end the wait.
    private static bool WaitsOnItAlone(ChannelOp op) => op.Select is not { } select || select.Body.List.Count == 1 && !op.SelectHasDefault;

    private static ChannelOp? First(IEnumerable<ChannelOp> ops) =>
        ops.OrderBy(o => o.File.Path, StringComparer.Ordinal).ThenBy(o => o.Node.Pos).FirstOrDefault();
}
