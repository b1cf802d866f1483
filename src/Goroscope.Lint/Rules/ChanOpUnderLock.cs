using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A blocking send or receive made while holding a lock that every goroutine on the other side must take first.</summary>
internal static class ChanOpUnderLock
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "chan-op-under-lock",
        Title = "blocking channel operation under a lock its other side needs",
        Doc = "A goroutine holds a mutex and sends on (or receives from) an unbuffered channel — or sends on a buffered one more times than its buffer holds (in a loop, or in a method called in one on the same value) — and every goroutine that could receive (or send, or close) must take that same mutex to get there: under the lock, after locking earlier in the function, in a loop that locks on each round, or in a deferred call (a `defer close(ch)`) that runs after the function takes it. The first waits for the second, which waits for the lock: both block forever, and so does everything that needs the lock after them. Unlock before the channel operation, or give the channel a buffer its sends cannot fill.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    /// <summary>How far up the callers of either side's function the lock is looked for.</summary>
    private const int CallerDepth = 3;

    /// <summary>A call of a body of the package (a function or a literal), from <see cref="Function"/> in <see cref="Declaration"/>.</summary>
    private sealed record CallerSite(CallExpr Call, LintFile File, FuncDecl Declaration, Node Function, CallKind Kind);

    /// <summary>
    /// A lock held where the blocking operation runs: in its own body, or in a caller up the call sites (`Through` is
    /// that caller's call); `Lock` is named as the holder names it.
    /// </summary>
    private sealed record Holder(LintFile File, FuncDecl? Declaration, LockId Lock, HeldLock Holding, CallExpr? Through);

    // A body on the way up from the blocking operation: the point in it that leads there, the channel as it names it.
    private readonly record struct Step(Node Function, LintFile File, FuncDecl? Declaration, Node Point, LockId? Channel, CallExpr? Through);

    private sealed class Facts(LockSummaries summaries)
    {
        public LockSummaries Summaries { get; } = summaries;

        public CallGraph Graph => Summaries.Graph;

        /// <summary>The locks held at the first visit of each channel operation and call: held on every way there the walk saw first.</summary>
        public Dictionary<Node, Dictionary<LockId, HeldLock>> HeldAt { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>The locks held at some visit (a later loop round holds what the round before left held): a way there that holds each.</summary>
        public Dictionary<Node, Dictionary<LockId, HeldLock>> MayHoldAt { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Every call site of each body, through every target of the call graph (interfaces, bound closures, `defer`, `go`).</summary>
        public Dictionary<Node, List<CallerSite>> Callers { get; } = new(ReferenceEqualityComparer.Instance);
    }

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("Lock()"u8) >= 0 && f.Text.Content.AsSpan().IndexOf("chan"u8) >= 0)
            || pass.Facts.LockSummaries is not { } summaries || pass.Facts.Channels is not { } index)
            return;
        var facts = Walk(summaries);
        foreach (var channel in index.Channels)
        {
            if (channel.Escape is not null)
                continue;
            foreach (var blocker in channel.Ops.Where(o => o.Kind != ChannelOpKind.Close && (o.Select is null || IsOneCase(o.Select))))
            {
                if (channel.Capacity.Kind != ChannelCapacity.Kinds.Buffered)
                    Check(pass, facts, channel, blocker, null);
                else if (FillsItsBuffer(pass, index, channel, blocker) is { } repeat)
                    Check(pass, facts, channel, blocker, repeat);
            }
        }
    }

    // A send on a buffered channel waits once the buffer is full: when it runs more times than the buffer holds on one
    // channel value (a loop, or a method called in one). A receive from a buffered channel is left alone: a release of a
    // channel semaphore receives a value its acquire put there.
    private static Capacity.Repeat? FillsItsBuffer(Pass pass, ChannelIndex index, Channel channel, ChannelOp blocker) =>
        blocker.Kind == ChannelOpKind.Send && channel.Capacity.Size is { } buffer ? Capacity.RepeatOf(pass.Files, index.Info, blocker, buffer) : null;

    // A `select` with one case and no default waits exactly as the bare operation does.
    private static bool IsOneCase(SelectStmt select) => select.Body.List is [CommClause { Comm: not null }];

    private static void Check(Pass pass, Facts facts, Channel channel, ChannelOp blocker, Capacity.Repeat? fills)
    {
        var sends = blocker.Kind == ChannelOpKind.Send;
        var others = channel.Ops.Where(o => !ReferenceEquals(o.Function, blocker.Function) && (sends ? o.IsReceiving : o.Kind is ChannelOpKind.Send or ChannelOpKind.Close)).ToList();
        if (others.Count == 0)
            return;
        foreach (var holder in HoldersOf(facts, blocker))
        {
            var witnesses = others.Select(o => (Op: o, Witness: NeedsLock(facts, channel, o.File, o.Declaration, o.Function, o.Node, ChannelIdOf(facts, o), holder.Lock, holder.Declaration, 0))).ToList();
            if (witnesses.Any(w => w.Witness is null))
                continue;
            var (other, witness) = witnesses[0];
            var operand = blocker.File.SourceOf(blocker.Operand);
            var otherSide = sends ? "receiver" : "sender";
            var taken = holder.Holding.TakenBy;
            var where = holder.Through is null
                ? $"locked on line {Pass.LineOf(holder.File, taken.Call)}"
                : $"locked at {Path.GetFileName(holder.File.Path)}:{Pass.LineOf(holder.File, taken.Call)} and held across the call at line {Pass.LineOf(holder.File, holder.Through)}";
            List<(LintFile, Node, string)> related = [(holder.File, taken.Call, $"`{taken.Text}` locked here")];
            if (holder.Through is not null)
                related.Add((holder.File, holder.Through, $"called here with `{taken.Text}` held"));
            related.Add((witness!.Value.File, witness.Value.At, $"the {otherSide} takes `{taken.Text}` here"));
            related.Add((other.File, other.Node, $"the {otherSide}'s side of `{operand}`"));
            if (fills is not null)
                related.Add((fills.File, fills.At, fills.Related));
            var full = fills is null ? "" : $", sent on {fills.How} so that its buffer can be full,";
            pass.Report(blocker.File, blocker.Node,
                $"{(sends ? "sends on" : "receives from")} {channel.Capacity} `{operand}`{full} while holding `{taken.Text}` ({where}), and every {otherSide} of it must take `{taken.Text}` first ({Path.GetFileName(witness.Value.File.Path)}:{Pass.LineOf(witness.Value.File, witness.Value.At)}): each waits for the other, and both block forever",
                "unlock before the channel operation, or give the channel a buffer its sends cannot fill",
                related);
            return;
        }
    }

    // The locks held where the blocking operation runs: those its body holds there on some way to it, then those held
    // at each call (not `go`) of its body, up to CallerDepth calls up — each with the channel named as that caller
    // names it, kept only when the lock and the channel belong to one instance there.
    private static IEnumerable<Holder> HoldersOf(Facts facts, ChannelOp blocker)
    {
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var frontier = new List<Step> { new(blocker.Function, blocker.File, blocker.Declaration, blocker.Node, ChannelIdOf(facts, blocker), null) };
        for (var depth = 0; depth <= CallerDepth && frontier.Count > 0; depth++)
        {
            var next = new List<Step>();
            foreach (var (function, file, declaration, point, channel, through) in frontier)
            {
                if (facts.MayHoldAt.TryGetValue(point, out var held))
                    foreach (var (lockId, holding) in held)
                        if (SameInstance(lockId, channel, strict: through is not null))
                            yield return new Holder(file, declaration, lockId, holding, through);
                if (!seen.Add(function) || !facts.Callers.TryGetValue(function, out var sites))
                    continue;
                foreach (var site in sites.Where(s => s.Kind != CallKind.Go))
                    next.Add(new Step(site.Function, site.File, site.Declaration, site.Call, TranslateChannel(facts, site, function, channel), site.Call));
            }
            frontier = next;
        }
    }

    // Whether a lock and a channel are one instance's: not when both are fields of two different roots (`s.mu` held,
    // `other.ch` sent on). A package-level lock, a channel in a variable, and (not strict) a channel the caller cannot
    // name go with any lock; strict, a channel the caller cannot name goes with none.
    private static bool SameInstance(LockId lockId, LockId? channel, bool strict)
    {
        if (lockId.Root is Var { IsPackageLevel: true })
            return true;
        if (channel is not { } named)
            return !strict;
        return named.Path.Length == 0 || lockId.Path.Length == 0 || Equals(named.Root, lockId.Root);
    }

    /// <summary>The channel an operation names as its function's declaration names it (receiver, parameter, variable and fields).</summary>
    private static LockId? ChannelIdOf(Facts facts, ChannelOp op) => Locks.IdOf(facts.Graph.Info, op.Declaration, op.Operand);

    // The callee's channel named at a call site: its receiver the call's operand (for an interface call too, whose
    // implementation's receiver is the interface value), its parameters the arguments.
    private static LockId? TranslateChannel(Facts facts, CallerSite site, Node callee, LockId? channel)
    {
        if (channel is not { } inner)
            return null;
        var target = callee is FuncDecl decl ? facts.Graph.TargetOf(decl) : facts.Graph.TargetOf((FuncLit)callee);
        if (target is null)
            return null;
        if (facts.Graph.Translate(site.Declaration, target, site.Call, inner) is { } named)
            return named;
        if (inner.Root is string root && root.StartsWith("recv ", StringComparison.Ordinal) && Syntax.Unparen(site.Call.Fun) is SelectorExpr selector
            && facts.Graph.Info.TypeOf(selector.X) is { } receiver && Types.Unalias(receiver).Underlying is GoTypes.InterfaceType
            && Locks.IdOf(facts.Graph.Info, site.Declaration, selector.X) is { } owner)
            return owner with { Path = owner.Path + inner.Path };
        return null;
    }

    // Where the goroutine that runs `point` (in `function`) must take `lockId` before it gets there: held there, taken
    // earlier in a block around it, taken in the loop around it, or so at every call of the function (through every
    // target: an interface's implementation, a bound closure, a deferred call; none may start it with `go`). Null when
    // some path reaches it without the lock, when the lock cannot be named the same way here, or when the channel
    // (`channel`, named here) is a field of another instance than the lock.
    private static (LintFile File, Node At)? NeedsLock(Facts facts, Channel channel, LintFile file, FuncDecl? declaration, Node function, Node point, LockId? channelId, LockId lockId, FuncDecl? blockerDeclaration, int depth)
    {
        var sameEverywhere = lockId.Root is string root && root.StartsWith("recv ", StringComparison.Ordinal) || lockId.Root is Var { IsPackageLevel: true };
        if (!sameEverywhere && !ReferenceEquals(declaration, blockerDeclaration) || !SameInstance(lockId, channelId, strict: false))
            return null;
        if (facts.HeldAt.TryGetValue(point, out var held) && held.TryGetValue(lockId, out var holding))
            return (file, holding.TakenBy.Call);
        // A lock or channel declared inside the loop is a new one each round: the next round does not wait for this one's.
        var loop = point as RangeStmt ?? file.Index.EnclosingLoop(point);
        if (loop is not null && (lockId.Root is Var { Declaration: { } lockName } && DeclaredIn(file, lockName, loop)
            || channel.Names.Any(n => n.Declaration is { } name && DeclaredIn(file, name, loop))))
            loop = null;
        foreach (var call in CallGraph.CallsIn(Syntax.BodyOf(function)!))
        {
            if (Acquisition(facts, file, declaration, call, lockId) is not { } taken)
                continue;
            if (loop is not null && Syntax.Within(call, loop) && !Syntax.Within(point, call))
                return taken;
            if (call.Pos < point.Pos && Syntax.Within(point, file.Index.Ancestors(call).First(n => n is BlockStmt or CaseClause or CommClause)))
                return taken;
            if (file.Index.Parent(point) is DeferStmt deferred && ReferenceEquals(deferred.Call, point) && TakenBeforeEveryReturn(file, function, deferred, call))
                return taken;
        }
        if (depth >= CallerDepth || !facts.Callers.TryGetValue(function, out var sites) || sites.Any(s => s.Kind == CallKind.Go))
            return null;
        (LintFile, Node)? first = null;
        foreach (var site in sites)
        {
            if (NeedsLock(facts, channel, site.File, site.Declaration, site.Function, site.Call, TranslateChannel(facts, site, function, channelId), lockId, blockerDeclaration, depth + 1) is not { } witness)
                return null;
            first ??= witness;
        }
        return first;
    }

    // A deferred call (a `defer close(ch)`) runs when the function returns: after `acquisition` when that comes later in
    // the function's own statements, not under an `if`, `switch` or `select` (a loop's body counts: the goroutine comes
    // through it on each round), and no `return` comes between the two.
    private static bool TakenBeforeEveryReturn(LintFile file, Node function, DeferStmt deferred, CallExpr acquisition)
    {
        var body = Syntax.BodyOf(function)!;
        if (acquisition.Pos < deferred.End || Syntax.BodyNodes<ReturnStmt>(body).Any(r => r.Pos > deferred.End && r.Pos < acquisition.Pos))
            return false;
        foreach (var around in file.Index.Ancestors(acquisition).TakeWhile(n => !ReferenceEquals(n, body)))
        {
            if (around is Stmt and not (ExprStmt or AssignStmt or ForStmt or RangeStmt or BlockStmt) || around is FuncLit)
                return false;
            if (around is BlockStmt block && file.Index.Parent(block) is not (ForStmt or RangeStmt))
                return false;
        }
        return true;
    }

    // Positions compare only within one file: a name the file's index does not know is declared elsewhere.
    private static bool DeclaredIn(LintFile file, Ident name, Node scope) => file.Index.Parent(name) is not null && Syntax.Within(name, scope);

    private static (LintFile File, Node At)? Acquisition(Facts facts, LintFile file, FuncDecl? declaration, CallExpr call, LockId lockId)
    {
        if (Locks.OpOf(facts.Graph.Info, declaration, call) is { } op)
            return op.Acquires && op.Lock == lockId ? (file, call) : null;
        if (declaration is null)
            return null;
        return facts.Summaries.AcquiredByCall(declaration, call).FirstOrDefault(a => a.Lock == lockId) is { } inner ? (inner.File, inner.At) : null;
    }

    // Every body of the package on its own (function literals start with nothing held): the locks held at its channel
    // operations and calls, and who calls each body.
    private static Facts Walk(LockSummaries summaries)
    {
        var facts = new Facts(summaries);
        var graph = summaries.Graph;
        foreach (var (function, file) in graph.Functions)
        {
            var bodies = new List<Node> { function };
            Walker.Inspect(function.Body!, n =>
            {
                if (n is FuncLit literal)
                    bodies.Add(literal);
                return true;
            });
            foreach (var body in bodies)
            {
                void Record(Node point, IReadOnlyDictionary<LockId, HeldLock> held)
                {
                    facts.HeldAt.TryAdd(point, new Dictionary<LockId, HeldLock>(held));
                    if (!facts.MayHoldAt.TryGetValue(point, out var any))
                        facts.MayHoldAt[point] = any = [];
                    foreach (var (id, holding) in held)
                        any.TryAdd(id, holding);
                }
                new HeldLocks(graph, function, (call, _, held) =>
                {
                    if (graph.Targets(call).Count > 0)
                        Record(call, held);
                })
                {
                    ChannelOp = Record,
                }.Walk(Syntax.BodyOf(body)!);
                foreach (var (call, kind) in CallGraph.SitesIn(Syntax.BodyOf(body)!))
                {
                    foreach (var target in graph.Targets(call))
                    {
                        if (!facts.Callers.TryGetValue(target.Function, out var sites))
                            facts.Callers[target.Function] = sites = [];
                        sites.Add(new CallerSite(call, file, function, body, kind));
                    }
                }
            }
        }
        return facts;
    }
}
