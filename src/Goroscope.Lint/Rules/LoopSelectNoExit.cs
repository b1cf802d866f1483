using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`for { select {...} }` in a goroutine with no case that ends the loop.</summary>
internal static class LoopSelectNoExit
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "loop-select-no-exit",
        Title = "for-select loop in a goroutine with no way out",
        Doc = "A goroutine that loops over a select with no ctx.Done() case, no default, and no return or break out of the loop can never end. When the channels it waits on go quiet (their owner is gone), it blocks in the select forever.",
        EnabledByDefault = false, // 3 of 4 findings true on all Debian Go code read (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var goroutine in pass.Facts.Goroutines.DistinctBy(g => g.Function, ReferenceEqualityComparer.Instance))
        {
            if (Syntax.BodyOf(goroutine.Function) is not { } body)
                continue;
            var file = goroutine.BodyFile;
            foreach (var loop in Syntax.BodyNodes<ForStmt>(body))
            {
                if (loop.Cond is not null || !loop.Body.List.Any(s => s is SelectStmt) || Loops.CanExit(file, loop))
                    continue;
                var selects = Syntax.BodyNodes<SelectStmt>(loop.Body);
                if (selects.Any(s => s.Body.List.OfType<CommClause>().Any(c => c.Comm is null)) || WaitsOnDone(loop.Body) || ServesPackageChannels(file, selects)
                    || StartedOnceByMain(pass, goroutine))
                    continue;
                pass.Report(file, loop.For, loop.Body.Lbrace,
                    "this goroutine loops over a select that no case can end: no return, no break out of the loop, no <-ctx.Done(); when its channels go quiet it blocks forever",
                    "add `case <-ctx.Done(): return` (or a quit channel that is closed on shutdown) to the select");
            }
        }
    }

    // In package main, a goroutine started once by `main`, or by a function that only `main` calls, once: it lives as
    // long as the process (alertmanager's reload loop in `run`, which `main` calls and exits on).
    private static bool StartedOnceByMain(Pass pass, GoroutineBody goroutine)
    {
        if (pass.Package.Name != "main" || goroutine.SpawnFile.Index.EnclosingFunction(goroutine.Go) is not FuncDecl { Recv: null } starter
            || InALoop(goroutine.SpawnFile, goroutine.Go))
            return false;
        if (starter.Name.Name == "main")
            return true;
        var calls = pass.Files.SelectMany(f => Syntax.BodyNodes<CallExpr>(f.Syntax).Where(c => Syntax.Unparen(c.Fun) is Ident { } id && id.Name == starter.Name.Name)
            .Select(c => (File: f, Call: c))).ToList();
        return calls.Count == 1 && calls[0].File.Index.EnclosingFunction(calls[0].Call) is FuncDecl { Recv: null, Name.Name: "main" }
            && !InALoop(calls[0].File, calls[0].Call);
    }

    private static bool InALoop(LintFile file, Node node) =>
        file.Index.Ancestors(node).TakeWhile(n => n is not (FuncDecl or FuncLit)).Any(n => n is ForStmt or RangeStmt);

    // Every case receives from a package-level channel: a singleton daemon for the whole process (the runtime's signal mask loop), not a per-request goroutine.
    private static bool ServesPackageChannels(LintFile file, List<SelectStmt> selects) =>
        selects.SelectMany(s => s.Body.List.OfType<CommClause>()).All(c => c.Comm is not null && Walker.Descendants(c.Comm).OfType<UnaryExpr>()
            .Any(u => u.Op == Token.Arrow && Syntax.Unparen(u.X) is Ident id && file.Index.Declaration(id) is { } decl && Syntax.IsPackageLevel(file, decl)));

    private static bool WaitsOnDone(Node body) =>
        Syntax.BodyNodes<CallExpr>(body).Any(c => c.Fun is SelectorExpr { Sel.Name: "Done" } && c.Args.Count == 0);
}
