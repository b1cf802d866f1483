using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>An early return or `continue` that leaves held a lock the function's normal path releases.</summary>
internal static class LockNotReleased
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "lock-not-released",
        Title = "an early exit leaves a lock held",
        Doc = "A function takes a lock and releases it on its normal path, but an early return (an error check added later, usually) or a `continue` leaves it held. The next goroutine that locks it — or the same loop's next iteration — blocks forever, and everything behind it. Unlock on that path too, or `defer` the Unlock right after the Lock.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("Unlock()"u8) >= 0) || pass.Facts.LockSummaries is not { } summaries)
            return;
        foreach (var (function, file) in summaries.Graph.Functions)
        {
            if (IsLockWrapper(function.Name.Name))
                continue;
            var exits = new List<(Stmt Exit, IReadOnlyDictionary<LockId, HeldLock> Held)>();
            var end = new HeldLocks(summaries.Graph, function, (_, _, _) => { }, (exit, held) => exits.Add((exit, new Dictionary<LockId, HeldLock>(held)))).Walk(function.Body!);
            var returns = exits.Where(e => e.Exit is ReturnStmt).ToList();
            // The normal path: where the body falls off its end, else its last return.
            var normal = end ?? (returns.Count > 0 ? returns.MaxBy(r => r.Exit.Pos).Held : null);
            if (normal is null)
                continue;
            var unlocks = Unlocks(summaries, function);
            var excused = Excused(summaries, file, function);
            foreach (var (exit, held) in exits.Where(e => !IsDeadCode(file, e.Exit)))
            {
                foreach (var (id, holding) in held)
                {
                    if (excused.Contains(id) || normal.ContainsKey(id) || ReleasedByCallee(summaries, function, id))
                        continue;
                    var taken = holding.TakenBy.Call;
                    var leaks = exit switch
                    {
                        ReturnStmt => unlocks.Any(u => u.Lock == id && u.Call.Pos > taken.Pos),
                        BranchStmt { Tok: Token.Continue, Label: null } => EnclosingLoop(file, exit) is { } loop && Within(loop, taken)
                            && LocksEachIteration(summaries, function, loop, id)
                            && unlocks.Any(u => u.Lock == id && u.Call.Pos > exit.Pos && Within(loop, u.Call)),
                        _ => false,
                    };
                    if (!leaks)
                        continue;
                    var what = exit is ReturnStmt ? "this return" : "this `continue`";
                    var consequence = exit is ReturnStmt
                        ? "the next goroutine that locks it blocks forever"
                        : "the next iteration locks it again and blocks forever";
                    pass.Report(file, exit,
                        $"{what} leaves `{holding.TakenBy.Text}` {(holding.TakenBy.Mode == LockMode.Read ? "read-locked" : "locked")} (line {Pass.LineOf(file, taken)}), which the function's other paths release: {consequence}",
                        $"call `{holding.TakenBy.Text}.{(holding.TakenBy.Mode == LockMode.Read ? "RUnlock" : "Unlock")}()` before leaving, or defer it right after the lock",
                        [(file, taken, $"`{holding.TakenBy.Text}` {(holding.TakenBy.Mode == LockMode.Read ? "read-locked" : "locked")} here")]);
                }
            }
        }
    }

    // Lock wrappers (Lock, TryLock, lockShard, rlockAll) hand the lock to their caller by design; `Block` is a word of its own.
    private static bool IsLockWrapper(string name) =>
        name.Contains("Lock", StringComparison.Ordinal) || name.StartsWith("lock", StringComparison.Ordinal) || name.StartsWith("rlock", StringComparison.Ordinal);

    // The function's own Unlock calls, outside `go`, `defer` and function literals.
    private static List<LockOp> Unlocks(LockSummaries summaries, FuncDecl function) =>
        CallGraph.CallsIn(function.Body!).Select(c => Locks.OpOf(summaries.Graph.Info, function, c)).OfType<LockOp>().Where(op => !op.Acquires).ToList();

    // Locks released where the walk cannot follow (a defer, a closure, a goroutine, a method value, the mutex's
    // address handed on), and locks whose first operation is an Unlock (the caller holds them on entry).
    private static HashSet<LockId> Excused(LockSummaries summaries, LintFile file, FuncDecl function)
    {
        var info = summaries.Graph.Info;
        var excused = new HashSet<LockId>();
        var direct = CallGraph.CallsIn(function.Body!).ToHashSet(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<LockId>();
        Walker.Inspect(function.Body!, n =>
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
    private static bool ReleasedByCallee(LockSummaries summaries, FuncDecl function, LockId id)
    {
        foreach (var call in CallGraph.CallsIn(function.Body!))
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
