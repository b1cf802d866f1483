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
                    && file.Index.EnclosingLoop(comm) is { } loop && !Loops.IsBounded(file, loop) && AnotherCaseComesRound(pass, file, clause, loop))
                {
                    if (Syntax.IsCallTo(file, call, "time", "After"))
                    {
                        // A constant under a millisecond fires before many more passes can start others: no pile-up.
                        if (!(call.Args is [var duration] && Durations.IsUnderAMillisecond(file, duration)))
                        {
                            pass.Report(file, call,
                                $"time.After starts a new timer on every pass of the loop (line {Pass.LineOf(file, loop)}); before Go 1.23 each one lives until it fires, so the timers pile up while the loop spins",
                                "create one timer before the loop (t := time.NewTimer(d); defer t.Stop()) and Reset it each iteration, or move to go 1.23 in go.mod");
                        }
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
    // A case whose body ends by continuing the loop comes round even when the select is followed by a way out.
    // Shared with ticker-not-stopped, whose timers made on every pass pile up the same way.
    internal static bool AnotherCaseComesRound(Pass pass, LintFile file, CommClause timerCase, Node loop) =>
        file.Index.Parent(timerCase) is BlockStmt block && file.Index.Parent(block) is SelectStmt select
        && block.List.OfType<CommClause>().Any(c => !ReferenceEquals(c, timerCase) && !(c.Body.Count > 0 && Leaves(file, c.Body[^1]))
            && (!LeftAfter(file, select, loop) || ContinuesLoop(c)) && !ReceivesFromAWayOut(pass, file, c, loop));

    // `case <-stopCh:` where another select of the loop returns on `<-stopCh`, or the loop body returns when a call that
    // selects on it says it is closed (`if hc.isClosing() { return }`): once it fires, the loop ends there, so it comes
    // round at most once.
    private static bool ReceivesFromAWayOut(Pass pass, LintFile file, CommClause clause, Node loop) =>
        ReceivedChannel(clause.Comm) is { } channel
        && (Syntax.BodyNodes<CommClause>(loop).Any(c => !ReferenceEquals(c, clause) && ReceivedChannel(c.Comm) == channel && c.Body.Count > 0 && Leaves(file, c.Body[^1]))
            || LoopBody(loop).List.OfType<IfStmt>().Any(check => check.Body.List.Count > 0 && Leaves(file, check.Body.List[^1]) && ChecksClosed(pass, file, check.Cond, channel)));

    private static BlockStmt LoopBody(Node loop) => loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body;

    // `x.isClosing()`, a method of the package whose body selects on `<-r.done` (r its receiver) and returns true there
    // (one call deep), where `x.done` is the channel.
    private static bool ChecksClosed(Pass pass, LintFile file, Expr condition, string channel)
    {
        if (Syntax.Unparen(condition) is not CallExpr { Args.Count: 0, Fun: SelectorExpr { X: var receiver } } call || Syntax.OperandKey(receiver) is not { } receiverKey
            || pass.Facts.Resolve(file, call.Fun) is not ({ } function, _) || function is not FuncDecl { Recv.List: [{ Names: [var self] }], Body: { } body })
            return false;
        return Syntax.BodyNodes<CommClause>(body).Any(c => ReceivedChannel(c.Comm) is { } received && received.StartsWith(self.Name + ".", StringComparison.Ordinal)
            && receiverKey + received[self.Name.Length..] == channel
            && c.Body is [.., ReturnStmt { Results: [Ident { Name: "true" }] }]);
    }

    private static string? ReceivedChannel(Stmt? comm) => ReceivedOperand(comm) is UnaryExpr { Op: Token.Arrow, X: var x } ? Syntax.OperandKey(x) : null;

    // The loop is left after the select whichever case ran: a statement that leaves (a return, a labelled break) follows
    // it in its block or in an enclosing one inside the loop, with no `continue` that could skip it on the way.
    private static bool LeftAfter(LintFile file, Stmt select, Node loop)
    {
        for (Stmt current = select; !ReferenceEquals(current, loop);)
        {
            if (Syntax.ContainingList(file, current) is { } list)
            {
                foreach (var next in list.SkipWhile(s => !ReferenceEquals(s, current)).Skip(1))
                {
                    if (Leaves(file, next))
                        return true;
                    if (ContinuesLoop(next))
                        return false;
                }
            }
            // Up to the statement that holds this one's block or case: what follows it runs next.
            if (file.Index.Ancestors(current).OfType<Stmt>().FirstOrDefault(a => a is not (BlockStmt or CaseClause or CommClause)) is not { } up)
                return false;
            current = up;
        }
        return false;
    }

    private static bool ContinuesLoop(Node node) => Syntax.BodyNodes<BranchStmt>(node).Any(b => b.Tok == Token.Continue);

    private static bool Leaves(LintFile file, Stmt last) => Syntax.IsTerminating(file, last) || last is BranchStmt { Tok: Token.Goto or Token.Break, Label: not null };

    private static CallExpr? ReceivedCall(Stmt comm) =>
        ReceivedOperand(comm) is UnaryExpr { Op: Token.Arrow, X: var x } && Syntax.Unparen(x) is CallExpr call ? call : null;

    private static Expr? ReceivedOperand(Stmt? comm) => comm switch
    {
        ExprStmt e => Syntax.Unparen(e.X),
        AssignStmt { Rhs.Count: 1 } a => Syntax.Unparen(a.Rhs[0]),
        _ => null,
    };
}
