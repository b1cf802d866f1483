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
                if (group.Key is null || send is null || ChannelUses.Of(file, (Ident)Syntax.Unparen(send.Chan), sender) is not { Escapes: false } uses || !uses.Make.IsUnbuffered)
                    continue;
                if (ReceiveAndDrain(file, uses) is not ({ } receive, var drain))
                    continue;
                if (receive.Pos < goroutine.Go.End || !OneChannelPerStart(file, outer, round, uses, receive))
                    continue;
                var why = drain is null ? SkippedBy(file, receive, goroutine.Go, outerBody) : SkippedDespiteDrain(file, receive, drain, sender, group.Key);
                if (why is null)
                    continue;
                var name = uses.Declaration.Name;
                var single = group.Count() == 1;
                pass.Report(file, send,
                    $"this goroutine sends on unbuffered `{name}`, but its {(drain is null ? "only receiver" : "receiver")} (line {Pass.LineOf(file, receive)}) {why}: the send then blocks forever and the goroutine leaks",
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

    // The receive that waits for the goroutine's value and, when the channel is received from twice, the second one: a
    // plain receive in the body of another case of the first one's select, which drains the channel on that way out.
    private static (Ident? Receive, Ident? Drain) ReceiveAndDrain(LintFile file, ChannelUses uses)
    {
        if (uses.Receives is [var only])
            return (only, null);
        if (uses.Receives is not [var first, var second])
            return (null, null);
        foreach (var (receive, drain) in new[] { (first, second), (second, first) })
            if (ChannelUses.SelectOf(file, receive) is { } select && ChannelUses.SelectOf(file, drain) is null
                && select.Body.List.OfType<CommClause>().Any(c => !Syntax.Within(receive, c) && c.Body.Any(s => Syntax.Within(drain, s)))
                && !file.Index.Ancestors(drain).TakeWhile(a => !ReferenceEquals(a, select)).Any(a => a is ForStmt or RangeStmt or FuncLit))
                return (receive, drain);
        return (null, null);
    }

    // With a drain on one way out of the select, the goroutine is released on that way only when the drain takes every
    // value it can still send: one receive drains a goroutine that sends once, not one that sends in a loop or sends
    // again after its first value. Any other way out without a drain skips the receive as before.
    private static string? SkippedDespiteDrain(LintFile file, Ident receive, Ident drain, FuncLit sender, Ident channel)
    {
        var select = ChannelUses.SelectOf(file, receive)!;
        var others = select.Body.List.OfType<CommClause>().Where(c => !Syntax.Within(receive, c)).ToList();
        if (others.FirstOrDefault(c => !Syntax.Within(drain, c) && !(c.Body.Count > 0 && EndsTheProcess(file, c.Body[^1]))) is { } undrained)
            return $"sits in a select that can take another case first (line {Pass.LineOf(file, undrained)})";
        var sends = Syntax.BodyNodes<SendStmt>(sender.Body).Where(s => Syntax.Unparen(s.Chan) is Ident id && ReferenceEquals(file.Index.Declaration(id), channel)).ToList();
        var inLoop = sends.FirstOrDefault(s => file.Index.Ancestors(s).TakeWhile(a => !ReferenceEquals(a, sender)).Where(a => a is ForStmt or RangeStmt).ToList() is { Count: > 0 } loops
            && !(loops.Count == 1 && LeavesRightAfter(file, s, loops[0])));
        var again = sends.FirstOrDefault(later => sends.Any(earlier => earlier.Pos < later.Pos && RunsBefore(file, earlier, later)));
        if ((inLoop ?? again) is not { } repeated)
            return null;
        return $"sits in a select that can take another case first, and the drain there (line {Pass.LineOf(file, drain)}) takes one value while this goroutine {(inLoop is not null ? "sends in a loop" : $"sends again (line {Pass.LineOf(file, repeated)})")}";
    }

    // The send is followed at once by a `return` or a `break` out of the loop: the loop sends once at most (`for { if err
    // := w(); err != nil { ch <- err; break } }`).
    private static bool LeavesRightAfter(LintFile file, SendStmt send, Node loop) =>
        Syntax.ContainingList(file, send) is { } list && list.SkipWhile(s => !ReferenceEquals(s, send)).Skip(1).FirstOrDefault() switch
        {
            ReturnStmt => true,
            BranchStmt { Tok: Token.Break, Label: null } leave => ReferenceEquals(Loops.NearestBreakable(file, leave), loop),
            _ => false,
        };

    // `earlier` is a statement of a block that also holds (a statement around) `later`, and nothing between them leaves:
    // both sends can run, one after the other.
    private static bool RunsBefore(LintFile file, SendStmt earlier, SendStmt later)
    {
        if (file.Index.Parent(earlier) is not BlockStmt block)
            return false;
        var after = block.List.SkipWhile(s => !ReferenceEquals(s, earlier)).Skip(1).ToList();
        foreach (var stmt in after)
        {
            if (Syntax.Within(later, stmt))
                return true;
            if (stmt is ReturnStmt || stmt is BranchStmt)
                return false;
        }
        return false;
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
