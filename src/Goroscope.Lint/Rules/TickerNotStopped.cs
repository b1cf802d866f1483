using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Rules;

/// <summary>
/// Before Go 1.23: a ticker left running where it becomes unreachable (its function returns, its goroutine exits, the
/// next pass of its loop), or a timer made on every pass of a loop that a select leaves running.
/// </summary>
internal static class TickerNotStopped
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "ticker-not-stopped",
        Title = "time.NewTicker not stopped where it becomes unreachable",
        Doc = "Before Go 1.23 a ticker that is not stopped is never garbage-collected: it keeps firing into a channel nobody reads for the rest of the program. Reported when a path leaves a ticker running as it becomes unreachable: a return (or the end of the function, or of its goroutine) with no Stop on the way, or a ticker kept in an unexported field that nothing in the package stops while the loop reading it can return. A timer is freed once it fires, so a timer is reported only when a new one is made on every pass of a loop and a select can leave it running while another case comes round: then they pile up. Not reported for modules on Go 1.23 or later, whose unreferenced tickers and timers are collected, stopped or not.",
        EnabledByDefault = false, // below 90% true positives on real code: docs/lint-precision.md
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (pass.Package.HasCollectableTimers)
            return; // from Go 1.23 an unreferenced ticker or timer is collected, stopped or not
        var wrappers = Wrappers.Returning(pass, (file, value) => Syntax.Unparen(value) is CallExpr call && Syntax.IsCallTo(file, call, "time", "NewTicker", "NewTimer"));
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "time") || !wrappers.IsEmpty))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is AssignStmt assign && assign.Lhs.Count == assign.Rhs.Count)
                {
                    for (var i = 0; i < assign.Lhs.Count; i++)
                    {
                        if (Syntax.Unparen(assign.Rhs[i]) is not CallExpr call || Made(pass, file, call, wrappers) is not { } made)
                            continue;
                        switch (assign.Lhs[i])
                        {
                            case Ident { Name: not "_" } name when assign.Tok == Token.Define:
                                CheckVariable(pass, file, assign, name, call, made);
                                break;
                            case SelectorExpr field when made.Kind == "ticker":
                                CheckField(pass, file, field, call, made);
                                break;
                        }
                    }
                }
                return true;
            });
        }
    }

    /// <summary>What a call makes: "ticker" or "timer", and the package's wrapper it goes through, if any.</summary>
    private sealed record Making(string Kind, (LintFile File, FuncDecl Decl)? Wrapper);

    private static Making? Made(Pass pass, LintFile file, CallExpr call, Wrappers wrappers)
    {
        if (Syntax.IsCallTo(file, call, "time", "NewTicker", "NewTimer"))
            return new Making(((SelectorExpr)Syntax.Unparen(call.Fun)).Sel.Name == "NewTicker" ? "ticker" : "timer", null);
        if (wrappers.Called(pass, file, call, IsTickerOrTimer) is not { } wrapper)
            return null;
        var wrapperFile = wrappers.FileOf(wrapper);
        var kind = Syntax.BodyNodes<CallExpr>(wrapper.Body!).Any(c => Syntax.IsCallTo(wrapperFile, c, "time", "NewTicker")) ? "ticker" : "timer";
        return new Making(kind, (wrapperFile, wrapper));
    }

    private static bool IsTickerOrTimer(GoType type) => Types.IsNamedOrPointerTo(type, "time", "Ticker") || Types.IsNamedOrPointerTo(type, "time", "Timer");

    private static string MadeBy(LintFile file, CallExpr call, Making made) =>
        made.Wrapper is { } w ? $" (made by {file.SourceOf(call.Fun)}, line {Pass.LineOf(w.File, w.Decl)})" : "";

    private static IEnumerable<(LintFile File, Node Node, string Message)> WrapperLocation(Making made) =>
        made.Wrapper is { } w ? [(w.File, w.Decl, $"the wrapper that calls time.New{(made.Kind == "ticker" ? "Ticker" : "Timer")}")] : [];

    // `t := time.NewTicker(d)`: what the function does with t decides whether some path leaves it running.
    private static void CheckVariable(Pass pass, LintFile file, AssignStmt assign, Ident variable, CallExpr call, Making made)
    {
        var stops = new List<Ident>();
        var reads = new List<Ident>();
        foreach (var use in file.UsesOf(variable))
        {
            var member = file.Index.Parent(use) is SelectorExpr sel ? sel.Sel.Name : "";
            switch (Syntax.Classify(file, use))
            {
                case UseKind.MethodCall when member == "Stop":
                    stops.Add(use);
                    break;
                case UseKind.Selected when member == "C":
                case UseKind.MethodCall when member == "Reset":
                    reads.Add(use);
                    break;
                case UseKind.CopiedAway when file.Index.Parent(use) is AssignStmt store && StoredInto(store, use) is SelectorExpr field && made.Kind == "ticker":
                    CheckField(pass, file, field, call, made);
                    return;
                default:
                    return; // handed on, stored, returned, re-assigned: its new holder may stop it
            }
        }
        if (file.Index.EnclosingFunction(assign) is not { } function || ProcessLifetime.RunsOnce(pass, file, assign))
            return;
        if (made.Kind == "timer")
            CheckTimerInLoop(pass, file, assign, variable, call, made, stops, reads);
        else
            CheckTicker(pass, file, assign, function, variable, call, made, stops, reads);
    }

    private static Expr? StoredInto(AssignStmt store, Ident value)
    {
        for (var i = 0; i < store.Rhs.Count && store.Lhs.Count == store.Rhs.Count; i++)
            if (ReferenceEquals(Syntax.Unparen(store.Rhs[i]), value))
                return store.Lhs[i];
        return null;
    }

    private static void CheckTicker(Pass pass, LintFile file, AssignStmt assign, Node function, Ident variable, CallExpr call, Making made, List<Ident> stops, List<Ident> reads)
    {
        bool NeverClosed(Expr ranged) => Syntax.Unparen(ranged) is SelectorExpr { Sel.Name: "C", X: Ident x } && file.Index.Declaration(x) == variable;

        // Read by a loop with no way out: whoever reads it lives as long as the ticker does.
        if (reads.Any(r => file.Index.EnclosingLoop(r) is { } loop && !Loops.CanExit(file, loop, rangeEnds: false)))
            return;
        var literals = reads.Concat(stops).Select(u => file.Index.EnclosingFunction(u)).Where(f => f is FuncLit).Distinct().ToList();
        if (stops.Count == 0)
        {
            // Never stopped: it is left running where the last of its holders ends — a goroutine reading it, or the function.
            var holder = literals.Count == 1 ? literals[0]! : literals.Count == 0 ? function : null;
            if (holder is null || Exits(file, holder, assign, NeverClosed).FirstOrDefault() is not { } exit)
                return;
            Report(pass, file, variable, call, made, exit, holder);
            return;
        }
        // Stopped on some paths: only the function's own paths are followed; a goroutine holding it is its owner's business.
        if (literals.Any(l => !IsDeferredStop(file, l!)))
            return;
        if (Exits(file, function, assign, NeverClosed).FirstOrDefault(e => !StoppedBefore(file, e, function, assign, stops)) is { } unstopped)
            Report(pass, file, variable, call, made, unstopped, function);
    }

    private static void Report(Pass pass, LintFile file, Ident variable, CallExpr call, Making made, Node exit, Node holder)
    {
        var where = exit switch
        {
            ReturnStmt => $"the return at line {Pass.LineOf(file, exit)}",
            ForStmt or RangeStmt => $"the next pass of the loop at line {Pass.LineOf(file, exit)}",
            _ => $"the end of {(holder is FuncLit ? "the function literal" : "the function")} (line {file.LineColumnOf(exit.End).Line})",
        };
        pass.Report(file, call,
            $"the ticker `{variable.Name}`{MadeBy(file, call, made)} is not stopped on the way out through {where}: before Go 1.23 an unstopped ticker is never garbage-collected and keeps firing for the rest of the program",
            $"defer {variable.Name}.Stop() right after creating it (or Stop it on every path out)",
            [(file, exit, "the ticker becomes unreachable here, still running"), .. WrapperLocation(made)]);
    }

    // `defer func() { t.Stop() }()`: a literal that only runs as the function's deferred cleanup.
    private static bool IsDeferredStop(LintFile file, Node literal) => file.Index.Parent(literal) is CallExpr call && file.Index.Parent(call) is DeferStmt;

    /// <summary>
    /// Where the ticker made at <paramref name="assign"/> becomes unreachable in <paramref name="function"/>: its returns
    /// after the making, the end of its body when control can run off it, and the loop the ticker is made in (the next pass
    /// makes another).
    /// </summary>
    private static IEnumerable<Node> Exits(LintFile file, Node function, AssignStmt assign, Func<Expr, bool> neverClosed)
    {
        var body = Syntax.BodyOf(function)!;
        var scope = Syntax.Within(assign, body) ? (Node?)file.Index.Parent(assign) ?? body : body;
        foreach (var ret in Syntax.BodyNodes<ReturnStmt>(body).Where(r => r.Pos > assign.End && Syntax.Within(r, scope)))
            yield return ret;
        if (Syntax.Within(assign, body) && file.Index.EnclosingLoop(assign) is { } loop && file.Index.EnclosingFunction(loop) == function)
            yield return loop;
        else if (Loops.CanFallOffEnd(file, body.List, neverClosed))
            yield return body;
    }

    /// <summary>Whether a Stop (or a defer that stops it) runs on every path from the making to <paramref name="exit"/>: one in a statement list the exit is in, before it.</summary>
    private static bool StoppedBefore(LintFile file, Node exit, Node function, AssignStmt assign, List<Ident> stops)
    {
        var stopStatements = stops.Select(s => StatementOf(file, s)).Where(s => s.Pos > assign.End).ToList();
        // A defer in the making's own statement list runs on every way out after it.
        if (Syntax.ContainingList(file, assign) is { } making && stopStatements.Any(s => s is DeferStmt && making.Contains(s) && s.End <= (exit is ReturnStmt ? exit.Pos : exit.End)))
            return true;
        if (exit is BlockStmt body)
            return stopStatements.Any(s => body.List.Contains(s));
        if (exit is ReturnStmt && stopStatements.Any(s => ReferenceEquals(s, exit)))
            return true;
        if (exit is not (ForStmt or RangeStmt) && LoopBefore(file, (Stmt)exit, assign) is { } loop && BreaksOutOf(file, loop) is { Count: > 0 } breaks
            && breaks.All(b => StoppedBefore(file, b, function, assign, stops)))
            return true; // the only way on from the loop before the exit is a break, each after a Stop
        var current = exit is ForStmt or RangeStmt ? LastOfLoopBody(exit) : (Stmt)exit;
        if (current is null)
            return false;
        var inclusive = exit is ForStmt or RangeStmt;
        while (current is not null && !ReferenceEquals(current, function))
        {
            if (Syntax.ContainingList(file, current) is { } list)
            {
                var index = list.ToList().FindIndex(s => ReferenceEquals(s, current));
                if (list.Take(inclusive ? index + 1 : index).Any(s => stopStatements.Contains(s)))
                    return true;
            }
            inclusive = false;
            current = file.Index.Ancestors(current).OfType<Stmt>().FirstOrDefault(a => a is not (BlockStmt or CaseClause or CommClause));
            if (current is not null && file.Index.EnclosingFunction(current) != function)
                return false;
        }
        return false;
    }

    // The statement that stops it: `t.Stop()`, `if !t.Stop() {…}`, or the defer of `defer t.Stop()` / `defer func() { t.Stop() }()`.
    private static Stmt StatementOf(LintFile file, Ident stop)
    {
        if (file.Index.EnclosingFunction(stop) is FuncLit literal && IsDeferredStop(file, literal))
            return (Stmt)file.Index.Parent(file.Index.Parent(literal)!)!;
        return file.Index.Ancestors(stop).OfType<Stmt>().First();
    }

    // The endless loop (`for { … }`, no condition) right before the exit in its statement list, after the making.
    private static Stmt? LoopBefore(LintFile file, Stmt exit, AssignStmt assign)
    {
        if (Syntax.ContainingList(file, exit) is not { } list)
            return null;
        var index = list.ToList().FindIndex(s => ReferenceEquals(s, exit));
        return index > 0 && list[index - 1].Pos > assign.End && (list[index - 1] is LabeledStmt { Stmt: var inner } ? inner : list[index - 1]) is ForStmt { Cond: null } loop ? loop : null;
    }

    // The breaks that leave the loop: unlabelled ones whose nearest breakable statement it is, and those naming its label.
    private static List<BranchStmt> BreaksOutOf(LintFile file, Stmt loop)
    {
        var label = file.Index.Parent(loop) is LabeledStmt labeled ? labeled.Label.Name : null;
        return Syntax.BodyNodes<BranchStmt>(((ForStmt)loop).Body).Where(b => b.Tok == Token.Break
            && (b.Label is { } target ? target.Name == label : ReferenceEquals(Loops.NearestBreakable(file, b), loop))).ToList();
    }

    private static Stmt? LastOfLoopBody(Node loop) => (loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body).List.LastOrDefault();

    // A ticker in an unexported field: reported when nothing in the package stops that field and a loop reading it can return.
    private static void CheckField(Pass pass, LintFile file, SelectorExpr field, CallExpr call, Making made)
    {
        var name = field.Sel.Name;
        if (name.Length == 0 || !char.IsLower(name[0]))
            return; // exported: code outside the package may stop it
        (LintFile File, Ident Read)? returningRead = null;
        foreach (var other in pass.Files)
        {
            var handedOn = false;
            var stopped = false;
            Walker.Inspect(other.Syntax, node =>
            {
                if (handedOn || stopped)
                    return false;
                if (node is not SelectorExpr { Sel.Name: var selected } use || selected != name || !MaySelectTheSameField(pass, field, use))
                    return true;
                switch (other.Index.Parent(use))
                {
                    case SelectorExpr { Sel.Name: "Stop" } outer when ReferenceEquals(outer.X, use):
                        stopped = true;
                        break;
                    case SelectorExpr { Sel.Name: "C" or "Reset" } outer when ReferenceEquals(outer.X, use):
                        if (other.Index.EnclosingLoop(use) is not { } loop || Loops.CanExit(other, loop, rangeEnds: false))
                            returningRead ??= (other, use.Sel);
                        break;
                    case AssignStmt store when store.Lhs.Any(l => ReferenceEquals(l, use)):
                    case BinaryExpr { Op: Token.Eql or Token.Neq }:
                        break; // made again, set to nil, compared with nil
                    default:
                        handedOn = true; // passed, returned, copied: its new holder may stop it
                        break;
                }
                return true;
            });
            if (handedOn || stopped)
                return;
        }
        if (returningRead is not { } read)
            return;
        pass.Report(file, call,
            $"the ticker in field `{name}`{MadeBy(file, call, made)} is never stopped anywhere in the package: when the code reading {name}.C (line {Pass.LineOf(read.File, read.Read)}) returns, or its owner is dropped, it is left running, and before Go 1.23 an unstopped ticker is never garbage-collected",
            $"Stop {name} where its reader returns (defer x.{name}.Stop() in the reading loop's function), or in the owner's Close",
            [(read.File, read.Read, "the ticker's reader, which can return"), .. WrapperLocation(made)]);
    }

    // Told apart by the types when they resolve both (two structs' `tick` fields); by name alone, any may be the same.
    private static bool MaySelectTheSameField(Pass pass, SelectorExpr field, SelectorExpr other) =>
        pass.Types?.Selected(field) is not { } known || pass.Types.Selected(other) is not { } selected || Equals(known, selected);

    // A timer is freed once it fires: only a new timer on every pass of a loop, left running by a select whose other case comes round, piles up.
    private static void CheckTimerInLoop(Pass pass, LintFile file, AssignStmt assign, Ident variable, CallExpr call, Making made, List<Ident> stops, List<Ident> reads)
    {
        if (stops.Count > 0 || file.Index.EnclosingLoop(assign) is not { } loop || Loops.IsBounded(file, loop))
            return;
        if (made.Wrapper is null && call.Args is [var duration] && Durations.IsUnderAMillisecond(file, duration))
            return; // it fires before many more passes can make others
        foreach (var read in reads)
        {
            if (file.Index.EnclosingLoop(read) == loop
                && file.Index.Ancestors(read).TakeWhile(a => a is not (FuncLit or FuncDecl)).OfType<CommClause>().FirstOrDefault() is { Comm: { } comm } clause
                && Syntax.Within(read, comm) && TimeAfterInLoop.AnotherCaseComesRound(pass, file, clause, loop))
            {
                pass.Report(file, call,
                    $"a new timer `{variable.Name}`{MadeBy(file, call, made)} on every pass of the loop (line {Pass.LineOf(file, loop)}), never stopped: when another case of the select wins, it is left running, and before Go 1.23 each one lives until it fires, so they pile up while the loop comes round",
                    $"make one timer before the loop and Reset it each pass, or {variable.Name}.Stop() when another case wins",
                    [(file, clause, "the select that can leave it running"), .. WrapperLocation(made)]);
                return;
            }
        }
    }
}
