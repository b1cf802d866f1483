using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>A time.NewTicker or time.NewTimer kept in a local variable and never stopped.</summary>
public static class TickerNotStopped
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "ticker-not-stopped",
        Title = "time.NewTicker / time.NewTimer never stopped",
        Doc = "A ticker fires until it is stopped. Before Go 1.23 an unstopped ticker or timer is never garbage-collected, and its runtime timer keeps firing into a channel nobody reads. Since Go 1.23 unreferenced timers are collected, so for such modules only a ticker that a loop with no way out keeps reading is reported.",
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "time")))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is AssignStmt { Tok: Token.Define } assign && assign.Lhs.Count == assign.Rhs.Count)
                {
                    for (var i = 0; i < assign.Lhs.Count; i++)
                    {
                        if (assign.Lhs[i] is Ident { Name: not "_" } name && Syntax.Unparen(assign.Rhs[i]) is CallExpr call
                            && Syntax.IsCallTo(file, call, "time", "NewTicker", "NewTimer"))
                        {
                            Check(pass, file, name, call);
                        }
                    }
                }
                return true;
            });
        }
    }

    private static void Check(Pass pass, LintFile file, Ident variable, CallExpr call)
    {
        var kind = ((SelectorExpr)Syntax.Unparen(call.Fun)).Sel.Name == "NewTicker" ? "ticker" : "timer";
        var uses = file.UsesOf(variable);
        Ident? readInLoop = null;
        foreach (var use in uses)
        {
            var how = Syntax.Classify(file, use);
            var member = file.Index.Parent(use) is SelectorExpr sel ? sel.Sel.Name : "";
            if (how == UseKind.MethodCall && member == "Stop")
                return;
            if (!(how == UseKind.Selected && member == "C" || how == UseKind.MethodCall && member == "Reset"))
                return; // handed on, stored, returned: someone else may stop it
            if (member == "C" && file.Index.EnclosingLoop(use) is { } loop && !Loops.CanExit(file, loop, rangeEnds: false))
                readInLoop ??= use;
        }
        if (pass.Package.HasCollectableTimers && (kind == "timer" || readInLoop is null))
            return;
        pass.Report(file, call,
            pass.Package.HasCollectableTimers
                ? $"`{variable.Name}` is never stopped and a loop with no way out reads {variable.Name}.C (line {Pass.LineOf(file, readInLoop!)}): the ticker fires for as long as the goroutine lives"
                : $"the {kind} `{variable.Name}` is never stopped: before Go 1.23 it is never garbage-collected and keeps firing after its last reader is gone",
            $"defer {variable.Name}.Stop() right after creating it");
    }
}
