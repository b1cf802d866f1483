using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`case &lt;-time.After(d)` in a select inside an unbounded loop: a new timer every iteration.</summary>
internal static class TimeAfterInLoop
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "time-after-in-loop",
        Title = "time.After in a select inside a loop",
        Doc = "time.After creates a new timer each time it is evaluated. In a select inside a loop, every iteration starts one more timer; before Go 1.23 none of them is freed until it fires, so a busy loop with a long timeout holds thousands of timers. Not reported for modules on Go 1.23 or later, whose unreferenced timers are collected.",
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (pass.Package.HasCollectableTimers)
            return;
        var wrappers = Wrappers.Returning(pass, MakesTimer);
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "time") || !wrappers.IsEmpty))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is CommClause { Comm: { } comm } clause && ReceivedCall(comm) is { } call
                    && file.Index.EnclosingLoop(comm) is { } loop && !Loops.IsBounded(file, loop) && AnotherCaseComesRound(file, clause))
                {
                    if (Syntax.IsCallTo(file, call, "time", "After"))
                    {
                        pass.Report(file, call,
                            $"time.After starts a new timer on every pass of the loop (line {Pass.LineOf(file, loop)}); before Go 1.23 each one lives until it fires, so the timers pile up while the loop spins",
                            "create one timer before the loop (t := time.NewTimer(d); defer t.Stop()) and Reset it each iteration, or move to go 1.23 in go.mod");
                    }
                    else if (wrappers.Called(pass, file, call, Wrappers.IsTimeChannel) is { } wrapper)
                    {
                        pass.Report(file, call,
                            $"{file.SourceOf(call.Fun)} returns a new time.After timer (line {Pass.LineOf(wrappers.FileOf(wrapper), wrapper)}), started on every pass of the loop (line {Pass.LineOf(file, loop)}); before Go 1.23 each one lives until it fires, so the timers pile up while the loop spins",
                            "create one timer before the loop (t := time.NewTimer(d); defer t.Stop()) and Reset it each iteration, or move to go 1.23 in go.mod",
                            [(wrappers.FileOf(wrapper), wrapper, "the wrapper that calls time.After")]);
                    }
                }
                return true;
            });
        }
    }

    // time.After(d), or time.NewTimer(d).C: a fresh timer's channel.
    private static bool MakesTimer(LintFile file, Expr value) => Syntax.Unparen(value) switch
    {
        CallExpr call => Syntax.IsCallTo(file, call, "time", "After"),
        SelectorExpr { Sel.Name: "C", X: var x } => Syntax.Unparen(x) is CallExpr newTimer && Syntax.IsCallTo(file, newTimer, "time", "NewTimer"),
        _ => false,
    };

    // Timers pile up only when another case fires and the loop comes round before the timer does; when every other case leaves the loop, each timer has fired before the next is made.
    private static bool AnotherCaseComesRound(LintFile file, CommClause timerCase) =>
        file.Index.Parent(timerCase) is BlockStmt block && block.List.OfType<CommClause>().Any(c => !ReferenceEquals(c, timerCase) && !(c.Body.Count > 0 && Leaves(file, c.Body[^1])));

    private static bool Leaves(LintFile file, Stmt last) => Syntax.IsTerminating(file, last) || last is BranchStmt { Tok: Token.Goto or Token.Break, Label: not null };

    private static CallExpr? ReceivedCall(Stmt comm)
    {
        var expr = comm switch
        {
            ExprStmt e => e.X,
            AssignStmt { Rhs.Count: 1 } a => a.Rhs[0],
            _ => null,
        };
        return expr is not null && Syntax.Unparen(expr) is UnaryExpr { Op: Token.Arrow, X: var x } && Syntax.Unparen(x) is CallExpr call ? call : null;
    }
}
