using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A lock taken again, directly or through a callee, while the same goroutine holds it.</summary>
internal static class DoubleLock
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "double-lock",
        Title = "lock taken again while it is held",
        Doc = "Go's sync.Mutex and sync.RWMutex are not re-entrant: a goroutine that locks a mutex it already holds, itself or in a method it calls, blocks forever, and every goroutine that needs the lock after it blocks too. An RLock taken while the same goroutine holds the read lock deadlocks as soon as a writer waits between the two. Unlock before calling, or split the callee into a locked wrapper and an unlocked helper that expects the lock held.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        // Types are resolved only for packages that lock something.
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("Lock()"u8) >= 0) || pass.Facts.LockSummaries is not { } summaries)
            return;
        foreach (var (function, file) in summaries.Graph.Functions)
        {
            var literals = Literals(function.Body!);
            var bodies = literals.Select(l => l.Body).Prepend(function.Body!).ToList();
            var handedOff = HandedOff(summaries, file, function);
            var unlocked = bodies.Select((b, i) => i > 0 && RunsInline(summaries.Graph, file, function, literals[i - 1]) ? [] : UnlockedIn(summaries, function, b)).ToList();
            for (var i = 0; i < bodies.Count; i++)
            {
                // A lock unlocked by another body of this function (a goroutine, a callback) can be released while this one waits.
                var elsewhere = unlocked.Where((_, j) => j != i).SelectMany(u => u).Concat(handedOff).ToHashSet();
                Check(pass, summaries, file, function, bodies[i], elsewhere);
            }
        }
    }

    // Function literals at any depth: each runs as a call or a goroutine of its own, starting with no lock held.
    private static List<FuncLit> Literals(BlockStmt body)
    {
        var literals = new List<FuncLit>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit literal)
                literals.Add(literal);
            return true;
        });
        return literals;
    }

    // A literal run only by ordinary calls on this goroutine (called in place, or bound to a variable used only to call
    // it): its Unlocks release what it took itself, they are no other goroutine's.
    private static bool RunsInline(CallGraph graph, LintFile file, FuncDecl function, FuncLit literal)
    {
        static bool Called(LintFile file, Node use) =>
            file.Index.Parent(use) is CallExpr call && ReferenceEquals(call.Fun, use) && file.Index.Parent(call) is not (GoStmt or DeferStmt);
        if (Called(file, literal))
            return true;
        var bound = file.Index.Parent(literal) switch
        {
            AssignStmt assign when assign.Lhs.Count == assign.Rhs.Count => assign.Lhs[assign.Rhs.ToList().FindIndex(r => ReferenceEquals(r, literal))],
            ValueSpec spec when spec.Names.Count == spec.Values.Count => spec.Names[spec.Values.ToList().FindIndex(v => ReferenceEquals(v, literal))],
            _ => null,
        };
        if (bound is not Ident name || graph.Info.ObjectOf(name) is not GoTypes.Var variable)
            return false;
        var inline = true;
        var calls = 0;
        Walker.Inspect(function.Body!, n =>
        {
            if (n is Ident use && !ReferenceEquals(use, name) && ReferenceEquals(graph.Info.ObjectOf(use), variable))
            {
                inline &= Called(file, use) && graph.Targets((CallExpr)file.Index.Parent(use)!) is [var target] && ReferenceEquals(target.Function, literal);
                calls++;
            }
            return inline;
        });
        return inline && calls > 0;
    }

    // Locks the function lets something else unlock: an Unlock method value (NotifyStarted: mu.Unlock) or the mutex's
    // address (unlock := unlockOnce(&mu)). Such a mutex is released where this walk cannot see, or is a semaphore
    // that the second Lock waits on on purpose.
    private static HashSet<LockId> HandedOff(LockSummaries summaries, LintFile file, FuncDecl function)
    {
        var handedOff = new HashSet<LockId>();
        var info = summaries.Graph.Info;
        Walker.Inspect(function.Body!, n =>
        {
            if (n is SelectorExpr { Sel.Name: "Unlock" or "RUnlock" } value && !IsCalled(file, value) && Locks.IdOf(info, function, value.X) is { } id)
                handedOff.Add(id);
            if (n is UnaryExpr { Op: Token.And } address && IsMutex(info.TypeOf(address.X)) && Locks.IdOf(info, function, address.X) is { } shared)
                handedOff.Add(shared);
            return true;
        });
        return handedOff;
    }

    // The body's Unlocks, deferred ones too (a callback's `defer mu.Unlock()`).
    private static IEnumerable<LockId> UnlockedIn(LockSummaries summaries, FuncDecl function, BlockStmt body) =>
        CallGraph.SitesIn(body).Where(s => s.Kind != CallKind.Go).Select(s => Locks.OpOf(summaries.Graph.Info, function, s.Call)).OfType<LockOp>()
            .Where(op => !op.Acquires).Select(op => op.Lock).ToList();

    private static bool IsMutex(GoTypes.GoType? type) => GoTypes.Types.IsNamed(type, "sync", "Mutex") || GoTypes.Types.IsNamed(type, "sync", "RWMutex");

    private static bool IsCalled(LintFile file, SelectorExpr selector) => file.Index.Parent(selector) is CallExpr call && ReferenceEquals(call.Fun, selector);

    private static void Check(Pass pass, LockSummaries summaries, LintFile file, FuncDecl function, BlockStmt body, HashSet<LockId> handedOff)
    {
        // A loop's later round visits a call again when it holds more there: report each call once.
        var reported = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
        new HeldLocks(summaries.Graph, function, (call, op, held) =>
        {
            if (reported.Contains(call) || op is not null && handedOff.Contains(op.Lock))
                return;
            if (op is { Acquires: true } && held.TryGetValue(op.Lock, out var first)
                && !(first.TakenBy.Mode == LockMode.Read && op.Mode == LockMode.Read && IsPrivateTo(summaries.Graph.Info, file, body, op.Lock)))
            {
                pass.Report(file, call,
                    $"`{op.Text}` is {Verb(op.Mode)} again while this goroutine holds it ({Verb(first.TakenBy.Mode)} on line {Pass.LineOf(file, first.TakenBy.Call)}): {Consequence(first.TakenBy.Mode, op.Mode)}",
                    "unlock before locking again, or do not lock here when the caller already holds the lock",
                    [(file, first.TakenBy.Call, $"`{first.TakenBy.Text}` {Verb(first.TakenBy.Mode)} here")]);
                reported.Add(call);
                return;
            }
            if (op is not null)
                return;
            foreach (var (inner, formatted) in summaries.AcquiredByCall(function, call).Where(a => a.OnEveryPath).Select(a => (a, (FormattedOperand?)null)).Concat(AcquiredByFormatting(summaries, function, call)))
            {
                if (handedOff.Contains(inner.Lock) || !held.TryGetValue(inner.Lock, out var holding))
                    continue;
                var how = formatted is null ? "this call"
                    : $"this call formats `{Syntax.OperandKey(formatted.Operand) ?? "an operand"}` with its {((FuncDecl)formatted.Method.Function).Name.Name} method, which";
                pass.Report(file, call,
                    $"{how} {Verb(inner.Mode)} `{holding.TakenBy.Text}` again ({Path.GetFileName(inner.File.Path)}:{Pass.LineOf(inner.File, inner.At)}) while this goroutine holds it ({Verb(holding.TakenBy.Mode)} on line {Pass.LineOf(file, holding.TakenBy.Call)}): {Consequence(holding.TakenBy.Mode, inner.Mode)}",
                    "unlock before the call, or call a variant of the callee that expects the lock held",
                    [(file, holding.TakenBy.Call, $"`{holding.TakenBy.Text}` {Verb(holding.TakenBy.Mode)} here"), (inner.File, inner.At, $"the callee {Verb(inner.Mode)} `{inner.Text}` again here")]);
                reported.Add(call);
                return;
            }
        }).Walk(body);
    }

    // The locks a print call takes through the String or Error methods of the package it calls back, named as the
    // caller names the printed operand.
    private static IEnumerable<(Acquisition, FormattedOperand?)> AcquiredByFormatting(LockSummaries summaries, FuncDecl function, CallExpr call)
    {
        foreach (var formatted in Formatting.OperandsOf(summaries.Graph, call))
        {
            foreach (var inner in summaries.AcquiredBy(formatted.Method))
            {
                if (inner.Depth >= LockSummaries.DepthLimit || !inner.OnEveryPath)
                    continue;
                var named = inner.Lock.Root switch
                {
                    string root when root.StartsWith("recv ", StringComparison.Ordinal) =>
                        Locks.IdOf(summaries.Graph.Info, function, formatted.Operand) is { } operand ? operand with { Path = operand.Path + inner.Lock.Path } : (LockId?)null,
                    GoTypes.Var { IsPackageLevel: true } => inner.Lock,
                    _ => null,
                };
                if (named is { } id)
                    yield return (inner with { Lock = id, Depth = inner.Depth + 1 }, formatted);
            }
        }
    }

    // A second RLock deadlocks only when a writer waits in between: a lock declared in this body and used only by it
    // (not captured by a function literal, not addressed or passed on) has no other goroutine to be that writer.
    private static bool IsPrivateTo(GoTypes.TypeInfo info, LintFile file, BlockStmt body, LockId id)
    {
        if (id.Root is not GoTypes.Var { IsPackageLevel: false } variable || variable.Declaration is not { } declaration || !Syntax.Within(declaration, body))
            return false;
        var alone = true;
        Walker.Inspect(body, n =>
        {
            if (!alone || n is not Ident use || !ReferenceEquals(info.ObjectOf(use), variable) || info.IsDefinition(use))
                return alone;
            var parent = file.Index.Parent(use);
            alone = file.Index.EnclosingFunction(use) is { } function && ReferenceEquals(Syntax.BodyOf(function), body)
                && parent is not UnaryExpr { Op: Token.And } && !(parent is CallExpr call && call.Args.Any(a => ReferenceEquals(a, use)));
            return alone;
        });
        return alone;
    }

    private static string Verb(LockMode mode) => mode == LockMode.Read ? "read-locked" : "locked";

    private static string Consequence(LockMode held, LockMode again) => held == LockMode.Read && again == LockMode.Read
        ? "a writer waiting between the two RLocks blocks the second, and the first is never released"
        : "sync mutexes are not re-entrant, so this goroutine blocks here forever";
}
