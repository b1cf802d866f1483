using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

internal enum SyncOpKind
{
    /// <summary>sync.WaitGroup.Add</summary>
    Add,
    /// <summary>sync.WaitGroup.Done</summary>
    Done,
    /// <summary>sync.WaitGroup.Wait</summary>
    Wait,
    /// <summary>sync.WaitGroup.Go (Go 1.25): Add(1), then the function on a new goroutine, then Done when it returns.</summary>
    Go,
    /// <summary>sync.Cond.Wait</summary>
    CondWait,
    /// <summary>sync.Cond.Signal</summary>
    Signal,
    /// <summary>sync.Cond.Broadcast</summary>
    Broadcast,
}

/// <summary>
/// One call of a sync.WaitGroup or sync.Cond method. <see cref="Object"/> names the WaitGroup or Cond as a lock is
/// named (root variable and field path, <see cref="LockId"/>; null when it cannot be named); <see cref="Variable"/> is
/// the field or variable the receiver expression ends in (null for a promoted method of an embedding struct), the
/// same in every function; <see cref="Delta"/> is Add's argument when it is an integer literal.
/// </summary>
internal sealed record SyncOp(SyncOpKind Kind, LockId? Object, Var? Variable, CallExpr Call, LintFile File, long? Delta, string Text);

/// <summary>
/// An operation a body performs, itself or through what it calls, with its object named as the body names it.
/// <see cref="Via"/>: <see cref="CallKind.Call"/> before the body returns, <see cref="CallKind.Defer"/> when it returns,
/// <see cref="CallKind.Go"/> on a goroutine it (or a callee) starts. <see cref="Always"/>: on every path through the body
/// (outside any branch, loop or case and after no return; through a callee, when the call is such and the callee's operation is).
/// </summary>
internal sealed record SyncEffect(SyncOp Op, LockId Object, int Depth, CallKind Via, bool Always);

/// <summary>What a body does to WaitGroups and Conds; <see cref="Truncated"/> when something was cut at the depth limit (so an absence proves nothing).</summary>
internal sealed record SyncSummary(IReadOnlyList<SyncEffect> Effects, bool Truncated);

/// <summary>
/// Per body of the package (functions, methods and function literals), its WaitGroup Add/Done/Wait and Cond
/// Wait/Signal/Broadcast, transitively through the <see cref="CallGraph"/>'s targets (calls, `go`, `defer`, interface
/// implementations, closures) to <see cref="DepthLimit"/> calls deep. Recursion and cycles end where a body already being
/// summarised is reached again (its operations are already in the summary of the body the walk started from).
/// </summary>
internal sealed class SyncSummaries(CallGraph graph)
{
    public const int DepthLimit = LockSummaries.DepthLimit;

    private readonly Dictionary<CallTarget, SyncSummary> done = [];
    private readonly HashSet<CallTarget> inProgress = [];
    private List<SyncOp>? all;
    private bool cutShort;

    public CallGraph Graph { get; } = graph;

    /// <summary>Every WaitGroup and Cond operation written in the package, in every body.</summary>
    public IReadOnlyList<SyncOp> AllOps => all ??= Graph.Functions.Select(f => Graph.TargetOf(f.Key)).Concat(Graph.FunctionLiterals)
        .SelectMany(t => CallGraph.SitesIn(t.Body).Select(s => OpOf(t, s.Call)).OfType<SyncOp>()).ToList();

    public SyncSummary Of(CallTarget target)
    {
        if (done.TryGetValue(target, out var known))
            return known;
        if (inProgress.Count > DepthLimit || !inProgress.Add(target))
        {
            cutShort = true;
            return new SyncSummary([], inProgress.Count > DepthLimit);
        }
        var outerCutShort = cutShort;
        cutShort = false;
        var effects = new List<SyncEffect>();
        var truncated = false;
        var returns = Syntax.BodyNodes<ReturnStmt>(target.Body);
        foreach (var site in CallGraph.SitesIn(target.Body))
        {
            var always = IsUnconditional(target, site.Call) && !returns.Any(r => r.Pos < site.Call.Pos);
            if (OpOf(target, site.Call) is { Object: { } id } op)
            {
                effects.Add(new SyncEffect(op, id, 0, site.Kind, always));
                continue;
            }
            var (inner, cut) = Through(target, site, always);
            effects.AddRange(inner);
            truncated |= cut;
        }
        inProgress.Remove(target);
        var summary = new SyncSummary(effects, truncated);
        if (!cutShort || inProgress.Count == 0)
            done[target] = summary;
        cutShort |= outerCutShort;
        return summary;
    }

    /// <summary>What a call site of <paramref name="caller"/> does through its targets, named as the caller names it; Cut when a target's summary was cut at the depth limit.</summary>
    public (List<SyncEffect> Effects, bool Cut) Through(CallTarget caller, CallSite site, bool always)
    {
        var effects = new List<SyncEffect>();
        var cut = false;
        var targets = Graph.Targets(site.Call);
        foreach (var callee in targets)
        {
            var summary = Of(callee);
            cut |= summary.Truncated;
            foreach (var inner in summary.Effects)
            {
                if (inner.Depth >= DepthLimit)
                {
                    cut = true;
                    continue;
                }
                if (Graph.Translate(caller.Enclosing, callee, site.Call, inner.Object) is not { } id)
                    continue;
                // A callee's deferred operation runs before the call returns; a goroutine anywhere below stays one.
                var via = site.Kind == CallKind.Go || inner.Via == CallKind.Go ? CallKind.Go : site.Kind;
                effects.Add(inner with { Object = id, Depth = inner.Depth + 1, Via = via, Always = always && inner.Always && targets.Count == 1 });
            }
        }
        return (effects, cut);
    }

