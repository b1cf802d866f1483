using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`wg.Add` called inside the goroutine that `wg.Done` counts.</summary>
internal static class WaitGroupAddInGoroutine
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "waitgroup-add-in-goroutine",
        Title = "WaitGroup.Add inside the goroutine it counts",
        Doc = "wg.Add must happen before the goroutine starts. Called inside it, Add races with wg.Wait: Wait can see a zero counter and return before the goroutine has even run — the caller moves on (and may close channels or return) while the goroutine is still working, or, with reuse, Wait panics or blocks forever.",
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
                pass.Report(file, add,
                    $"{key}.Add runs inside the goroutine it counts: {key}.Wait can run first, see zero and return while this goroutine is still starting",
                    $"call {key}.Add(1) before the `go` statement (line {Pass.LineOf(goroutine.SpawnFile, goroutine.Go)})");
            }
        }
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
