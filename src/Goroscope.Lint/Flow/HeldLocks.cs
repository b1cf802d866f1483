using Goroscope.GoSyntax;

namespace Goroscope.Lint.Flow;

/// <summary>A lock held at some point of a function, and the call that took it.</summary>
internal sealed record HeldLock(LockOp TakenBy);

/// <summary>
/// Walks one function body in execution order and tells, at each call, which locks are certainly held there
/// (on every path that reaches it: after an if, a switch or a loop only the locks held on each branch that
/// falls through, or breaks out of it, stay held; a labelled statement joins the `goto`s before it that jump to
/// it). A loop without a condition ends only by its `break`s. A loop's body is walked again from the locks held
/// where its iteration comes round, until that stops changing (at most <see cref="Rounds"/> times), so a lock
/// taken late in one iteration is seen held in the next; a point is visited again only with a lock no earlier
/// visit saw held there. A deferred Unlock leaves the lock held to the end; the deferred calls of the body's own
/// statements run, last first, at each return and at the end (a deferred call that may release a lock the walk
/// cannot name ends what is known to be held for the ones after it). `go` statements and function literals are
/// other goroutines or other calls, walked on their own.
/// </summary>
internal sealed class HeldLocks
{
    private readonly CallGraph graph;
    private readonly FuncDecl? function;
    private readonly Action<CallExpr, LockOp?, IReadOnlyDictionary<LockId, HeldLock>> visit;
    private readonly Action<Stmt, IReadOnlyDictionary<LockId, HeldLock>>? exit;

    // Where `break`, `continue` and `goto` lead: the states they carry to the statement they leave or continue, or to the label.
    private readonly Stack<Stmt> breakable = new();
    private readonly Dictionary<string, Stmt> labelled = new(StringComparer.Ordinal);
    private readonly Dictionary<Stmt, List<Dictionary<LockId, HeldLock>>> breaks = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Stmt, List<Dictionary<LockId, HeldLock>>> continues = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<Dictionary<LockId, HeldLock>>> gotos = new(StringComparer.Ordinal);

    // The locks held at some visit of each call, channel operation and exit already visited.
    private readonly Dictionary<Node, HashSet<LockId>> visited = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyList<DeferStmt> deferred = [];

    /// <summary>How many times a loop body is walked at most.</summary>
    public const int Rounds = 3;

    /// <param name="function">The declaration whose receiver and parameters name locks (the enclosing one for a function literal).</param>
    /// <param name="visit">Called at each call with its lock operation (if it is one) and the locks held just before it.</param>
    /// <param name="exit">Called at each return, break, continue and goto with the locks held when it leaves.</param>
    public HeldLocks(CallGraph graph, FuncDecl? function, Action<CallExpr, LockOp?, IReadOnlyDictionary<LockId, HeldLock>> visit,
        Action<Stmt, IReadOnlyDictionary<LockId, HeldLock>>? exit = null)
    {
        this.graph = graph;
        this.function = function;
        this.visit = visit;
        this.exit = exit;
    }

    /// <summary>Called at each send, receive and `for range` (the RangeStmt) with the locks held just before it; null: not asked.</summary>
    public Action<Node, IReadOnlyDictionary<LockId, HeldLock>>? ChannelOp { get; init; }

    /// <summary>Walks the body; returns the locks held where it falls off its end, or null when no path does.</summary>
    /// <param name="entry">The locks held when the body starts (the caller's); none when null.</param>
    public IReadOnlyDictionary<LockId, HeldLock>? Walk(BlockStmt body, IReadOnlyDictionary<LockId, HeldLock>? entry = null)
    {
        deferred = body.List.OfType<DeferStmt>().ToList();
        var end = Statements(body.List, entry is null ? [] : new(entry));
        if (end is not null)
            RunDeferred(body.End, end);
        return end;
    }

    // Null: this path does not fall through (it returns, panics, breaks or continues).
    private Dictionary<LockId, HeldLock>? Statements(IReadOnlyList<Stmt> list, Dictionary<LockId, HeldLock> held)
    {
        Dictionary<LockId, HeldLock>? state = held;
        foreach (var stmt in list)
        {
            if (state is null)
            {
                // Code after a return, break or goto is reached only through a label that an earlier goto jumps to.
                if (stmt is not LabeledStmt target || !gotos.Remove(target.Label.Name, out var jumps))
                    return null;
                state = Join([.. jumps]);
            }
            state = Statement(stmt, state!);
        }
        return state;
    }