    /// <summary>
    /// The body's own operations (<see cref="OpOf"/>) and the Adds its helpers do for it: a call on the body's own
    /// goroutine whose callee adds (`s.track()` doing `s.wg.Add(1)`) is an Add at that call, on the group as the body
    /// names it, its delta known only when the helper always adds it.
    /// </summary>
    public List<SyncOp> OpsWithHelperAdds(CallTarget body)
    {
        var ops = new List<SyncOp>();
        foreach (var site in CallGraph.SitesIn(body.Body))
        {
            if (OpOf(body, site.Call) is { } own)
            {
                ops.Add(own);
                continue;
            }
            if (site.Kind != CallKind.Call)
                continue;
            var (effects, cut) = Through(body, site, true);
            if (cut)
                continue; // the Done that goes with the helper's Add may be below the depth limit
            // A helper that also starts the goroutine it counts (Add, then `go` with Done) is a spawner: its count is its
            // own. So is an Add on a group the body cannot name (a local of the helper's, a value it made).
            foreach (var add in effects.Where(e => e.Op.Kind == SyncOpKind.Add && e.Via == CallKind.Call && IsNamedIn(body, e.Object)
                && !effects.Any(d => d.Object == e.Object && d.Op.Kind is SyncOpKind.Done or SyncOpKind.Go)))
            {
                // A group passed by address (`track(&wg)`) is the caller's variable, not the helper's parameter.
                var variable = add.Object is { Root: Var local, Path: "" } ? local : add.Op.Variable;
                ops.Add(add.Op with { Object = add.Object, Variable = variable, Call = site.Call, File = body.File, Delta = add.Always ? add.Op.Delta : null });
            }
        }
        return ops;
    }

    private static bool IsNamedIn(CallTarget body, LockId id) =>
        id.Root is not Var variable || variable.IsPackageLevel || variable.Declaration is { } name && Syntax.Within(name, body.Enclosing);

    /// <summary>The WaitGroup or Cond operation a call of the body performs, or null.</summary>
    public SyncOp? OpOf(CallTarget body, CallExpr call)
    {
        if (Syntax.Unparen(call.Fun) is not SelectorExpr selector || Graph.Info.Callee(call) is not { Package.Path: "sync" } method
            || method.Signature?.Receiver?.Type is not { } receiver)
            return null;
        var type = Types.Deref(receiver);
        (SyncOpKind? Kind, string TypeName) recognised = (Types.IsNamed(type, "sync", "WaitGroup"), Types.IsNamed(type, "sync", "Cond"), selector.Sel.Name, call.Args.Count) switch
        {
            (true, _, "Add", 1) => (SyncOpKind.Add, "WaitGroup"),
            (true, _, "Done", 0) => (SyncOpKind.Done, "WaitGroup"),
            (true, _, "Wait", 0) => (SyncOpKind.Wait, "WaitGroup"),
            (true, _, "Go", 1) => (SyncOpKind.Go, "WaitGroup"),
            (_, true, "Wait", 0) => (SyncOpKind.CondWait, "Cond"),
            (_, true, "Signal", 0) => (SyncOpKind.Signal, "Cond"),
            (_, true, "Broadcast", 0) => (SyncOpKind.Broadcast, "Cond"),
            _ => (null, ""),
        };
        if (recognised is not ({ } kind, var typeName))
            return null;
        // s.Wait() on a struct that embeds the WaitGroup names the same object as s.WaitGroup.Wait().
        var embedded = !Types.IsNamedOrPointerTo(Graph.Info.TypeOf(selector.X), "sync", typeName);
        var id = Locks.IdOf(Graph.Info, body.Enclosing, selector.X);
        if (embedded && id is { } owner)
            id = owner with { Path = owner.Path + "." + typeName };
        return new SyncOp(kind, id, embedded ? null : VariableOf(selector.X), call, body.File, kind == SyncOpKind.Add ? Constant(call.Args[0]) : null,
            Syntax.OperandKey(selector.X) ?? typeName);
    }

    /// <summary>The field or variable an expression ends in (`s.wg`, `&amp;wg`, `wg`), or null.</summary>
    public Var? VariableOf(Expr expr) => Syntax.Unparen(expr) switch
    {
        UnaryExpr { Op: Token.And } address => VariableOf(address.X),
        StarExpr star => VariableOf(star.X),
        SelectorExpr selector => Graph.Info.Selected(selector) as Var ?? Graph.Info.ObjectOf(selector.Sel) as Var,
        Ident id => Graph.Info.ObjectOf(id) as Var,
        _ => null,
    };

    private static long? Constant(Expr expr) => Syntax.Unparen(expr) switch
    {
        BasicLit { Kind: Token.Int } literal when long.TryParse(literal.Value, out var value) => value,
        UnaryExpr { Op: Token.Sub } negative when Constant(negative.X) is { } value => -value,
        _ => null,
    };

    // Runs whenever the body runs to its end: its nearest enclosing block is the body itself, or the body of an
    // `if wg != nil` there that guards the operation's own object (a group the caller may not pass), not a path.
    private static bool IsUnconditional(CallTarget target, CallExpr call)
    {
        var block = target.File.Index.Ancestors(call).FirstOrDefault(n => n is BlockStmt or CaseClause or CommClause);
        if (ReferenceEquals(block, target.Body))
            return true;
        return block is BlockStmt inner
            && target.File.Index.Parent(inner) is IfStmt { Init: null, Else: null, Cond: BinaryExpr { Op: Token.Neq, Y: Ident { Name: "nil" }, X: var guarded } } guard
            && ReferenceEquals(target.File.Index.Parent(guard), target.Body)
            && Syntax.Unparen(call.Fun) is SelectorExpr selector && Syntax.OperandKey(selector.X) is { } key && key == Syntax.OperandKey(guarded);
    }
}
