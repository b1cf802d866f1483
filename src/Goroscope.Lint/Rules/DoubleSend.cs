using Goroscope.GoSyntax;

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
    }

    // The second send sits in a statement list that encloses the first send, after it, with no return, panic or branch in between.
    private static bool FallsThroughTo(LintFile file, SendStmt first, SendStmt second)
    {
        for (Stmt? stmt = first; stmt is not null; stmt = file.Index.Ancestors(stmt).OfType<Stmt>().FirstOrDefault())
        {
            if (stmt is SwitchStmt or TypeSwitchStmt or SelectStmt or ForStmt or RangeStmt or CaseClause or CommClause || stmt is BlockStmt && file.Index.Parent(stmt) is FuncLit)
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
