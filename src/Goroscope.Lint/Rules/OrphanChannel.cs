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
        EnabledByDefault = false, // 1 of 2 findings true on real code (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("chan"u8) >= 0) || pass.Facts.Channels is not { } index)
            return;
        foreach (var channel in index.Channels)
        {
            if (channel.Escape is not null || channel.Makes.Count == 0)
                continue;
            var made = channel.Makes[0];
            var receives = channel.Ops.Any(o => o.IsReceiving);
            var sends = channel.Ops.Any(o => o.Kind == ChannelOpKind.Send);
            if (sends && !receives && !channel.OpsOf(ChannelOpKind.Close).Any())
            {
                // A send blocks for good at once only on an unbuffered channel (how many sends a buffer takes is not
                // known); a send in a select may leave by another case.
                if (channel.Capacity != ChannelCapacity.Unbuffered || First(channel.OpsOf(ChannelOpKind.Send).Where(o => o.Select is null)) is not { } send)
                    continue;
                pass.Report(send.File, send.Node,
                    $"`{send.File.SourceOf(send.Operand)}` is sent on, but nothing in the package receives from it and it is not handed to code outside: this send blocks forever, and its goroutine leaks",
                    "receive from the channel where its values are meant to go, or remove the channel and the send",
                    [(made.File, made.Make, $"made here ({channel.Capacity})")]);
            }
            else if (receives && !sends && !channel.OpsOf(ChannelOpKind.Close).Any())
            {
                // Only a receive that waits on this channel alone: a select case with other ways out is merely dead.
                if (First(channel.Ops.Where(o => o.IsReceiving && o.Select is null)) is not { } receive)
                    continue;
                pass.Report(receive.File, receive.Node,
                    $"`{receive.File.SourceOf(receive.Operand)}` is received from, but nothing in the package sends on it or closes it and it is not handed to code outside: this {(receive.Kind == ChannelOpKind.Range ? "range" : "receive")} blocks forever, and its goroutine leaks",
                    "send on or close the channel where the waiting should end (close it when the work is done), or remove the receive",
                    [(made.File, made.Make, $"made here ({channel.Capacity})")]);
            }
        }
    }

    private static ChannelOp? First(IEnumerable<ChannelOp> ops) =>
        ops.OrderBy(o => o.File.Path, StringComparer.Ordinal).ThenBy(o => o.Node.Pos).FirstOrDefault();
}
