using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A goroutine sends on an unbuffered channel whose only receive can be skipped (another select case, an early return).</summary>
internal static class EarlyReturnSend
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "early-return-send",
        Title = "send on an unbuffered channel whose only receive can be skipped",
        Doc = "The goroutine's send on an unbuffered channel completes only when someone receives. The function that started it receives once, in a select that can leave by another case (a timeout, ctx.Done()) or after a return that can happen first. When it leaves that way, nobody ever receives: the goroutine blocks on its send forever, holding everything it references.",
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
            if (file.Index.EnclosingFunction(goroutine.Go) is not { } outer || Syntax.BodyOf(outer) is not { } outerBody)
                continue;
            var round = file.Index.EnclosingLoop(goroutine.Go) is { } spawnLoop && Syntax.Within(spawnLoop, outer) ? spawnLoop : null;
            foreach (var group in Syntax.BodyNodes<SendStmt>(sender.Body).Where(s => Syntax.Unparen(s.Chan) is Ident).GroupBy(s => file.Index.Declaration((Ident)Syntax.Unparen(s.Chan))))
            {
                var send = ChannelUses.SendsIn(file, sender, group.Key!).FirstOrDefault();
                if (group.Key is null || send is null || ChannelUses.Of(file, (Ident)Syntax.Unparen(send.Chan), sender) is not { Escapes: false, Receives.Count: 1 } uses || !uses.Make.IsUnbuffered)
                    continue;
                var receive = uses.Receives[0];
                if (receive.Pos < goroutine.Go.End || !OneChannelPerStart(file, outer, round, uses, receive))
                    continue;
                var why = SkippedBy(file, receive, goroutine.Go, outerBody);
                if (why is null)
                    continue;
                var name = uses.Declaration.Name;
                var single = group.Count() == 1;
                pass.Report(file, send,
                    $"this goroutine sends on unbuffered `{name}`, but its only receiver (line {Pass.LineOf(file, receive)}) {why}: the send then blocks forever and the goroutine leaks",
                    $"give the channel a buffer of 1 (make(chan T, 1)) so the send always completes, or send in a select that also waits on <-ctx.Done()",
                    single && uses.Make.Capacity is null ? BufferOfOne(file, uses.Make) : null);
            }
        }
        RunOnFields(pass);
    }

    // The same story told through a struct field: `go s.fetch()` (or a literal) sends on s.results, and the function that
    // started it receives from s.results once — the only receive in the package — in a select or after a return.
    private static void RunOnFields(Pass pass)
    {
        if (pass.Facts.FieldChannels is not { } fields)
            return;
        foreach (var (spawn, send, _, receive, outer) in fields.SendsToStarter().DistinctBy(s => (s.Spawn, s.Field)))
        {
            var file = spawn.SpawnFile;
            if (file.Index.EnclosingLoop(spawn.Go) is not null || Syntax.BodyOf(outer) is not { } outerBody || receive.Selector.Pos < spawn.Go.End)
                continue;
            if (SkippedBy(file, receive.Selector, spawn.Go, outerBody) is not { } why)
                continue;
            var name = spawn.BodyFile.SourceOf(send.Chan);
            pass.Report(spawn.BodyFile, send,
                $"this goroutine sends on unbuffered `{name}`, but the only receive from that field in the package (line {Pass.LineOf(file, receive.Selector)}) {why}: the send then blocks forever and the goroutine leaks",
                $"make the field's channel with a buffer of 1 (make(chan T, 1)) so the send always completes, or send in a select that also waits on <-ctx.Done()",
                [(file, receive.Selector, "the only receive, which can be skipped"), (file, spawn.Go, "the goroutine is started here")]);
        }
    }

    // Outside a loop, the receive must not be in one either (it could come round again). Started in a loop (each round
    // a sender), the channel must be a fresh one each round, declared and made in that loop's body with the receive:
    // a channel shared across rounds is n-senders-one-receive's case.
    private static bool OneChannelPerStart(LintFile file, Node outer, Stmt? round, ChannelUses uses, Expr receive)
    {
        var receiveLoop = file.Index.EnclosingLoop(receive) is { } loop && Syntax.Within(loop, outer) ? loop : null;
        if (round is null)
            return receiveLoop is null;
        return ReferenceEquals(receiveLoop, round) && Syntax.Within(uses.Declaration, round) && Syntax.Within(uses.Make.Call, round);
    }

    private static string? SkippedBy(LintFile file, Expr receive, GoStmt go, BlockStmt outerBody)
    {
        if (ChannelUses.SelectOf(file, receive) is { } select)
        {
            var others = select.Body.List.OfType<CommClause>().Where(c => !Syntax.Within(receive, c)).ToList();
            if (others.Count == 0 || others.All(c => c.Body.Count > 0 && EndsTheProcess(file, c.Body[^1])))
                return null; // the other way out panics or exits: no process is left for the goroutine to leak in
            return others.Any(c => c.Comm is null)
                ? $"is a select case with a default (line {Pass.LineOf(file, select)})"
                : $"sits in a select that can take another case first (line {Pass.LineOf(file, others[0])})";
        }
        var early = Syntax.BodyNodes<ReturnStmt>(outerBody).FirstOrDefault(r => r.Pos > go.End && r.Pos < receive.Pos && !Syntax.Within(receive, r));
        return early is null ? null : $"comes after a return that can happen first (line {Pass.LineOf(file, early)})";
    }

    private static bool EndsTheProcess(LintFile file, Stmt stmt) =>
        stmt is ExprStmt { X: CallExpr call } && (Syntax.IsBuiltinCall(file, call, "panic") || Syntax.IsCallTo(file, call, "os", "Exit") || Syntax.IsCallTo(file, call, "log", "Fatal", "Fatalf", "Fatalln"));

    private static SuggestedEdit BufferOfOne(LintFile file, ChannelMake make)
    {
        var at = file.LineColumnOf(make.Call.Rparen);
        return new SuggestedEdit(at, at, ", 1", "give the channel a buffer of one");
    }
}
