using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>
/// A lock a function takes (itself or through a callee) without holding it when called; <see cref="At"/> is the
/// innermost Lock call, <see cref="Depth"/> how many calls down it is (0: in the function itself).
/// <see cref="OnEveryPath"/> is false when a return before it (here or in a callee) leaves without it: the lock is
/// taken on some paths, which orders locks (`lock-order`) but does not prove a second Lock (`double-lock`).
/// </summary>
internal sealed record Acquisition(LockId Lock, LockMode Mode, LintFile File, CallExpr At, string Text, int Depth, bool OnEveryPath = true);

/// <summary>
/// Per body of the package (a function, or a function literal): the locks it always acquires (outside any branch,
/// loop or case; a lock taken only `if !hasLock` is not counted; one after `if !ready { return }` is, as taken on
/// some paths only, <see cref="Acquisition.OnEveryPath"/> false; a `if recv == nil { return }` guard does not count,
/// since a caller holding the receiver's lock has a receiver) that its caller can name (receiver fields,
/// parameters, package-level variables, a literal's captured variables), transitively through every target the
/// <see cref="CallGraph"/> finds for its calls and deferred calls (a deferred callee's locks are taken at the
/// return, after the body's), to <see cref="DepthLimit"/> calls deep (each lock and mode once, at its shallowest).
/// `go` calls are left out: a goroutine taking a lock its spawner holds waits for it, it does not deadlock the
/// spawner. An interface call counts a lock only when every implementation of the package takes it, and only for
/// an unexported method of the package, which nothing outside it can implement. A lock whose first operation in the body is an
/// Unlock is one the body expects its caller to hold, so neither it nor a callee's acquisition of it counts.
/// Recursion and cycles end where a body already being summarised is called again.
/// </summary>
internal sealed class LockSummaries(CallGraph graph)
{
    public const int DepthLimit = 4;

    private readonly Dictionary<Node, IReadOnlyList<Acquisition>> done = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Node> inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, HashSet<LockId>> releasedFirst = new(ReferenceEqualityComparer.Instance);
    private bool cutShort;

    public CallGraph Graph { get; } = graph;

    public IReadOnlyList<Acquisition> AcquiredBy(FuncDecl function) => AcquiredBy(Graph.TargetOf(function));

    public IReadOnlyList<Acquisition> AcquiredBy(CallTarget target)
    {
        if (done.TryGetValue(target.Function, out var known))
            return known;
        if (inProgress.Count > DepthLimit || !inProgress.Add(target.Function))
        {
            cutShort = true;
            return [];
        }
        var outerCutShort = cutShort;
        cutShort = false;
        var (file, declaration, body) = (target.File, target.Enclosing, target.Body);
        var acquired = new List<Acquisition>();
        var atReturn = new List<Acquisition>();
        var expectedHeld = new HashSet<LockId>();
        var seen = new HashSet<LockId>();
        foreach (var (call, kind) in CallGraph.SitesIn(body))
        {
            if (kind == CallKind.Go)
                continue;
            var unconditional = IsUnconditional(file, body, call);
            var everyPath = !ReturnsBefore(target, call.Pos);
            if (Locks.OpOf(Graph.Info, declaration, call) is { } op)
            {
                if (kind == CallKind.Defer)
                {
                    if (op.Acquires && unconditional)
                        atReturn.Add(new Acquisition(op.Lock, op.Mode, file, call, op.Text, 0, everyPath));
                    continue;
                }
                if (seen.Add(op.Lock) && !op.Acquires)
                    expectedHeld.Add(op.Lock);
                if (op.Acquires && IsVisible(target, op.Lock) && !expectedHeld.Contains(op.Lock) && unconditional)
                    Add(acquired, new Acquisition(op.Lock, op.Mode, file, call, op.Text, 0, everyPath));
                continue;
            }
            if (!unconditional)
                continue;
            foreach (var callee in AcquiredByCall(declaration, call))
            {
                var inner = everyPath ? callee : callee with { OnEveryPath = false };
                if (kind == CallKind.Defer)
                {
                    atReturn.Add(inner);
                    continue;
                }
                seen.Add(inner.Lock);
                if (IsVisible(target, inner.Lock) && !expectedHeld.Contains(inner.Lock))
                    Add(acquired, inner);
            }
        }
        foreach (var inner in atReturn)
            if (IsVisible(target, inner.Lock) && !expectedHeld.Contains(inner.Lock))
                Add(acquired, inner);
        inProgress.Remove(target.Function);
        releasedFirst[target.Function] = expectedHeld;
        // A summary cut short where a cycle closed (or at the depth limit) depends on where the walk entered the
        // cycle: keep it only for the body the walk started from. It may miss locks, never invents one.
        if (!cutShort || inProgress.Count == 0)
            done[target.Function] = acquired;
        cutShort |= outerCutShort;
        return acquired;
    }

    /// <summary>
    /// The locks a call takes, named as the caller names them (the receiver and arguments of <paramref name="call"/>);
    /// those it cannot name are left out. With several targets (an interface call), the locks every target takes.
    /// </summary>
    public IReadOnlyList<Acquisition> AcquiredByCall(FuncDecl caller, CallExpr call)
    {
        if (Graph.IsOpen(call))
            return [];
        var targets = Graph.Targets(call);
        if (targets.Count == 0)
            return [];
        List<Acquisition>? common = null;
        foreach (var target in targets)
        {
            var named = new List<Acquisition>();
            foreach (var inner in AcquiredBy(target))
                if (inner.Depth < DepthLimit && Graph.Translate(caller, target, call, inner.Lock) is { } id)
                    named.Add(inner with { Lock = id, Depth = inner.Depth + 1 });
            common = common is null ? named
                : common.Where(a => named.Any(b => b.Lock == a.Lock && b.Mode == a.Mode))
                    .Select(a => a with { OnEveryPath = a.OnEveryPath && named.Any(b => b.Lock == a.Lock && b.Mode == a.Mode && b.OnEveryPath) }).ToList();
            if (common.Count == 0)
                break;
        }
        return common!;
    }