    private Dictionary<LockId, HeldLock>? Statement(Stmt stmt, Dictionary<LockId, HeldLock> held)
    {
        switch (stmt)
        {
            case BlockStmt block:
                return Statements(block.List, held);
            case LabeledStmt labeled:
            {
                labelled[labeled.Label.Name] = labeled.Stmt;
                var state = gotos.Remove(labeled.Label.Name, out var jumps) ? Join([held, .. jumps])! : held;
                return Statement(labeled.Stmt, state);
            }
            case GoStmt or DeferStmt:
                return held;
            case ReturnStmt ret:
                foreach (var result in ret.Results)
                    Calls(result, held);
                if (exit is not null && Fresh(ret, held))
                    exit(ret, held);
                RunDeferred(ret.Pos, held);
                return null;
            case BranchStmt { Tok: Token.Fallthrough }:
                return held;
            case BranchStmt branch:
                if (exit is not null && Fresh(branch, held))
                    exit(branch, held);
                Jump(branch, held);
                return null;
            case IfStmt branch:
            {
                var state = Init(branch.Init, held);
                if (state is null)
                    return null;
                Calls(branch.Cond, state);
                var then = Statements(branch.Body.List, new(state));
                var otherwise = branch.Else is null ? new(state) : Statement(branch.Else, new(state));
                return Join([then, otherwise]);
            }
            case SwitchStmt choice:
            {
                var state = Init(choice.Init, held);
                if (state is null)
                    return null;
                if (choice.Tag is not null)
                    Calls(choice.Tag, state);
                return Clauses(choice, choice.Body, state);
            }
            case TypeSwitchStmt choice:
            {
                var state = Init(choice.Init, held);
                return state is null ? null : Clauses(choice, choice.Body, state);
            }
            case SelectStmt select:
                return Clauses(select, select.Body, held);
            case ForStmt loop:
            {
                var state = Init(loop.Init, held);
                if (state is null)
                    return null;
                if (loop.Cond is not null)
                    Calls(loop.Cond, state);
                // Without a condition the loop ends only where it breaks.
                var outcomes = new List<Dictionary<LockId, HeldLock>?> { loop.Cond is null ? null : state };
                Iterate(loop, state, head =>
                {
                    var after = Join([Body(loop, loop.Body, new(head)), .. Taken(continues, loop)]);
                    if (after is not null && loop.Post is not null)
                        after = Statement(loop.Post, after);
                    if (after is not null && loop.Cond is not null)
                    {
                        Calls(loop.Cond, after);
                        outcomes.Add(after);
                    }
                    return after;
                });
                return Join([.. outcomes, .. Taken(breaks, loop)]);
            }
            case RangeStmt loop:
            {
                Calls(loop.X, held);
                var outcomes = new List<Dictionary<LockId, HeldLock>?> { held };
                Iterate(loop, held, head =>
                {
                    if (ChannelOp is not null && Fresh(loop, head))
                        ChannelOp(loop, head);
                    var after = Join([Body(loop, loop.Body, new(head)), .. Taken(continues, loop)]);
                    outcomes.Add(after);
                    return after;
                });
                return Join([.. outcomes, .. Taken(breaks, loop)]);
            }
            case ExprStmt { X: CallExpr } expr when IsTerminating(expr):
                Calls(expr, held);
                return null;
            default:
                Calls(stmt, held);
                return held;
        }
    }

    // The body's deferred calls registered before `at`, run last first from the locks held there.
    private void RunDeferred(int at, IReadOnlyDictionary<LockId, HeldLock> heldThere)
    {
        var held = new Dictionary<LockId, HeldLock>(heldThere);
        for (var i = deferred.Count - 1; i >= 0; i--)
        {
            if (deferred[i].Pos >= at)
                continue;
            var call = deferred[i].Call;
            var op = Locks.OpOf(graph.Info, function, call);
            if (Fresh(call, held))
                visit(call, op, held);
            if (op is not null)
            {
                if (op.Acquires)
                    held[op.Lock] = new HeldLock(op);
                else
                    held.Remove(op.Lock);
            }
            else if (MayRelease(call))
                held.Clear();
        }
    }

