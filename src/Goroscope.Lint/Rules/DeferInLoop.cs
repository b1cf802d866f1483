using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`defer` inside a loop that runs an unbounded number of times (for {}, for cond {}, range over a channel): the deferred calls pile up until the function returns.</summary>
internal static class DeferInLoop
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "defer-in-loop",
        Title = "defer inside an unbounded loop",
        Doc = "A deferred call runs when the surrounding function returns, not at the end of the loop iteration. Every iteration adds one more pending call and keeps what it closes over alive (files, connections, locks), until the function returns — never, in a long-lived worker. Reported for a range over a channel and for a loop without a bound in a function run as a goroutine — the long-lived workers where the calls pile up without end; a loop over a slice or a counted loop piles up a bounded number.",
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        var workers = pass.Facts.Goroutines.Select(g => g.Function).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is DeferStmt defer && file.Index.EnclosingLoop(defer) is { } loop && IsLongLived(file, loop, workers) && !LeavesLoopAfter(file, defer, loop))
                {
                    pass.Report(file, defer,
                        $"`defer {Callee(file, defer.Call)}` runs only when the function returns, not per iteration: one more pending call and what it holds piles up every time round the loop (line {Pass.LineOf(file, loop)})",
                        "move the loop body into a function (or a func literal called each iteration) so the defer runs per iteration, or make the call explicitly at the end of the iteration");
                }
                return true;
            });
        }
    }

    // A range over a channel, or an unbounded loop in a function run as a goroutine: a worker whose loop runs for as long as it is fed.
    private static bool IsLongLived(LintFile file, Stmt loop, HashSet<object?> workers) => loop switch
    {
        RangeStmt range => Loops.IsKnownChannel(file, range.X),
        _ => !Loops.IsBounded(file, loop) && file.Index.EnclosingFunction(loop) is { } fn && workers.Contains(fn),
    };

    // `for ... { f := open(); defer f.Close(); return use(f) }`: the loop ends right after the defer, so only one call is pending.
    private static bool LeavesLoopAfter(LintFile file, Stmt defer, Stmt loop)
    {
        for (Stmt? stmt = defer; stmt is not null && !ReferenceEquals(stmt, loop); stmt = file.Index.Ancestors(stmt).OfType<Stmt>().FirstOrDefault())
        {
            if (Syntax.ContainingList(file, stmt) is { } list)
            {
                var after = list.SkipWhile(s => !ReferenceEquals(s, stmt)).Skip(1);
                if (after.Any(s => Syntax.IsTerminating(file, s) || (s is BranchStmt { Tok: Token.Break, Label: null } && Loops.NearestBreakable(file, s) == loop)))
                    return true;
            }
        }
        return false;
    }

    private static string Callee(LintFile file, CallExpr call) => call.Fun is FuncLit ? "func(){...}()" : file.SourceOf(call.Fun) + (call.Args.Count == 0 ? "()" : "(...)");
}
