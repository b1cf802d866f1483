using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>`Cond.Wait` outside a loop that re-checks its condition, or on a Cond nothing in the package signals.</summary>
internal static class CondWait
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "cond-wait",
        Title = "Cond.Wait outside a loop, or on a Cond nothing signals",
        Doc = "sync.Cond keeps no memory of a Signal or Broadcast: one sent before the goroutine waits is lost, so a Wait that does not re-check its condition in a `for` loop can block forever (and one woken for a condition another goroutine has since undone goes on as if it held). A Cond that nothing in the package signals or broadcasts wakes nobody: every Wait on it blocks forever. Wait as `for !condition { c.Wait() }` with c.L held, and Signal or Broadcast wherever the condition changes.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf(".Wait()"u8) >= 0) || pass.Facts.SyncSummaries is not { } sync)
            return;
        var ops = sync.AllOps;
        var waits = ops.Where(o => o.Kind == SyncOpKind.CondWait).ToList();
        var unsignalled = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
        foreach (var group in waits.Where(w => w.Variable is not null).GroupBy(w => (object?)w.Variable!.Declaration ?? w.Variable!))
        {
            var variable = group.First().Variable!;
            if (ops.Any(o => o.Kind is SyncOpKind.Signal or SyncOpKind.Broadcast && Same(o.Variable, variable)) || MayBeSignalledElsewhere(pass, sync, variable))
                continue;
            var declared = variable.Declaration is { } declaration ? pass.Files.FirstOrDefault(f => f.Index.Parent(declaration) is not null) : null;
            foreach (var wait in group)
            {
                unsignalled.Add(wait.Call);
                pass.Report(wait.File, wait.Call,
                    $"nothing in the package signals or broadcasts `{wait.Text}`: this Wait is never woken and blocks forever, holding up whatever waits for this goroutine",
                    $"call `{wait.Text}.Signal()` or `{wait.Text}.Broadcast()` where the condition it waits for changes",
                    declared is null ? [] : [(declared, (Node)variable.Declaration!, $"`{variable.Name}` declared here; no Signal or Broadcast on it in the package")]);
            }
        }
        foreach (var wait in waits.Where(w => !unsignalled.Contains(w.Call)))
        {
            // A bare Wait is how tests and hand-offs wait for a signaller that must take the lock after them: only the
            // condition checked once with `if` (that another waiter or a Broadcast for something else can falsify) is reported.
            if (InForLoop(wait.File, wait.Call) || CalledFromLoop(sync.Graph, wait))
                continue;
            if (wait.File.Index.Ancestors(wait.Call).TakeWhile(n => n is not FuncLit and not FuncDecl).OfType<IfStmt>().FirstOrDefault() is not { } check)
            {
                LostWakeUp(pass, sync, wait);
                continue;
            }
            pass.Report(wait.File, wait.Call,
                $"`{wait.Text}.Wait()` is under an `if` that checks its condition once, not in a `for` loop that re-checks it: another waiter or a Broadcast can wake this goroutine with the condition false again, and it goes on as if it held (or waits again for a Signal already spent, and blocks forever)",
                $"wait in a loop, with the lock held: `for !condition {{ {wait.Text}.Wait() }}`",
                [(wait.File, (Node)check, "the condition is checked once here")]);
        }
        foreach (var group in waits.Where(w => w.Variable is not null && !unsignalled.Contains(w.Call)).GroupBy(w => (object?)w.Variable!.Declaration ?? w.Variable!))
            OneSignalForManyWaiters(pass, sync, [.. group]);
    }

    // Several goroutines wait in `for !q.closed { Wait() }` for a flag that is set once and never reset, and the only
    // wake-up for it is one Signal: Signal wakes one waiter, the flag stays set, and nothing wakes the others again.
    // Not reported when the Cond is ever broadcast, when the waiting function passes the wake-up on (signals itself), or
    // when only one goroutine can wait.
    private static void OneSignalForManyWaiters(Pass pass, SyncSummaries sync, List<SyncOp> waits)
    {
        var variable = waits[0].Variable!;
        var info = sync.Graph.Info;
        var wakeUps = sync.AllOps.Where(o => o.Kind is SyncOpKind.Signal or SyncOpKind.Broadcast && Same(o.Variable, variable)).ToList();
        if (wakeUps.Count == 0 || wakeUps.Any(o => o.Kind == SyncOpKind.Broadcast))
            return;
        foreach (var wait in waits)
        {
            if (wait.File.Index.Ancestors(wait.Call).TakeWhile(n => n is not FuncLit and not FuncDecl).OfType<ForStmt>().FirstOrDefault() is not { Cond: { } condition }
                || wait.File.Index.EnclosingFunction(wait.Call) is not { } waiter || wakeUps.Any(s => ReferenceEquals(s.File.Index.EnclosingFunction(s.Call), waiter)))
                continue;
            var flags = Walker.Descendants(condition).OfType<SelectorExpr>()
                .Select(sel => info.Selected(sel) as Var).Where(f => f is { IsField: true } && Types.CoreType(f.Type) is BasicType { Kind: BasicKind.Bool }).ToHashSet();
            if (flags.Count == 0 || Starts(pass, sync.Graph, waiter) is not { } start)
                continue;
            foreach (var signal in wakeUps)
            {
                if (signal.File.Index.EnclosingFunction(signal.Call) is not { } signaller || Syntax.BodyOf(signaller) is not { } body)
                    continue;
                var set = Syntax.BodyNodes<AssignStmt>(body).FirstOrDefault(a => a.Pos < signal.Call.Pos && a is { Lhs: [SelectorExpr field], Rhs: [Ident { Name: "true" }] }
                    && info.Selected(field) is Var flag && flags.Contains(flag) && SetOnlyToTrue(pass, info, flag));
                if (set is null)
                    continue;
                pass.Report(signal.File, signal.Call,
                    $"`{signal.File.SourceOf(set.Lhs[0])}` is set once and never reset, and this `{signal.Text}.Signal()` is its only wake-up, but several goroutines wait for it (`for {wait.File.SourceOf(condition)} {{ Wait() }}`, started on line {Pass.LineOf(start.File, start.Go)}): Signal wakes one of them, and the others wait forever",
                    $"wake every waiter: `{signal.Text}.Broadcast()`",
                    [(wait.File, (Node)wait.Call, "each of the goroutines waits here"), (start.File, start.Go, "started more than once here")]);
                return;
            }
        }
    }

    // A `go` statement that runs the waiting function (directly, or as a literal that calls it) more than once: inside a
    // loop, or one of two or more such statements. Null when one goroutine at most can wait.
    private static (GoStmt Go, LintFile File)? Starts(Pass pass, CallGraph graph, Node waiter)
    {
        var starts = new List<(GoStmt, LintFile)>();
        foreach (var file in pass.Files)
            foreach (var go in Walker.Descendants(file.Syntax).OfType<GoStmt>())
            {
                var runs = ReferenceEquals(go.Call.Fun, waiter) || ReferenceEquals(graph.Callee(go.Call), waiter)
                    || go.Call.Fun is FuncLit literal && Syntax.BodyNodes<CallExpr>(literal.Body).Any(c => ReferenceEquals(graph.Callee(c), waiter));
                if (!runs)
                    continue;
                if (file.Index.Ancestors(go).TakeWhile(n => n is not FuncLit and not FuncDecl).Any(n => n is ForStmt or RangeStmt))
                    return (go, file);
                starts.Add((go, file));
            }
        return starts.Count >= 2 ? starts[1] : null;
    }

    // The flag is only ever assigned `true` in the package (a one-way state: closed, stopped, done).
    private static bool SetOnlyToTrue(Pass pass, TypeInfo info, Var flag) =>
        pass.Files.All(file => Walker.Descendants(file.Syntax).OfType<AssignStmt>().All(a => a.Lhs.Select((l, i) => (l, i)).All(p =>
            !(Syntax.Unparen(p.l) is SelectorExpr field && ReferenceEquals(info.Selected(field), flag)) || a.Rhs.Count == a.Lhs.Count && a.Rhs[p.i] is Ident { Name: "true" })))
        && pass.Files.All(file => Walker.Descendants(file.Syntax).OfType<KeyValueExpr>().All(kv => !(kv.Key is Ident key && key.Name == flag.Name && kv.Value is not Ident { Name: "false" })));

    // A bare Wait (no condition checked at all) is safe only when every Signal must wait for the waiter to hold the lock:
    // a Signal or Broadcast made with no lock taken before it in its function — a goroutine's or a function no other
    // function of the package calls (a helper may be called with the lock held) — can come before the waiter reaches
    // Wait, and Cond keeps no memory of it: the wake-up is lost and Wait blocks forever.
    private static void LostWakeUp(Pass pass, SyncSummaries sync, SyncOp wait)
    {
        if (wait.Variable is not { } variable)
            return;
        var signals = sync.AllOps.Where(o => o.Kind is SyncOpKind.Signal or SyncOpKind.Broadcast && Same(o.Variable, variable)).ToList();
        if (signals.Count == 0 || signals.Any(s => !WithoutLock(sync.Graph, s)))
            return;
        pass.Report(wait.File, wait.Call,
            $"`{wait.Text}.Wait()` checks no condition, and `{signals[0].Text}.{signals[0].Kind}()` ({Path.GetFileName(signals[0].File.Path)}:{Pass.LineOf(signals[0].File, signals[0].Call)}) is made without taking the lock first: it can come before this goroutine reaches Wait, and a Cond keeps no memory of it, so the wake-up is lost and Wait blocks forever",
            $"wait for a condition the signaller sets under the lock: `for !condition {{ {wait.Text}.Wait() }}`, and set it and signal with `{wait.Text}.L` held",
            signals.Select(s => (s.File, (Node)s.Call, "signalled here without the lock")));
    }

    private static bool WithoutLock(CallGraph graph, SyncOp signal)
    {
        if (signal.File.Index.EnclosingFunction(signal.Call) is not { } function || Syntax.BodyOf(function) is not { } body)
            return false;
        if (function is FuncLit literal && !(signal.File.Index.Parent(literal) is CallExpr call && signal.File.Index.Parent(call) is GoStmt))
            return false; // a literal called in place or later may run with the caller's lock held
        if (function is FuncDecl helper && (helper.Name.IsExported || graph.Functions.Any(f => CallGraph.SitesIn(f.Key.Body!).Any(s => ReferenceEquals(graph.Callee(s.Call), helper))
            || Literals(graph, f.Key).Any(c => ReferenceEquals(graph.Callee(c), helper)))))
            return false;
        return !Syntax.BodyNodes<CallExpr>(body).Any(c => c.Pos < signal.Call.Pos && Syntax.Unparen(c.Fun) is SelectorExpr { Sel.Name: "Lock" or "RLock" });
    }

    private static bool Same(Var? a, Var b) => a is not null && (ReferenceEquals(a, b) || a.Declaration is not null && ReferenceEquals(a.Declaration, b.Declaration));

    private static bool InForLoop(LintFile file, CallExpr call) =>
        file.Index.Ancestors(call).TakeWhile(n => n is not FuncLit and not FuncDecl).Any(n => n is ForStmt);

    // A helper that waits (`func (q *queue) wait() { if q.empty() { q.cond.Wait() } }`) whose every caller re-checks in a
    // loop; an exported one has callers outside the package that need not.
    private static bool CalledFromLoop(CallGraph graph, SyncOp wait)
    {
        if (wait.File.Index.EnclosingFunction(wait.Call) is not FuncDecl helper || helper.Name.IsExported)
            return false;
        var calls = 0;
        foreach (var (function, file) in graph.Functions)
            foreach (var call in CallGraph.SitesIn(function.Body!).Select(s => s.Call).Concat(Literals(graph, function)))
                if (ReferenceEquals(graph.Callee(call), helper))
                {
                    if (!InForLoop(file, call))
                        return false;
                    calls++;
                }
        return calls > 0;
    }

    private static IEnumerable<CallExpr> Literals(CallGraph graph, FuncDecl function) =>
        graph.FunctionLiterals.Where(l => ReferenceEquals(l.Enclosing, function)).SelectMany(l => CallGraph.SitesIn(l.Body)).Select(s => s.Call);

    // Declared in another package, an exported field or variable of a library (its importers can signal it), or used
    // otherwise than by Wait, Signal, Broadcast, `.L` and assignment (passed on, copied, returned: signalled where we cannot see).
    private static bool MayBeSignalledElsewhere(Pass pass, SyncSummaries sync, Var variable)
    {
        var info = sync.Graph.Info;
        if (!ReferenceEquals(variable.Package, info.Package) || variable.IsExported && pass.Package.Name != "main")
            return true;
        foreach (var file in pass.Files)
        {
            var escapes = false;
            Walker.Inspect(file.Syntax, n =>
            {
                if (escapes || n is not Ident id || info.IsDefinition(id) || info.ObjectOf(id) is not Var used || !Same(used, variable))
                    return !escapes;
                escapes = !IsPlainUse(file, id);
                return !escapes;
            });
            if (escapes)
                return true;
        }
        return false;
    }

    private static bool IsPlainUse(LintFile file, Ident id)
    {
        Node use = file.Index.Parent(id) is SelectorExpr field && ReferenceEquals(field.Sel, id) ? field : id;
        var parent = file.Index.Parent(use);
        while (parent is ParenExpr)
        {
            use = parent;
            parent = file.Index.Parent(parent);
        }
        return parent switch
        {
            SelectorExpr { Sel.Name: "L" } locker => ReferenceEquals(locker.X, use),
            SelectorExpr { Sel.Name: "Wait" or "Signal" or "Broadcast" } method => ReferenceEquals(method.X, use) && file.Index.Parent(method) is CallExpr called && ReferenceEquals(called.Fun, method),
            AssignStmt assign => assign.Lhs.Any(l => ReferenceEquals(l, use)),
            KeyValueExpr pair => ReferenceEquals(pair.Key, use),
            _ => false,
        };
    }
}
