using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Rules;

/// <summary>A time.NewTicker or time.NewTimer kept in a local variable and never stopped.</summary>
internal static class TickerNotStopped
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "ticker-not-stopped",
        Title = "time.NewTicker / time.NewTimer never stopped",
        Doc = "A ticker fires until it is stopped. Before Go 1.23 an unstopped ticker is never garbage-collected and keeps firing into a channel nobody reads; an unstopped timer stays in the runtime until it fires, so one left behind by a select that took another case holds its memory for its whole duration. Timers that every read waits for are not reported. Since Go 1.23 unreferenced timers are collected, so for such modules only a ticker that a loop with no way out keeps reading is reported.",
        EnabledByDefault = false, // below 90% true positives on the Go standard library: docs/lint-precision.md
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        var wrappers = Wrappers.Returning(pass, (file, value) => Syntax.Unparen(value) is CallExpr call && Syntax.IsCallTo(file, call, "time", "NewTicker", "NewTimer"));
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "time") || !wrappers.IsEmpty))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is AssignStmt { Tok: Token.Define } assign && assign.Lhs.Count == assign.Rhs.Count)
                {
                    for (var i = 0; i < assign.Lhs.Count; i++)
                    {
                        if (assign.Lhs[i] is not Ident { Name: not "_" } name || Syntax.Unparen(assign.Rhs[i]) is not CallExpr call)
                            continue;
                        if (Syntax.IsCallTo(file, call, "time", "NewTicker", "NewTimer"))
                        {
                            var kind = ((SelectorExpr)Syntax.Unparen(call.Fun)).Sel.Name == "NewTicker" ? "ticker" : "timer";
                            if (!(kind == "timer" && call.Args is [var d] && Syntax.Unparen(d) is BasicLit { Kind: Token.Int }))
                                Check(pass, file, name, call, kind, null); // (a duration in plain nanoseconds fires at once)
                        }
                        else if (wrappers.Called(pass, file, call, IsTickerOrTimer) is { } wrapper)
                        {
                            Check(pass, file, name, call, KindMadeBy(wrappers.FileOf(wrapper), wrapper), (wrappers.FileOf(wrapper), wrapper));
                        }
                    }
                }
                return true;
            });
        }
    }

    private static bool IsTickerOrTimer(GoType type) => Types.IsNamedOrPointerTo(type, "time", "Ticker") || Types.IsNamedOrPointerTo(type, "time", "Timer");

    // What the wrapper's returns make: a ticker when any of them is time.NewTicker.
    private static string KindMadeBy(LintFile file, FuncDecl wrapper) =>
        Syntax.BodyNodes<CallExpr>(wrapper.Body!).Any(c => Syntax.IsCallTo(file, c, "time", "NewTicker")) ? "ticker" : "timer";

    // `case <-t.C:` in a select whose other cases (not a default, which only skips a timer that has not fired) can win: the timer is left running.
    private static bool CanBeAbandoned(LintFile file, Ident use)
    {
        var clause = file.Index.Ancestors(use).TakeWhile(a => a is not (FuncLit or FuncDecl)).OfType<CommClause>().FirstOrDefault();
        return clause?.Comm is { } comm && Syntax.Within(use, comm) && file.Index.Parent(clause) is BlockStmt block
            && block.List.OfType<CommClause>().Any(c => !ReferenceEquals(c, clause) && c.Comm is not null);
    }

    private static void Check(Pass pass, LintFile file, Ident variable, CallExpr call, string kind, (LintFile File, FuncDecl Decl)? wrapper)
    {
        var uses = file.UsesOf(variable);
        Ident? readInLoop = null;
        var abandonable = false;
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
            if (member == "C" && CanBeAbandoned(file, use))
                abandonable = true;
        }
        if (kind == "timer" && !abandonable)
            return; // every read waits for it to fire, and a fired timer is freed
        if (pass.Package.HasCollectableTimers && (kind == "timer" || readInLoop is null))
            return;
        var made = wrapper is null ? "" : $" (made by {file.SourceOf(call.Fun)}, line {Pass.LineOf(wrapper.Value.File, wrapper.Value.Decl)})";
        pass.Report(file, call,
            pass.Package.HasCollectableTimers
                ? $"`{variable.Name}`{made} is never stopped and a loop with no way out reads {variable.Name}.C (line {Pass.LineOf(file, readInLoop!)}): the ticker fires for as long as the goroutine lives"
                : $"the {kind} `{variable.Name}`{made} is never stopped: before Go 1.23 it is never garbage-collected and keeps firing after its last reader is gone",
            $"defer {variable.Name}.Stop() right after creating it",
            wrapper is { } w ? [(w.File, w.Decl, $"the wrapper that calls time.New{(kind == "ticker" ? "Ticker" : "Timer")}")] : []);
    }
}