    // A call that may release a lock without the walk seeing which: a body of the package that unlocks something, or
    // a function value the graph cannot follow. Functions of other packages cannot name this package's locks.
    private bool MayRelease(CallExpr call)
    {
        var targets = graph.Targets(call);
        if (targets.Count == 0)
            return graph.Info.Callee(call) is not { } callee || ReferenceEquals(callee.Package, graph.Info.Package);
        return targets.Any(t => CallGraph.SitesIn(t.Body).Any(s => Locks.OpOf(graph.Info, t.Enclosing, s.Call) is { Acquires: false }));
    }

    // Whether a point is visited for the first time, or with a lock held that no earlier visit saw.
    private bool Fresh(Node point, IReadOnlyDictionary<LockId, HeldLock> held)
    {
        if (!visited.TryGetValue(point, out var seen))
        {
            visited[point] = [.. held.Keys];
            return true;
        }
        var grew = false;
        foreach (var id in held.Keys)
            grew |= seen.Add(id);
        return grew;
    }

    // The locks held where an iteration comes round, less those whose name the loop points elsewhere: a variable the
    // loop declares or assigns (hand-over-hand locking: `l.mu.Lock(); y = l`), a field on the way to the lock, or the
    // key of the element it is in (`locks[i]` after `i++`).
    private Dictionary<LockId, HeldLock> Renamed(Stmt loop, Dictionary<LockId, HeldLock> held)
    {
        var renamed = new List<LockId>();
        void Rename(Expr? target)
        {
            if (target is not null && Locks.IdOf(graph.Info, function, target) is { } id)
                renamed.Add(id);
        }
        Walker.Inspect(loop, n =>
        {
            switch (n)
            {
                case AssignStmt assign:
                    assign.Lhs.ToList().ForEach(Rename);
                    break;
                case RangeStmt range:
                    Rename(range.Key);
                    Rename(range.Value);
                    break;
                case ValueSpec spec:
                    spec.Names.ToList().ForEach(Rename);
                    break;
                case IncDecStmt step:
                    Rename(step.X);
                    break;
            }
            return true;
        });
        var next = new Dictionary<LockId, HeldLock>(held);
        foreach (var id in held.Keys)
            if (renamed.Any(r => Equals(r.Root, id.Root) && (id.Path == r.Path || id.Path.StartsWith(r.Path + ".", StringComparison.Ordinal))
                || r is { Root: GoTypes.Var key, Path: "" } && id.IsKeyedBy(key)))
                next.Remove(id);
        return next;
    }

    // Walks a loop round after round, each from the locks held where the last one came back (the loop's own variables
    // renamed away), until they stop changing or Rounds is reached.
    private void Iterate(Stmt loop, Dictionary<LockId, HeldLock> first, Func<Dictionary<LockId, HeldLock>, Dictionary<LockId, HeldLock>?> round)
    {
        for (var (count, head) = (1, first); ; count++)
        {
            var after = round(head);
            var next = after is null ? null : Renamed(loop, after);
            if (next is null || count == Rounds || SameLocks(next, head))
                return;
            head = next;
        }
    }

    private static bool SameLocks(Dictionary<LockId, HeldLock> a, Dictionary<LockId, HeldLock> b) => a.Count == b.Count && a.Keys.All(b.ContainsKey);

    private Dictionary<LockId, HeldLock>? Init(Stmt? init, Dictionary<LockId, HeldLock> held) => init is null ? held : Statement(init, held);

    // Each clause starts from the state before the switch; without a default the switch can also run none.
    private Dictionary<LockId, HeldLock>? Clauses(Stmt choice, BlockStmt body, Dictionary<LockId, HeldLock> held)
    {
        var outcomes = new List<Dictionary<LockId, HeldLock>?>();
        breakable.Push(choice);
        var hasDefault = false;
        foreach (var clause in body.List)
        {
            switch (clause)
            {
                case CaseClause c:
                    hasDefault |= c.List.Count == 0;
                    outcomes.Add(Statements(c.Body, new(held)));
                    break;
                case CommClause c:
                    hasDefault |= c.Comm is null;
                    var state = c.Comm is null ? new(held) : Statement(c.Comm, new(held));
                    outcomes.Add(state is null ? null : Statements(c.Body, state));
                    break;
            }
        }
        breakable.Pop();
        if (!hasDefault && body.List.FirstOrDefault() is not CommClause)
            outcomes.Add(held);
        outcomes.AddRange(Taken(breaks, choice));
        return Join(outcomes);
    }

