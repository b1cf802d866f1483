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
        Doc = "A goroutine holds a mutex and sends on (or receives from) an unbuffered channel, and every goroutine that could receive (or send) must take that same mutex to get there: under the lock, after locking earlier in the function, or in a loop that locks on each round. The first waits for the second, which waits for the lock: both block forever, and so does everything that needs the lock after them. Unlock before the channel operation, or give the channel a buffer its sends cannot fill.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    /// <summary>How far up the callers of the other side's function the lock is looked for.</summary>
    private const int CallerDepth = 3;

    private sealed record CallSite(CallExpr Call, LintFile File, FuncDecl? Declaration, Node Function, bool NewGoroutine);

    private sealed class Facts(LockSummaries summaries)
    {
        public LockSummaries Summaries { get; } = summaries;

        public CallGraph Graph => Summaries.Graph;

        /// <summary>The locks held at each channel operation and each call of a function of the package.</summary>
        public Dictionary<Node, Dictionary<LockId, HeldLock>> HeldAt { get; } = new(ReferenceEqualityComparer.Instance);

        public Dictionary<FuncDecl, List<CallSite>> Callers { get; } = new(ReferenceEqualityComparer.Instance);
    }

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("Lock()"u8) >= 0 && f.Text.Content.AsSpan().IndexOf("chan"u8) >= 0)
            || pass.Facts.LockSummaries is not { } summaries || pass.Facts.Channels is not { } index)
            return;
        var facts = Walk(summaries);
        foreach (var channel in index.Channels)
        {
            if (channel.Escape is not null || channel.Capacity.Kind == ChannelCapacity.Kinds.Buffered)
                continue;
            foreach (var blocker in channel.Ops.Where(o => o.Kind != ChannelOpKind.Close && o.Select is null))
                Check(pass, facts, channel, blocker);
        }
    }

    private static void Check(Pass pass, Facts facts, Channel channel, ChannelOp blocker)
    {
        if (!facts.HeldAt.TryGetValue(blocker.Node, out var held) || held.Count == 0)
            return;
        var sends = blocker.Kind == ChannelOpKind.Send;
        var others = channel.Ops.Where(o => !ReferenceEquals(o.Function, blocker.Function) && (sends ? o.IsReceiving : o.Kind is ChannelOpKind.Send or ChannelOpKind.Close)).ToList();
        if (others.Count == 0)
            return;
        foreach (var (lockId, holding) in held)
        {
            var witnesses = others.Select(o => (Op: o, Witness: NeedsLock(facts, channel, o.File, o.Declaration, o.Function, o.Node, lockId, blocker.Declaration, 0))).ToList();
            if (witnesses.Any(w => w.Witness is null))
                continue;
            var (other, witness) = witnesses[0];
            var operand = blocker.File.SourceOf(blocker.Operand);
            var otherSide = sends ? "receiver" : "sender";
            pass.Report(blocker.File, blocker.Node,
                $"{(sends ? "sends on" : "receives from")} {channel.Capacity} `{operand}` while holding `{holding.TakenBy.Text}` (locked on line {Pass.LineOf(blocker.File, holding.TakenBy.Call)}), and every {otherSide} of it must take `{holding.TakenBy.Text}` first ({Path.GetFileName(witness!.Value.File.Path)}:{Pass.LineOf(witness.Value.File, witness.Value.At)}): each waits for the other, and both block forever",
                "unlock before the channel operation, or give the channel a buffer its sends cannot fill",
                [
                    (blocker.File, holding.TakenBy.Call, $"`{holding.TakenBy.Text}` locked here"),
                    (witness.Value.File, witness.Value.At, $"the {otherSide} takes `{holding.TakenBy.Text}` here"),
                    (other.File, other.Node, $"the {otherSide}'s side of `{operand}`"),
                ]);
            return;
        }
    }

    // Where the goroutine that runs `point` (in `function`) must take `lockId` before it gets there: held there, taken
    // earlier in a block around it, taken in the loop around it, or so at every call of the function. Null when some
    // path reaches it without the lock, or when the lock cannot be named the same way here.
    private static (LintFile File, Node At)? NeedsLock(Facts facts, Channel channel, LintFile file, FuncDecl? declaration, Node function, Node point, LockId lockId, FuncDecl? blockerDeclaration, int depth)
    {
        var sameEverywhere = lockId.Root is string root && root.StartsWith("recv ", StringComparison.Ordinal) || lockId.Root is Var { IsPackageLevel: true };
        if (!sameEverywhere && !ReferenceEquals(declaration, blockerDeclaration))
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
        }
        if (depth >= CallerDepth)
            return null;
        switch (function)
        {
            case FuncDecl callee when facts.Callers.TryGetValue(callee, out var sites) && sites.All(s => !s.NewGoroutine):
                (LintFile, Node)? first = null;
                foreach (var site in sites)
                {
                    if (NeedsLock(facts, channel, site.File, site.Declaration, site.Function, site.Call, lockId, blockerDeclaration, depth + 1) is not { } witness)
                        return null;
                    first ??= witness;
                }
                return first;
            case FuncLit literal when file.Index.Parent(literal) is CallExpr call && ReferenceEquals(call.Fun, literal) && file.Index.Parent(call) is not (GoStmt or DeferStmt)
                && file.Index.EnclosingFunction(call) is { } outer:
                return NeedsLock(facts, channel, file, declaration, outer, call, lockId, blockerDeclaration, depth + 1);
            default:
                return null;
        }
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
    // operations and calls, and who calls each function.
    private static Facts Walk(LockSummaries summaries)
    {
        var facts = new Facts(summaries);
        foreach (var (function, file) in summaries.Graph.Functions)
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
                // The first visit's locks: a loop's later rounds may hold more, but not on every path to the point.
                new HeldLocks(summaries.Graph, function, (call, _, held) =>
                {
                    if (summaries.Graph.Callee(call) is not null)
                        facts.HeldAt.TryAdd(call, new Dictionary<LockId, HeldLock>(held));
                })
                {
                    ChannelOp = (op, held) => facts.HeldAt.TryAdd(op, new Dictionary<LockId, HeldLock>(held)),
                }.Walk(Syntax.BodyOf(body)!);
                Syntax.InspectBody(Syntax.BodyOf(body)!, n =>
                {
                    if (n is CallExpr call && summaries.Graph.Callee(call) is { } callee)
                    {
                        if (!facts.Callers.TryGetValue(callee, out var sites))
                            facts.Callers[callee] = sites = [];
                        sites.Add(new CallSite(call, file, function, body, file.Index.Parent(call) is GoStmt or DeferStmt));
                    }
                    return true;
                });
            }
        }
        return facts;
    }
}
