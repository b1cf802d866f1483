using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>
/// An early return, `continue`, `break` or `goto` that leaves held a lock the function's normal path releases, in a
/// function or a function literal (a body of its own: `go func() { mu.Lock(); if x { return }; mu.Unlock() }()`); and
/// a return out of `for {}` whose loop releases the lock before it comes round, when no caller releases it.
/// </summary>
internal static class LockNotReleased
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "lock-not-released",
        Title = "an early exit leaves a lock held",
        Doc = "A function takes a lock and releases it on its normal path, but an early return (an error check added later, usually), a `continue`, a `break` or a `goto` leaves it held. The next goroutine that locks it — or the same loop's next iteration — blocks forever, and everything behind it. Unlock on that path too, or `defer` the Unlock right after the Lock.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("Unlock()"u8) >= 0) || pass.Facts.LockSummaries is not { } summaries)
            return;
        var graph = summaries.Graph;
        foreach (var body in graph.Functions.Select(f => graph.TargetOf(f.Key)).Concat(graph.FunctionLiterals))
        {
            if (body.Function is FuncDecl declared && IsLockWrapper(declared.Name.Name))
                continue;
            var (function, file) = (body.Enclosing, body.File);
            var exits = pass.Facts.LockExits!.Of(body);
            // The normal path: where the body falls off its end, else its last return.
            var normal = (exits.End ?? exits.Returns.MaxBy(r => r.At!.Pos))?.Held;
            if (normal is null)
                continue;
            var handed = exits.HeldOnEveryReturn;
            var unlocks = Unlocks(summaries, body);
            var excused = Excused(summaries, file, body);
            foreach (var (exit, held) in exits.Returns.Concat(exits.Jumps).Where(e => e.At is not null && !IsDeadCode(file, e.At)).Select(e => (e.At!, e.Held)))
            {
                foreach (var (id, holding) in held)
                {
                    // A break or goto leads to code that may end the function, so the path it takes can be the one the
                    // normal-path guess picks: for them, the lock must be released on some return.
                    var handedToCaller = exit is BranchStmt { Tok: Token.Break or Token.Goto } ? handed.Contains(id) : normal.ContainsKey(id);
                    if (excused.Contains(id) || ReleasedByCallee(summaries, body, id))
                        continue;
                    var leak = handedToCaller
                        ? exit is ReturnStmt returned ? EndlessLoopReturn(summaries, body, returned, holding.TakenBy, unlocks) : null
                        : Leak(summaries, file, body, exit, id, holding.TakenBy.Call, unlocks);
                    if (leak is null)
                        continue;
                    var (what, releasedBy, consequence) = leak.Value;
                    var taken = holding.TakenBy.Call;
                    pass.Report(file, exit,
                        $"{what} leaves `{holding.TakenBy.Text}` {(holding.TakenBy.Mode == LockMode.Read ? "read-locked" : "locked")} (line {Pass.LineOf(file, taken)}), which {releasedBy}: {consequence}",
                        $"call `{holding.TakenBy.Text}.{(holding.TakenBy.Mode == LockMode.Read ? "RUnlock" : "Unlock")}()` before leaving, or defer it right after the lock",
                        [(file, taken, $"`{holding.TakenBy.Text}` {(holding.TakenBy.Mode == LockMode.Read ? "read-locked" : "locked")} here")]);
                }
            }
        }
    }

    private const string OtherPaths = "the function's other paths release";

    // Whether leaving by this exit with the lock held leaks it, and then how to say so: the exit skips an Unlock that the
    // path it leaves would have reached, and nothing where it leads releases the lock.
    private static (string What, string ReleasedBy, string Consequence)? Leak(LockSummaries summaries, LintFile file, CallTarget body, Stmt exit, LockId id, CallExpr taken, List<LockOp> unlocks)
    {
        var function = body.Enclosing;
        bool UnlockedBetween(int from, int to) => unlocks.Any(u => u.Lock == id && u.Call.Pos > from && u.Call.Pos < to);
        switch (exit)
        {
            case ReturnStmt:
                return UnlockedBetween(taken.Pos, int.MaxValue) ? ("this return", OtherPaths, "the next goroutine that locks it blocks forever") : null;
            case BranchStmt { Tok: Token.Continue } branch:
                // The next iteration of the loop it continues locks it again.
                return Target(file, body.Body, branch) is { } loop && Within(loop, taken) && LocksEachIteration(summaries, function, loop, id)
                    && UnlockedBetween(exit.Pos, loop.End)
                    ? (branch.Label is null ? "this `continue`" : $"this `continue {branch.Label.Name}`", OtherPaths, "the next iteration locks it again and blocks forever")
                    : null;
            case BranchStmt { Tok: Token.Break } branch:
                // It leaves the statement whose path would unlock further down, and nothing after that statement unlocks.
                return Target(file, body.Body, branch) is { } left && Within(left, taken) && UnlockedBetween(exit.Pos, left.End) && !UnlockedBetween(left.End - 1, int.MaxValue)
                    ? (branch.Label is null ? "this `break`" : $"this `break {branch.Label.Name}`", OtherPaths, "nothing after it unlocks, so the next goroutine that locks it blocks forever")
                    : null;
            case BranchStmt { Tok: Token.Goto, Label: { } label }:
                if (LabelNamed(body.Body, label.Name) is not { } target)
                    return null;
                if (target.Pos > exit.Pos) // forward: it jumps over the Unlock, and nothing from the label on unlocks
                    return UnlockedBetween(exit.Pos, target.Pos) && !UnlockedBetween(target.Pos - 1, int.MaxValue)
                        ? ($"this `goto {label.Name}`", OtherPaths, "it jumps past the Unlock, so the next goroutine that locks it blocks forever")
                        : null;
                // backward: the code from the label locks it again
                return taken.Pos > target.Pos && UnlockedBetween(exit.Pos, int.MaxValue)
                    && CallGraph.CallsIn(body.Body).Where(c => c.Pos > target.Pos).Select(c => Locks.OpOf(summaries.Graph.Info, function, c)).OfType<LockOp>().FirstOrDefault(op => op.Lock == id) is { Acquires: true }
                    ? ($"this `goto {label.Name}`", OtherPaths, $"the code at `{label.Name}` locks it again and blocks forever")
                    : null;
            default:
                return null;
        }
    }

    // A return out of `for {}` with a lock the loop takes each iteration and releases before it comes round, held on
    // every return: a function hands such a lock to its callers by design (lock once ready) unless the package calls it
    // and no caller releases it; a literal started with `go` has no caller to release it.
    private static (string What, string ReleasedBy, string Consequence)? EndlessLoopReturn(LockSummaries summaries, CallTarget body, ReturnStmt exit, LockOp taken, List<LockOp> unlocks)
    {
        var file = body.File;
        if (EnclosingLoop(file, exit) is not ForStmt { Cond: null } loop || !Within(loop, taken.Call) || !LocksEachIteration(summaries, body.Enclosing, loop, taken.Lock)
            || !unlocks.Any(u => u.Lock == taken.Lock && u.Mode == taken.Mode && u.Call.Pos > exit.Pos && u.Call.Pos < loop.End))
            return null;
        var callersLeaveIt = body.Function switch
        {
            FuncDecl decl => NoCallerReleases(summaries.Graph, decl, taken),
            FuncLit literal => file.Index.Parent(literal) is CallExpr call && ReferenceEquals(call.Fun, literal) && file.Index.Parent(call) is GoStmt,
            _ => false,
        };
        return callersLeaveIt
            ? ("this return out of the loop", "the loop releases before it comes round", "no caller releases it after this return, so the next goroutine that locks it blocks forever")
            : null;
    }

    // The package calls the function, and no caller releases the lock (as the caller names it) anywhere in its body.
    private static bool NoCallerReleases(CallGraph graph, FuncDecl function, LockOp taken)
    {
        var callers = 0;
        foreach (var caller in graph.Functions.Select(f => graph.TargetOf(f.Key)).Concat(graph.FunctionLiterals))
        {
            foreach (var site in CallGraph.SitesIn(caller.Body).Where(s => ReferenceEquals(graph.Callee(s.Call), function)))
            {
                callers++;
                if (graph.Translate(caller.Enclosing, graph.TargetOf(function), site.Call, taken.Lock) is not { } named)
                    return false;
                var releases = false;
                Walker.Inspect(caller.Body, n =>
                {
                    releases |= n is CallExpr call && Locks.OpOf(graph.Info, caller.Enclosing, call) is { Acquires: false } op && op.Lock == named && op.Mode == taken.Mode;
                    return !releases;
                });
                if (releases)
                    return false;
            }
        }
        return callers > 0;
    }

    // The statement a break or continue leaves or continues: the labelled one, or the innermost loop (or switch or select, for break).
    private static Node? Target(LintFile file, BlockStmt body, BranchStmt branch) => branch.Label is { } label
        ? LabelNamed(body, label.Name)?.Stmt
        : branch.Tok == Token.Continue ? EnclosingLoop(file, branch) : Loops.NearestBreakable(file, branch) is Stmt stmt ? stmt : null;

    private static LabeledStmt? LabelNamed(BlockStmt body, string name) =>
        Syntax.BodyNodes<LabeledStmt>(body).FirstOrDefault(l => l.Label.Name == name);

    // Lock wrappers (Lock, TryLock, lockShard, rlockAll) hand the lock to their caller by design; `Block` is a word of its own.
    private static bool IsLockWrapper(string name) =>
        name.Contains("Lock", StringComparison.Ordinal) || name.StartsWith("lock", StringComparison.Ordinal) || name.StartsWith("rlock", StringComparison.Ordinal);

    // The function's own Unlock calls, outside `go`, `defer` and function literals.
    private static List<LockOp> Unlocks(LockSummaries summaries, CallTarget body) =>
        CallGraph.CallsIn(body.Body).Select(c => Locks.OpOf(summaries.Graph.Info, body.Enclosing, c)).OfType<LockOp>().Where(op => !op.Acquires).ToList();

    // Locks released where the walk cannot follow (a defer, a closure, a goroutine, a method value, the mutex's
    // address handed on), and locks whose first operation is an Unlock (the caller holds them on entry).
    private static HashSet<LockId> Excused(LockSummaries summaries, LintFile file, CallTarget body)
    {
        var (info, function) = (summaries.Graph.Info, body.Enclosing);
        var excused = new HashSet<LockId>();
        var direct = CallGraph.CallsIn(body.Body).ToHashSet(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<LockId>();
        Walker.Inspect(body.Body, n =>
        {
            if (n is CallExpr call && Locks.OpOf(info, function, call) is { } op)
            {
                if (!direct.Contains(call) && !op.Acquires)
                    excused.Add(op.Lock);
                if (direct.Contains(call) && seen.Add(op.Lock) && !op.Acquires)
                    excused.Add(op.Lock);
            }
            if (n is SelectorExpr { Sel.Name: "Unlock" or "RUnlock" } value
                && !(file.Index.Parent(value) is CallExpr parent && ReferenceEquals(parent.Fun, value)) && Locks.IdOf(info, function, value.X) is { } handed)
                excused.Add(handed);
            if (n is UnaryExpr { Op: Token.And } address && IsMutex(info.TypeOf(address.X)) && Locks.IdOf(info, function, address.X) is { } shared)
                excused.Add(shared);
            return true;
        });
        return excused;
    }

    // A callee of the package whose first operation on a lock of the same field name is an Unlock (unlockAndFlush)
    // may be releasing this one.
    private static bool ReleasedByCallee(LockSummaries summaries, CallTarget body, LockId id)
    {
        foreach (var call in CallGraph.CallsIn(body.Body))
        {
            if (summaries.Graph.Callee(call) is not { } callee)
                continue;
            var first = CallGraph.CallsIn(callee.Body!).Select(c => Locks.OpOf(summaries.Graph.Info, callee, c)).OfType<LockOp>()
                .FirstOrDefault(op => op.Lock == id || op.Lock.Path.Length > 0 && id.Path.EndsWith(op.Lock.Path, StringComparison.Ordinal));
            if (first is { Acquires: false })
                return true;
        }
        return false;
    }

    // The loop's first operation on the lock takes it: a loop whose body starts by unlocking holds the lock
    // from one iteration to the next by design (the reconnect loop that drops it only to sleep).
    private static bool LocksEachIteration(LockSummaries summaries, FuncDecl function, Node loop, LockId id) =>
        CallGraph.CallsIn(loop).Select(c => Locks.OpOf(summaries.Graph.Info, function, c)).OfType<LockOp>().FirstOrDefault(op => op.Lock == id) is { Acquires: true };

    // `if false { return }`: never runs (kept to quiet a checker, or switched off by hand).
    private static bool IsDeadCode(LintFile file, Stmt exit) =>
        file.Index.Ancestors(exit).TakeWhile(n => n is not FuncLit).OfType<IfStmt>().Any(i => i.Cond is Ident { Name: "false" } && Within(i.Body, exit));

    private static Node? EnclosingLoop(LintFile file, Node node) =>
        file.Index.Ancestors(node).TakeWhile(n => n is not FuncLit).FirstOrDefault(n => n is ForStmt or RangeStmt);

    private static bool Within(Node outer, Node inner) => inner.Pos >= outer.Pos && inner.End <= outer.End;

    private static bool IsMutex(GoTypes.GoType? type) => GoTypes.Types.IsNamed(type, "sync", "Mutex") || GoTypes.Types.IsNamed(type, "sync", "RWMutex");
}