    /// <summary>
    /// The locks a call releases before taking them (a callee that expects them held and unlocks them first, to take
    /// another lock without inverting the order), named as the caller names them.
    /// </summary>
    public IReadOnlySet<LockId> ReleasedFirstBy(FuncDecl caller, CallExpr call)
    {
        var released = new HashSet<LockId>();
        if (Graph.IsOpen(call))
            return released;
        foreach (var target in Graph.Targets(call))
        {
            AcquiredBy(target);
            foreach (var id in releasedFirst.GetValueOrDefault(target.Function) ?? [])
                if (!id.HasLocalKey && Graph.Translate(caller, target, call, id) is { } named)
                    released.Add(named);
        }
        return released;
    }

    // What the caller of the body can name: a literal's parameters and the variables it captures too.
    private static bool IsVisible(CallTarget target, LockId id) => id.IsVisibleToCallers
        || target.Function is FuncLit literal && !id.HasLocalKey && id.Root is Var { Declaration: { } name } && !Syntax.Within(name, literal.Body);

    /// <summary>
    /// The locks a body expects held when it is called, as the release half of a lock that a function returns holding
    /// does: those whose first operation in it (in source order) is an Unlock, or that it only unlocks in a deferred
    /// call, when that Unlock runs on every path or only checks that the lock exists (`if l, ok := m[k]; ok { l.Unlock() }`).
    /// An Unlock under some other condition (`if count == 0 { mu.Unlock() }`) releases a lock held only in some
    /// states, which the caller's order may never meet. Each is keyed to that Unlock.
    /// </summary>
    public IReadOnlyDictionary<LockId, HeldLock> HeldOnEntry(CallTarget target)
    {
        var first = new Dictionary<LockId, LockOp>();
        var deferred = new Dictionary<LockId, LockOp>();
        foreach (var (call, kind) in CallGraph.SitesIn(target.Body))
            if (kind != CallKind.Go && Locks.OpOf(Graph.Info, target.Enclosing, call) is { } op)
                (kind == CallKind.Defer ? deferred : first).TryAdd(op.Lock, op);
        foreach (var (id, op) in deferred)
            first.TryAdd(id, op);
        return first.Values.Where(op => !op.Acquires && IsUnconditionalOrExistenceChecked(target, op))
            .ToDictionary(op => op.Lock, op => new HeldLock(op));
    }

    private static bool IsUnconditionalOrExistenceChecked(CallTarget target, LockOp unlock)
    {
        var index = target.File.Index;
        var call = index.Parent(unlock.Call) is DeferStmt defer ? (Node)defer : unlock.Call;
        var block = index.Ancestors(call).FirstOrDefault(n => n is BlockStmt or CaseClause or CommClause);
        if (ReferenceEquals(block, target.Body))
            return true;
        // `if l, ok := m[k]; ok { l.Unlock() }` directly in the body: the condition is the lock's own lookup.
        return block is BlockStmt then && index.Parent(then) is IfStmt { Init: AssignStmt { Lhs: [Ident defined, Ident ok], Rhs: [IndexExpr] }, Cond: Ident condition } branch
            && ReferenceEquals(branch.Body, then) && ReferenceEquals(index.Parent(branch), target.Body)
            && condition.Name == ok.Name && unlock.Lock is { Root: Var local, Path: "" } && ReferenceEquals(local.Declaration, defined);
    }

    // Runs whenever the body runs to its end: its nearest enclosing block is the body itself.
    private static bool IsUnconditional(LintFile file, BlockStmt body, CallExpr call) =>
        ReferenceEquals(file.Index.Ancestors(call).FirstOrDefault(n => n is BlockStmt or CaseClause or CommClause), body);

    // Whether a return before the position can leave the body first (`if !ready { return }`); a guard against a nil
    // receiver is no such path for a caller that holds the receiver's lock.
    private static bool ReturnsBefore(CallTarget target, int position)
    {
        var receiver = target.Function is FuncDecl { Recv.List: [{ Names: [var name] }] } ? name.Name : null;
        var found = false;
        Walker.Inspect(target.Body, n =>
        {
            if (found || n.Pos >= position || n is FuncLit
                || n is IfStmt { Init: null, Else: null, Cond: BinaryExpr { Op: Token.Eql, X: Ident subject, Y: Ident { Name: "nil" } } } && subject.Name == receiver)
                return false;
            // A return whose results make the call is the call's own statement, not one before it.
            found = n is ReturnStmt && n.End <= position;
            return !found;
        });
        return found;
    }

    private static void Add(List<Acquisition> acquired, Acquisition acquisition)
    {
        var index = acquired.FindIndex(a => a.Lock == acquisition.Lock && a.Mode == acquisition.Mode);
        if (index < 0)
            acquired.Add(acquisition);
        else if (acquired[index].Depth > acquisition.Depth)
            acquired[index] = acquisition;
    }
}
