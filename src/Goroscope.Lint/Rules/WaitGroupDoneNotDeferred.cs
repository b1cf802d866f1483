using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`wg.Done()` called at the end of a goroutine that can return before reaching it.</summary>
internal static class WaitGroupDoneNotDeferred
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "waitgroup-done-not-deferred",
        Title = "WaitGroup.Done not deferred in a goroutine that can return early",
        Doc = "When a goroutine calls wg.Done() as its last statement, every early return (and every panic) skips it. The counter never reaches zero, and whoever calls wg.Wait blocks forever — together with everything it was going to clean up.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        var waitedOn = WaitedGroups(pass);
        foreach (var goroutine in pass.Facts.Goroutines)
        {
            if (Syntax.BodyOf(goroutine.Function) is not { } body)
                continue;
            var file = goroutine.BodyFile;
            var deferred = Syntax.BodyNodes<DeferStmt>(body).Select(d => DoneKey(d.Call)).OfType<string>().ToHashSet();
            var dones = Syntax.BodyNodes<ExprStmt>(body).Where(s => s.X is CallExpr c && DoneKey(c) is { } key && !deferred.Contains(key) && waitedOn.Contains(Syntax.LastName(key))).ToList();
            if (dones.Count == 0)
                continue;
            foreach (var ret in Syntax.BodyNodes<ReturnStmt>(body))
            {
                var key = DoneKey((CallExpr)dones[0].X)!;
                var later = dones.FirstOrDefault(d => d.Pos > ret.Pos && DoneKey((CallExpr)d.X) == key);
                if (later is null || DoneBefore(file, ret, body, key) || NotOwedAt(file, ret, body, key))
                    continue;
                pass.Report(file, later,
                    $"the goroutine can return on line {Pass.LineOf(file, ret)} without reaching {key}.Done(): the counter never gets to zero and {key}.Wait() blocks forever",
                    $"defer {key}.Done() as the goroutine's first statement");
                break;
            }
        }
    }

    private static string? DoneKey(CallExpr call) =>
        WaitGroupAddInGoroutine.IsMethodCall(call, "Done", 0) ? Syntax.OperandKey(((SelectorExpr)call.Fun).X) : null;

    // Done is a common method name; only groups something in the package Waits on or Adds to count as WaitGroups.
    private static HashSet<string> WaitedGroups(Pass pass)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in pass.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is CallExpr { Fun: SelectorExpr sel } call && (sel.Sel.Name == "Wait" && call.Args.Count == 0 || sel.Sel.Name == "Add" && call.Args.Count == 1)
                    && Syntax.OperandKey(sel.X) is { } key)
                {
                    names.Add(Syntax.LastName(key));
                }
                return true;
            });
        }
        return names;
    }

    // Whether the return comes before the goroutine has the group at all: the group's variable is declared only after the
    // return, or the return is taken when the receive that brought the group (`item, ok := <-work`) found the channel closed.
    private static bool NotOwedAt(LintFile file, ReturnStmt ret, Node body, string key)
    {
        var root = key.Split('.')[0];
        var declarations = Syntax.BodyNodes<AssignStmt>(body)
            .Where(a => a.Tok == Token.Define && a.Lhs.Any(l => l is Ident id && id.Name == root))
            .Select(a => (Node)a)
            .Concat(Syntax.BodyNodes<ValueSpec>(body).Where(v => v.Names.Any(n => n.Name == root)))
            .ToList();
        if (declarations.Count > 0 && declarations.All(d => d.Pos > ret.Pos))
            return true;
        return declarations.OfType<AssignStmt>().Any(receive =>
            receive.Pos < ret.Pos
            && receive is { Lhs: [Ident item, Ident ok], Rhs: [UnaryExpr { Op: Token.Arrow }] } && item.Name == root
            && file.Index.Ancestors(ret).OfType<IfStmt>().Any(branch =>
                Syntax.Within(ret, branch.Body) && Syntax.Unparen(branch.Cond) is UnaryExpr { Op: Token.Not, X: Ident { } tested } && tested.Name == ok.Name));
    }

    // Whether a plain `key.Done()` runs before the return on every path to it: in the same list before it, or before an enclosing statement.
    private static bool DoneBefore(LintFile file, Stmt ret, Node body, string key)
    {
        for (Stmt? stmt = ret; stmt is not null && Syntax.Within(stmt, body); stmt = file.Index.Ancestors(stmt).OfType<Stmt>().FirstOrDefault())
        {
            if (Syntax.ContainingList(file, stmt) is { } list
                && list.TakeWhile(s => !ReferenceEquals(s, stmt)).Any(s => s is ExprStmt { X: CallExpr c } && DoneKey(c) == key))
            {
                return true;
            }
        }
        return false;
    }
}
