using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>Goroutines started in a loop send to one unbuffered channel that is received from once, or never.</summary>
internal static class NSendersOneReceive
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "n-senders-one-receive",
        Title = "N goroutines send to an unbuffered channel received from once",
        Doc = "A loop starts one goroutine per item, each sending its result on the same unbuffered channel, and the function takes a single value (the first answer wins) and returns. The other N-1 senders block on their sends forever — all N when nothing receives at all.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var goroutine in pass.Facts.Goroutines)
        {
            if (goroutine.Function is not FuncLit sender)
                continue;
            var file = goroutine.SpawnFile;
            if (file.Index.EnclosingLoop(goroutine.Go) is not { } loop || file.Index.EnclosingFunction(goroutine.Go) is not { } outer)
                continue;
            foreach (var send in Syntax.BodyNodes<SendStmt>(sender.Body).Where(s => Syntax.Unparen(s.Chan) is Ident && file.Index.Parent(s) is not CommClause))
            {
                if (ChannelUses.Of(file, (Ident)Syntax.Unparen(send.Chan), sender) is not { Escapes: false, Receives.Count: <= 1 } uses
                    || !uses.Make.IsUnbuffered || uses.Declaration.Pos > loop.Pos)
                {
                    continue;
                }
                var receive = uses.Receives.FirstOrDefault();
                if (receive is not null && file.Index.EnclosingLoop(receive) is { } receiveLoop && Syntax.Within(receiveLoop, outer))
                    continue;
                pass.Report(file, send,
                    receive is null
                        ? $"one goroutine per pass of the loop on line {Pass.LineOf(file, loop)} sends on unbuffered `{uses.Declaration.Name}`, which nothing receives from: every sender blocks forever"
                        : $"one goroutine per pass of the loop on line {Pass.LineOf(file, loop)} sends on unbuffered `{uses.Declaration.Name}`, which is received from once (line {Pass.LineOf(file, receive)}): every sender but the first blocks forever",
                    $"give the channel room for every sender (make(chan T, len(items))), or receive once per goroutine started");
                break;
            }
        }
        RunOnFields(pass);
    }

    // Through a struct field: a loop starts `go s.probe(x)` (or a literal) per item, each sending on s.results, and the
    // function takes one value from s.results — the only receive of that field in the package — outside any loop.
    private static void RunOnFields(Pass pass)
    {
        if (pass.Facts.FieldChannels is not { } fields)
            return;
        foreach (var spawnSends in fields.SendsToStarter().GroupBy(s => s.Spawn))
        {
            var spawn = spawnSends.Key;
            var file = spawn.SpawnFile;
            if (file.Index.EnclosingLoop(spawn.Go) is not { } loop || !Syntax.Within(loop, spawnSends.First().Outer))
                continue;
            foreach (var (_, send, field, receive, _) in spawnSends.DistinctBy(s => s.Field))
            {
                if (field.Makes.Any(m => ReferenceEquals(m.File, file) && Syntax.Within(m.Make, loop)))
                    continue;
                pass.Report(spawn.BodyFile, send,
                    $"one goroutine per pass of the loop on line {Pass.LineOf(file, loop)} sends on unbuffered `{spawn.BodyFile.SourceOf(send.Chan)}`, whose only receive in the package is on line {Pass.LineOf(file, receive.Selector)}: every sender but the first blocks forever",
                    "give the field's channel room for every sender (make(chan T, len(items))), or receive once per goroutine started",
                    [(file, spawn.Go, "one goroutine started per pass"), (file, receive.Selector, "the only receive")]);
                break;
            }
        }
    }
}
