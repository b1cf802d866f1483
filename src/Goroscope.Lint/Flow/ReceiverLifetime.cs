using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>
/// One receive of a channel made as a case of a loop's `select` (no `default`), and the case of that select that leaves
/// the loop for good on another channel's receive (<see cref="Leave"/>, with that channel as <see cref="Signal"/> when the
/// index knows it; `ctx.Done()` has none).
/// </summary>
internal sealed record ReceiveLoop(ChannelOp Receive, Stmt Loop, CommClause Leave, Channel? Signal);

/// <summary>
/// The receive loops of a channel and how each can leave. A channel "has receivers that stop" when every receive of it
/// is a case of a loop's select whose other case leaves the loop (a `return`, a `goto`, a `break` by the loop's label)
/// as a statement of its own — not under an `if` (a loop that leaves only once a count of finished senders is reached
/// waits for them), and not after calling, on the leaving path, a function that receives from the channel again
/// (a shutdown that drains what its senders still send). A leave whose signal is raised only after a
/// `sync.WaitGroup.Wait()` (<see cref="WaitsBeforeSignal"/>) is a shutdown that waits for the senders first.
/// </summary>
internal static class ReceiverLifetime
{
    /// <summary>How deep a leaving case's calls are followed to find a drain of the channel.</summary>
    public const int DrainDepth = 4;

    /// <summary>The loop of every receive of the channel and how it leaves; null when some receive is not in such a loop or none can leave.</summary>
    public static IReadOnlyList<ReceiveLoop>? LoopsOf(ChannelIndex index, CallGraph graph, Channel channel)
    {
        var receives = channel.Ops.Where(o => o.IsReceiving).ToList();
        if (receives.Count == 0)
            return null;
        var loops = new List<ReceiveLoop>();
        foreach (var receive in receives)
        {
            if (LoopOf(index, graph, channel, receive) is not { } loop)
                return null;
            loops.Add(loop);
        }
        return loops;
    }

    /// <summary>
    /// Whether every send on and close of the leave's signal comes after a `sync.WaitGroup.Wait()` in the same body, or
    /// is in an unexported function every call of which in the package does (or is deferred by a function that starts
    /// no goroutine itself, whose sends are then done).
    /// </summary>
    public static bool WaitsBeforeSignal(CallGraph graph, ReceiveLoop loop)
    {
        if (loop.Signal is not { Escape: null } signal
            || signal.Ops.Where(o => o.Kind is ChannelOpKind.Send or ChannelOpKind.Close).ToList() is not { Count: > 0 } raises)
            return false;
        return raises.All(raise => WaitsBefore(graph, raise.File, raise.Function, raise.Node)
            || raise.Function is FuncDecl { Name.Name: var name } stopper && !char.IsUpper(name[0]) && CallersOf(graph, stopper) is { Count: > 0 } callers
                && callers.All(c => IsDeferredBySynchronousOwner(c.Caller, c.Site) || WaitsBefore(graph, c.Caller.File, c.Caller.Function, c.Site.Call)));
    }

    // `defer s.stop()`, or a call in a deferred literal, in a function whose own body starts no goroutine.
    private static bool IsDeferredBySynchronousOwner(CallTarget caller, CallSite site) =>
        (site.Kind == CallKind.Defer
            || caller.Function is FuncLit literal && caller.File.Index.Parent(literal) is CallExpr call && caller.File.Index.Parent(call) is DeferStmt)
        && !Syntax.BodyNodes<GoStmt>(caller.Enclosing.Body!).Any();

    private static ReceiveLoop? LoopOf(ChannelIndex index, CallGraph graph, Channel channel, ChannelOp receive)
    {
        if (receive.Select is not { } select || receive.SelectHasDefault || receive.File.Index.EnclosingLoop(select) is not { } loop || !Syntax.Within(loop, receive.Function))
            return null;
        var file = receive.File;
        // A channel made afresh each round is received once per round: that round's sender is early-return-send's.
        if (channel.Makes.Any(m => ReferenceEquals(m.File, file) && Syntax.Within(m.Make, loop)))
            return null;
        var label = file.Index.Parent(loop) is LabeledStmt labeled ? labeled.Label.Name : null;
        var leave = select.Body.List.OfType<CommClause>().FirstOrDefault(clause =>
            Syntax.ReceivedFrom(clause) is { } other && !ReferenceEquals(index.Of(other), channel)
            && clause.Body.Any(stmt => stmt is ReturnStmt or BranchStmt { Tok: Token.Goto }
                || stmt is BranchStmt { Tok: Token.Break, Label: { } target } && target.Name == label)
            && !DrainsOnTheWayOut(graph, channel, clause));
        return leave is null ? null : new ReceiveLoop(receive, loop, leave, index.Of(Syntax.ReceivedFrom(leave)!));
    }

    // Whether the leaving case calls, before it leaves, a body that receives from the channel again.
    private static bool DrainsOnTheWayOut(CallGraph graph, Channel channel, CommClause leave)
    {
        var receivers = channel.Ops.Where(o => o.IsReceiving).Select(o => o.Function).ToHashSet(ReferenceEqualityComparer.Instance);
        return CallGraph.SitesIn(leave).Where(s => s.Kind == CallKind.Call).SelectMany(s => graph.Targets(s.Call))
            .Any(callee => graph.MayReach(callee, t => receivers.Contains(t.Function), DrainDepth));
    }

    private static bool WaitsBefore(CallGraph graph, LintFile file, Node function, Node at)
    {
        var later = StatementOrder.StatementOf(file, at);
        return Syntax.BodyNodes<CallExpr>(Syntax.BodyOf(function)!).Any(call => call.End <= at.Pos && IsWaitGroupWait(graph.Info, call)
            && StatementOrder.Precedes(file, StatementOrder.StatementOf(file, call), later));
    }

    private static bool IsWaitGroupWait(TypeInfo info, CallExpr call) =>
        call.Args.Count == 0 && Syntax.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Wait" } && info.Callee(call) is { Package.Path: "sync" } method
        && method.Signature?.Receiver?.Type is { } receiver && Types.IsNamed(Types.Deref(receiver), "sync", "WaitGroup");

    // Every call of the function in the package, with the body that makes it.
    private static List<(CallTarget Caller, CallSite Site)> CallersOf(CallGraph graph, FuncDecl callee) =>
        graph.Functions.Select(f => graph.TargetOf(f.Key)).Concat(graph.FunctionLiterals)
            .SelectMany(body => CallGraph.SitesIn(body.Function).Where(s => graph.Targets(s.Call).Any(t => ReferenceEquals(t.Function, callee))).Select(s => (body, s)))
            .ToList();
}
