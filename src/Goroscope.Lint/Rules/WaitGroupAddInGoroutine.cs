using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`wg.Add` called inside the goroutine that `wg.Done` counts.</summary>
internal static class WaitGroupAddInGoroutine
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "waitgroup-add-in-goroutine",
        Title = "WaitGroup.Add inside the goroutine it counts",
        Doc = "wg.Add must happen before the goroutine starts. Called inside it, Add races with wg.Wait: Wait can see a zero counter and return before the goroutine has even run — the caller moves on (and may close channels or return) while the goroutine is still working, or, with reuse, Wait panics or blocks forever. Inside a function wg.Go runs (Go 1.25), which counts the goroutine itself, an Add counts it a second time.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var goroutine in pass.Facts.Goroutines)
        {
            if (Syntax.BodyOf(goroutine.Function) is not { } body)
                continue;
            var file = goroutine.BodyFile;
            var calls = Syntax.BodyNodes<CallExpr>(body);
            var doneOn = calls.Where(c => IsMethodCall(c, "Done", 0)).Select(c => Syntax.OperandKey(((SelectorExpr)c.Fun).X)).ToHashSet();
            foreach (var add in calls.Where(c => IsMethodCall(c, "Add", 1)))
            {
                var receiver = ((SelectorExpr)add.Fun).X;
                if (Syntax.OperandKey(receiver) is not { } key || !doneOn.Contains(key) || DeclaredInside(file, receiver, body))
                    continue;
                if (calls.Any(c => c.Pos < add.Pos && IsMethodCall(c, "Done", 0) && Syntax.OperandKey(((SelectorExpr)c.Fun).X) == key))
                    continue; // a Done registered first: this goroutine was counted before it started, and this Add is for the goroutines it starts
                if (LockedAlikeByAWait(pass, file, add, key))
                    continue;
                pass.Report(file, add,
                    $"{key}.Add runs inside the goroutine it counts: {key}.Wait can run first, see zero and return while this goroutine is still starting",
                    $"call {key}.Add(1) before the `go` statement (line {Pass.LineOf(goroutine.SpawnFile, goroutine.Go)})");
            }
        }
        foreach (var file in pass.Files)
            foreach (var go in Syntax.BodyNodes<CallExpr>(file.Syntax).Where(c => IsMethodCall(c, "Go", 1) && Syntax.Unparen(c.Args[0]) is FuncLit))
                AddInsideGo(pass, file, go);
    }

    // wg.Go(f) (Go 1.25) counts f's goroutine before starting it and calls Done when f returns: an Add of the same group
    // inside f counts again, left over from the Add/go/Done pattern. An Add followed by the goroutines it counts (a `go`
    // statement or another Go call after it) is for those.
    private static void AddInsideGo(Pass pass, LintFile file, CallExpr go)
    {
        if (Syntax.OperandKey(((SelectorExpr)go.Fun).X) is not { } key)
            return;
        var body = ((FuncLit)Syntax.Unparen(go.Args[0])).Body;
        var calls = Syntax.BodyNodes<CallExpr>(body);
        foreach (var add in calls.Where(c => IsMethodCall(c, "Add", 1) && Syntax.OperandKey(((SelectorExpr)c.Fun).X) == key))
        {
            if (Syntax.BodyNodes<GoStmt>(body).Any(g => g.Pos > add.Pos) || calls.Any(c => c.Pos > add.Pos && IsMethodCall(c, "Go", 1)))
                continue;
            pass.Report(file, add,
                $"{key}.Add runs inside a function {key}.Go runs (line {Pass.LineOf(file, go)}), which already counts this goroutine and calls Done when it returns: this Add counts it again, and unless a Done of its own matches it {key}.Wait blocks forever",
                $"remove {key}.Add (and any {key}.Done) from the function: {key}.Go does both");
        }
    }

    // `mu.Lock(); wg.Add(1); mu.Unlock()` where a Wait on the group is also called holding `mu`: the lock orders every
    // Add before the Wait or after it has returned (martian's proxy, which then checks that it is closing).
    private static bool LockedAlikeByAWait(Pass pass, LintFile file, CallExpr add, string key)
    {
        if (LockHeldBefore(file, add) is not { } lockKey)
            return false;
        foreach (var other in pass.Files)
            foreach (var wait in Syntax.BodyNodes<CallExpr>(other.Syntax).Where(c => IsMethodCall(c, "Wait", 0)))
                if (Syntax.OperandKey(((SelectorExpr)wait.Fun).X) is { } waited && Syntax.LastName(waited) == Syntax.LastName(key)
                    && LockHeldBefore(other, wait) is { } held && Syntax.LastName(held) == Syntax.LastName(lockKey))
                    return true;
        return false;
    }

    // The `m.Lock()` that comes before the call's statement in its own statement list with no `m.Unlock()` in between.
    private static string? LockHeldBefore(LintFile file, CallExpr call)
    {
        if (file.Index.Parent(call) is not ExprStmt statement || Syntax.ContainingList(file, statement) is not { } list)
            return null;
        for (var i = list.ToList().IndexOf(statement) - 1; i >= 0; i--)
        {
            if (list[i] is not ExprStmt { X: CallExpr before } || before.Fun is not SelectorExpr selector)
                continue;
            if (IsMethodCall(before, "Unlock", 0))
                return null;
            if (IsMethodCall(before, "Lock", 0))
                return Syntax.OperandKey(selector.X);
        }
        return null;
    }

    internal static bool IsMethodCall(CallExpr call, string name, int args) =>
        call.Fun is SelectorExpr sel && sel.Sel.Name == name && call.Args.Count == args;

    private static bool DeclaredInside(LintFile file, Expr receiver, Node body)
    {
        var root = receiver;
        while (Syntax.Unparen(root) is SelectorExpr or StarExpr or UnaryExpr)
            root = Syntax.Unparen(root) switch { SelectorExpr s => s.X, StarExpr s => s.X, UnaryExpr u => u.X, var e => e };
        return Syntax.Unparen(root) is Ident id && file.Index.Declaration(id) is { } decl && Syntax.Within(decl, body);
    }
}