    private Dictionary<LockId, HeldLock>? Body(Stmt loop, BlockStmt body, Dictionary<LockId, HeldLock> held)
    {
        breakable.Push(loop);
        var after = Statements(body.List, held);
        breakable.Pop();
        return after;
    }

    // Records the state a break, continue or goto carries to where it leads (a labelled break or continue names its statement).
    private void Jump(BranchStmt branch, Dictionary<LockId, HeldLock> held)
    {
        switch (branch.Tok)
        {
            case Token.Goto when branch.Label is { } label:
                Add(gotos, label.Name, held);
                break;
            case Token.Break or Token.Continue:
                var target = branch.Label is { } name ? labelled.GetValueOrDefault(name.Name)
                    : branch.Tok == Token.Break ? breakable.FirstOrDefault() : breakable.FirstOrDefault(s => s is ForStmt or RangeStmt);
                if (target is not null)
                    Add(branch.Tok == Token.Break ? breaks : continues, target, held);
                break;
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<Dictionary<LockId, HeldLock>>> jumps, TKey key, Dictionary<LockId, HeldLock> held)
        where TKey : notnull
    {
        if (!jumps.TryGetValue(key, out var list))
            jumps[key] = list = [];
        list.Add(new(held));
    }

    private static List<Dictionary<LockId, HeldLock>?> Taken(Dictionary<Stmt, List<Dictionary<LockId, HeldLock>>> jumps, Stmt target) =>
        jumps.Remove(target, out var list) ? [.. list] : [];

    private static Dictionary<LockId, HeldLock>? Join(IReadOnlyList<Dictionary<LockId, HeldLock>?> outcomes)
    {
        var live = outcomes.Where(o => o is not null).Select(o => o!).ToList();
        if (live.Count == 0)
            return null;
        var joined = new Dictionary<LockId, HeldLock>(live[0]);
        foreach (var other in live.Skip(1))
            foreach (var id in joined.Keys.ToList())
                if (!other.ContainsKey(id))
                    joined.Remove(id);
        return joined;
    }

    // The calls of one statement or expression in source order (not inside function literals); lock operations change the
    // state. A send or receive happens once the calls computing its operands are done: before the first call starting after it.
    private void Calls(Node node, Dictionary<LockId, HeldLock> held)
    {
        var ops = ChannelOp is null ? [] : ChannelOpsIn(node);
        var next = 0;
        foreach (var call in CallGraph.CallsIn(node))
        {
            for (; next < ops.Count && ops[next].End <= call.Pos; next++)
                if (Fresh(ops[next], held))
                    ChannelOp!(ops[next], held);
            var op = Locks.OpOf(graph.Info, function, call);
            if (Fresh(call, held))
                visit(call, op, held);
            if (op is null)
                continue;
            if (op.Acquires)
                held[op.Lock] = new HeldLock(op);
            else
                held.Remove(op.Lock);
        }
        for (; next < ops.Count; next++)
            if (Fresh(ops[next], held))
                ChannelOp!(ops[next], held);
    }

    private static List<Node> ChannelOpsIn(Node node)
    {
        var ops = new List<Node>();
        Walker.Inspect(node, n =>
        {
            if (n is FuncLit or GoStmt or DeferStmt)
                return false;
            if (n is SendStmt or UnaryExpr { Op: Token.Arrow })
                ops.Add(n);
            return true;
        });
        return ops.OrderBy(o => o.End).ThenByDescending(o => o.Pos).ToList();
    }

    private static bool IsTerminating(ExprStmt stmt) =>
        stmt.X is CallExpr { Fun: Ident { Name: "panic" } } or CallExpr { Fun: SelectorExpr { Sel.Name: "Fatal" or "Fatalf" or "Exit" or "FailNow" } };
}
