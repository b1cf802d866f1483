using Goroscope.GoSyntax;

namespace Goroscope.Lint.Flow;

/// <summary>A place a function's walk leaves from, and the locks certainly held there.</summary>
/// <param name="At">The return, break, continue or goto; null for falling off the end of the body.</param>
internal sealed record LockExit(Stmt? At, IReadOnlyDictionary<LockId, HeldLock> Held);

/// <summary>
/// Where a function leaves with which locks held (the <see cref="HeldLocks"/> walk): <see cref="Returns"/> are its
/// returns and, when a path falls off the end of the body, that end; <see cref="Jumps"/> its breaks, continues and
/// gotos (which leave a loop, a switch or a stretch of code rather than the function).
/// </summary>
internal sealed record FunctionLockExits(IReadOnlyList<LockExit> Returns, IReadOnlyList<LockExit> Jumps)
{
    /// <summary>Where the body falls off its end, or null when no path does.</summary>
    public LockExit? End => Returns.Count > 0 && Returns[^1].At is null ? Returns[^1] : null;

    /// <summary>The locks held on every return: those the function hands to its caller (a lock wrapper's).</summary>
    public IReadOnlySet<LockId> HeldOnEveryReturn =>
        Returns.Count == 0 ? new HashSet<LockId>() : Returns.Skip(1).Aggregate(Returns[0].Held.Keys.ToHashSet(), (all, r) => { all.IntersectWith(r.Held.Keys); return all; });
}

/// <summary>
/// Per body of the package (a function, or a function literal walked as a function of its own), the locks still held
/// at each return and at the end of its body, walked once and kept.
/// </summary>
internal sealed class LockExits(CallGraph graph)
{
    private readonly Dictionary<Node, FunctionLockExits> done = new(ReferenceEqualityComparer.Instance);

    public CallGraph Graph { get; } = graph;

    public FunctionLockExits Of(FuncDecl function) => Of(Graph.TargetOf(function));

    public FunctionLockExits Of(CallTarget body)
    {
        if (done.TryGetValue(body.Function, out var known))
            return known;
        var returns = new List<LockExit>();
        var jumps = new List<LockExit>();
        var end = new HeldLocks(Graph, body.Enclosing, (_, _, _) => { }, (exit, held) =>
            (exit is ReturnStmt ? returns : jumps).Add(new LockExit(exit, new Dictionary<LockId, HeldLock>(held)))).Walk(body.Body);
        if (end is not null)
            returns.Add(new LockExit(null, end));
        return done[body.Function] = new FunctionLockExits(returns, jumps);
    }
}
