using Goroscope.GoSyntax;

namespace Goroscope.Lint.Flow;

/// <summary>
/// A lock a function takes (itself or through a callee) without holding it when called; <see cref="At"/> is the
/// innermost Lock call, <see cref="Depth"/> how many calls down it is (0: in the function itself).
/// </summary>
internal sealed record Acquisition(LockId Lock, LockMode Mode, LintFile File, CallExpr At, string Text, int Depth);

/// <summary>
/// Per function of the package: the locks it always acquires (outside any branch, loop or case; a lock taken
/// only `if !hasLock` is not counted) that its caller can name (receiver fields, parameters,
/// package-level variables), transitively through the callees the <see cref="CallGraph"/> reaches, to
/// <see cref="DepthLimit"/> calls deep (each lock and mode once, at its shallowest). A lock whose first operation in the function is an Unlock is one the
/// function expects its caller to hold, so neither it nor a callee's acquisition of it counts. Recursion and
/// cycles end where a function already being summarised is called again.
/// </summary>
internal sealed class LockSummaries(CallGraph graph)
{
    public const int DepthLimit = 4;

    private readonly Dictionary<FuncDecl, IReadOnlyList<Acquisition>> done = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<FuncDecl> inProgress = new(ReferenceEqualityComparer.Instance);
    private bool cutShort;

    public CallGraph Graph { get; } = graph;

    public IReadOnlyList<Acquisition> AcquiredBy(FuncDecl function)
    {
        if (done.TryGetValue(function, out var known))
            return known;
        if (inProgress.Count > DepthLimit || !inProgress.Add(function))
        {
            cutShort = true;
            return [];
        }
        var outerCutShort = cutShort;
        cutShort = false;
        var file = Graph.FileOf(function);
        var acquired = new List<Acquisition>();
        var expectedHeld = new HashSet<LockId>();
        var seen = new HashSet<LockId>();
        foreach (var call in CallGraph.CallsIn(function.Body!))
        {
            if (Locks.OpOf(Graph.Info, function, call) is { } op)
            {
                if (seen.Add(op.Lock) && !op.Acquires)
                    expectedHeld.Add(op.Lock);
                if (op.Acquires && op.Lock.IsVisibleToCallers && !expectedHeld.Contains(op.Lock) && IsUnconditional(file, function, call))
                    Add(acquired, new Acquisition(op.Lock, op.Mode, file, call, op.Text, 0));
                continue;
            }
            if (!IsUnconditional(file, function, call))
                continue;
            foreach (var inner in AcquiredByCall(function, call))
            {
                seen.Add(inner.Lock);
                if (inner.Lock.IsVisibleToCallers && !expectedHeld.Contains(inner.Lock))
                    Add(acquired, inner);
            }
        }
        inProgress.Remove(function);
        // A summary cut short where a cycle closed (or at the depth limit) depends on where the walk entered the
        // cycle: keep it only for the function the walk started from. It may miss locks, never invents one.
        if (!cutShort || inProgress.Count == 0)
            done[function] = acquired;
        cutShort |= outerCutShort;
        return acquired;
    }

    /// <summary>The callee's acquisitions named as the caller names them (the receiver and arguments of <paramref name="call"/>); those it cannot name are left out.</summary>
    public IEnumerable<Acquisition> AcquiredByCall(FuncDecl caller, CallExpr call)
    {
        if (Graph.Callee(call) is not { } callee)
            yield break;
        foreach (var inner in AcquiredBy(callee))
            if (inner.Depth < DepthLimit && Graph.Translate(caller, Graph.TargetOf(callee), call, inner.Lock) is { } id)
                yield return inner with { Lock = id, Depth = inner.Depth + 1 };
    }

    // Runs whenever the function runs to its end: its nearest enclosing block is the function body itself.
    private static bool IsUnconditional(LintFile file, FuncDecl function, CallExpr call) =>
        ReferenceEquals(file.Index.Ancestors(call).FirstOrDefault(n => n is BlockStmt or CaseClause or CommClause), function.Body);

    private static void Add(List<Acquisition> acquired, Acquisition acquisition)
    {
        var index = acquired.FindIndex(a => a.Lock == acquisition.Lock && a.Mode == acquisition.Mode);
        if (index < 0)
            acquired.Add(acquisition);
        else if (acquired[index].Depth > acquisition.Depth)
            acquired[index] = acquisition;
    }
}
