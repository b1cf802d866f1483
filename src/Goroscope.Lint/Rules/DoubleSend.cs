using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A goroutine that can send twice on a channel its starter receives from once.</summary>
internal static class DoubleSend
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "double-send",
        Title = "goroutine can send twice to a once-received channel",
        Doc = "An error path sends on the channel and forgets to return, so execution falls through to the normal send. The function that started the goroutine receives once; the second send on the unbuffered channel blocks forever.",
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
            if (file.Index.EnclosingLoop(goroutine.Go) is not null || file.Index.EnclosingFunction(goroutine.Go) is not { } outer)
                continue;
            var sends = Syntax.BodyNodes<SendStmt>(sender.Body).Where(s => Syntax.Unparen(s.Chan) is Ident && file.Index.Parent(s) is not CommClause).ToList();
            foreach (var first in sends)
            {
                if (ChannelUses.Of(file, (Ident)Syntax.Unparen(first.Chan), sender) is not { Escapes: false, Receives.Count: 1 } uses || !uses.Make.IsUnbuffered)
                    continue;
                if (file.Index.EnclosingLoop(uses.Receives[0]) is { } loop && Syntax.Within(loop, outer) || file.Index.EnclosingLoop(first) is { } inner && Syntax.Within(inner, sender))
                    continue;
                var second = sends.FirstOrDefault(s => s.Pos > first.End && ReferenceEquals(file.Index.Declaration((Ident)Syntax.Unparen(s.Chan)), uses.Declaration) && FallsThroughTo(file, first, s));
                if (second is null)
                    continue;
                pass.Report(file, second,
                    $"after the send on line {Pass.LineOf(file, first)} the goroutine carries on to this second send on unbuffered `{uses.Declaration.Name}`, which is received from once (line {Pass.LineOf(file, uses.Receives[0])}): this send blocks forever",
                    "return right after the first send (if err != nil { ch <- err; return })");
                break;
            }
        }
        RunOnFields(pass);
    }

    // Through a struct field: the goroutine (a literal, or `go s.run()`) can send twice on s.done, which the function
    // that started it receives from once — the only receive of that field in the package.
    private static void RunOnFields(Pass pass)
    {
        if (pass.Facts.FieldChannels is not { } fields)
            return;
        foreach (var spawnSends in fields.SendsToStarter().GroupBy(s => s.Spawn))
        {
            var spawn = spawnSends.Key;
            var file = spawn.SpawnFile;
            if (file.Index.EnclosingLoop(spawn.Go) is not null)
                continue;
            var sends = fields.PlainSendsIn(spawn).ToList();
            foreach (var (_, first, field, receive, _) in spawnSends)
            {
                if (spawn.BodyFile.Index.EnclosingLoop(first) is { } inner && Syntax.Within(inner, spawn.Function))
                    continue;
                var second = sends.FirstOrDefault(s => ReferenceEquals(s.Field, field) && s.Send.Pos > first.End && FallsThroughTo(spawn.BodyFile, first, s.Send)).Send;
                if (second is null)
                    continue;
                pass.Report(spawn.BodyFile, second,
                    $"after the send on line {Pass.LineOf(spawn.BodyFile, first)} the goroutine carries on to this second send on unbuffered `{spawn.BodyFile.SourceOf(second.Chan)}`, whose only receive in the package is on line {Pass.LineOf(file, receive.Selector)}: this send blocks forever",
                    "return right after the first send (if err != nil { s.done <- err; return })",
                    [(spawn.BodyFile, first, "the first send"), (file, receive.Selector, "the only receive")]);
                break;
            }
        }
    }

    // The second send sits in a statement list that encloses the first send, after it, with no return, panic or branch in between.
    private static bool FallsThroughTo(LintFile file, SendStmt first, SendStmt second)
    {
        for (Stmt? stmt = first; stmt is not null; stmt = file.Index.Ancestors(stmt).OfType<Stmt>().FirstOrDefault())
        {
            if (stmt is SwitchStmt or TypeSwitchStmt or SelectStmt or ForStmt or RangeStmt or CaseClause or CommClause || stmt is BlockStmt && file.Index.Parent(stmt) is FuncLit or FuncDecl)
                return false;
            if (Syntax.ContainingList(file, stmt) is not { } list)
                continue;
            foreach (var s in list.SkipWhile(s => !ReferenceEquals(s, stmt)).Skip(1))
            {
                if (ReferenceEquals(s, second))
                    return true;
                if (Syntax.IsTerminating(file, s) || s is BranchStmt || Syntax.Within(second, s))
                    return false;
            }
        }
        return false;
    }
}
