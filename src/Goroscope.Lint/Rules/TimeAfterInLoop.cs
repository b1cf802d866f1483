using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`case &lt;-time.After(d)` in a select inside an unbounded loop: a new timer every iteration.</summary>
public static class TimeAfterInLoop
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
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "time")))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is CommClause { Comm: { } comm } && ReceivedCall(comm) is { } call && Syntax.IsCallTo(file, call, "time", "After")
                    && file.Index.EnclosingLoop(comm) is { } loop && !Loops.IsBounded(file, loop))
                {
                    pass.Report(file, call,
                        $"time.After starts a new timer on every pass of the loop (line {Pass.LineOf(file, loop)}); before Go 1.23 each one lives until it fires, so the timers pile up while the loop spins",
                        "create one timer before the loop (t := time.NewTimer(d); defer t.Stop()) and Reset it each iteration, or move to go 1.23 in go.mod");
                }
                return true;
            });
        }
    }

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
