using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>time.Tick in a function that can return, or called again on every pass of a loop (staticcheck SA1015, narrowed).</summary>
internal static class TimeTick
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "time-tick",
        Title = "time.Tick in a function that can return",
        Doc = "time.Tick returns only the channel of a ticker that can never be stopped. Before Go 1.23 that ticker is never garbage-collected, so it leaks when it becomes unreachable: when the function that called time.Tick can return, or when the call is made again on every pass of a loop. A time.Tick in main, init, a package-level variable, or a function (a goroutine) that loops forever keeps its one ticker in use for good and is not reported. Not reported for modules on Go 1.23 or later, nor in files that import synctest (Go 1.24 and later only).",
        // On since lint-defaults: every finding on real code true once files that import synctest are left alone (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (pass.Package.HasCollectableTimers)
            return;
        // A file that imports synctest builds only with Go 1.24 or later, whose runtime collects an unreferenced ticker
        // whatever the module's go line says.
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "time") && !Pass.Imports(f, "testing/synctest") && !Pass.Imports(f, "internal/synctest")))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is CallExpr call && Syntax.IsCallTo(file, call, "time", "Tick") && !LivesForTheProgram(pass, file, call)
                    && file.Index.EnclosingFunction(call) is { } function)
                {
                    if (PassOfLoop(file, call, function) is { } loop)
                    {
                        pass.Report(file, call,
                            $"time.Tick makes a new ticker on every pass of the loop (line {Pass.LineOf(file, loop)}) and the last one becomes unreachable, still firing: before Go 1.23 a ticker that is not stopped is never garbage-collected",
                            "make one ticker before the loop: t := time.NewTicker(d); defer t.Stop(); and read t.C",
                            [(file, loop, "the loop that calls time.Tick again")]);
                    }
                    else if (ReturnAfter(file, call, function) is { } exit)
                    {
                        pass.Report(file, call,
                            $"time.Tick's ticker can never be stopped, and this {(function is FuncLit ? "function literal" : "function")} can return (line {(exit is ReturnStmt ? Pass.LineOf(file, exit) : file.LineColumnOf(exit.End).Line)}): before Go 1.23 the ticker is never garbage-collected and keeps firing after it returns, one more per call",
                            "t := time.NewTicker(d); defer t.Stop(); and read t.C",
                            [(file, exit, "the function returns here, leaving the ticker running")]);
                    }
                }
                return true;
            });
        }
    }

    // A package-level variable, init, or main.main (and the literals inside it) run once for the whole program.
    private static bool LivesForTheProgram(Pass pass, LintFile file, Node call)
    {
        var outermost = file.Index.Ancestors(call).OfType<FuncDecl>().FirstOrDefault();
        if (outermost is null)
            return file.Index.EnclosingFunction(call) is null;
        return outermost is { Recv: null, Name.Name: "init" } || pass.Package.Name == "main" && outermost is { Recv: null, Name.Name: "main" };
    }

    // The loop of the calling function whose body evaluates the call on every pass (not `for range time.Tick(d)`, which calls it once).
    private static Stmt? PassOfLoop(LintFile file, CallExpr call, Node function) =>
        file.Index.Ancestors(call).TakeWhile(a => !ReferenceEquals(a, function)).OfType<Stmt>()
            .FirstOrDefault(a => a is ForStmt f && Syntax.Within(call, f.Body) || a is RangeStmt r && Syntax.Within(call, r.Body));

    // Where the calling function returns once the ticker is made: a return after the call, or the end of its body when
    // control can run off it (a range over the tick channel never ends by itself); null when it loops forever.
    private static Node? ReturnAfter(LintFile file, CallExpr call, Node function)
    {
        var body = Syntax.BodyOf(function)!;
        return (Node?)Syntax.BodyNodes<ReturnStmt>(body).FirstOrDefault(r => r.Pos > call.End)
            ?? (Loops.CanFallOffEnd(file, body.List, ranged => IsTickChannel(file, ranged)) ? body : null);
    }

    // `time.Tick(d)`, or a variable made with it: ranging over it never ends.
    private static bool IsTickChannel(LintFile file, Expr ranged) => Syntax.Unparen(ranged) switch
    {
        CallExpr call => Syntax.IsCallTo(file, call, "time", "Tick"),
        Ident id => file.Index.Declaration(id) is { } decl && Syntax.InitialValue(file, decl) is { } value && Syntax.Unparen(value) is CallExpr made && Syntax.IsCallTo(file, made, "time", "Tick"),
        _ => false,
    };
}
