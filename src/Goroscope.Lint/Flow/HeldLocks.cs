using Goroscope.GoSyntax;

namespace Goroscope.Lint.Flow;

/// <summary>A lock held at some point of a function, and the call that took it.</summary>
internal sealed record HeldLock(LockOp TakenBy);

/// <summary>
/// Walks one function body in execution order and tells, at each call, which locks are certainly held there
/// (on every path that reaches it: after an if, a switch or a loop only the locks held on each branch that
/// falls through stay held). A deferred Unlock leaves the lock held to the end; `go` statements and function
/// literals are other goroutines or other calls, walked on their own.
/// </summary>
internal sealed class HeldLocks
{
    private readonly CallGraph graph;
    private readonly FuncDecl? function;
    private readonly Action<CallExpr, LockOp?, IReadOnlyDictionary<LockId, HeldLock>> visit;
    private readonly Action<Stmt, IReadOnlyDictionary<LockId, HeldLock>>? exit;

    /// <param name="function">The declaration whose receiver and parameters name locks (the enclosing one for a function literal).</param>
    /// <param name="visit">Called at each call with its lock operation (if it is one) and the locks held just before it.</param>
    /// <param name="exit">Called at each return, break and continue with the locks held when it leaves.</param>
    public HeldLocks(CallGraph graph, FuncDecl? function, Action<CallExpr, LockOp?, IReadOnlyDictionary<LockId, HeldLock>> visit,
        Action<Stmt, IReadOnlyDictionary<LockId, HeldLock>>? exit = null)
    {
        this.graph = graph;
        this.function = function;
        this.visit = visit;
        this.exit = exit;
    }

    /// <summary>Walks the body; returns the locks held where it falls off its end, or null when no path does.</summary>
    public IReadOnlyDictionary<LockId, HeldLock>? Walk(BlockStmt body) => Statements(body.List, []);

    // Null: this path does not fall through (it returns, panics, breaks or continues).
    private Dictionary<LockId, HeldLock>? Statements(IReadOnlyList<Stmt> list, Dictionary<LockId, HeldLock> held)
    {
        Dictionary<LockId, HeldLock>? state = held;
        foreach (var stmt in list)
        {
            if (state is null)
                return null;
            state = Statement(stmt, state);
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
                return Statement(labeled.Stmt, held);
            case GoStmt or DeferStmt:
                return held;
            case ReturnStmt ret:
                foreach (var result in ret.Results)
                    Calls(result, held);
                exit?.Invoke(ret, held);
                return null;
            case BranchStmt { Tok: Token.Fallthrough }:
                return held;
            case BranchStmt branch:
                exit?.Invoke(branch, held);
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
                return Clauses(choice.Body, state);
            }
            case TypeSwitchStmt choice:
            {
                var state = Init(choice.Init, held);
                return state is null ? null : Clauses(choice.Body, state);
            }
            case SelectStmt select:
                return Clauses(select.Body, held);
            case ForStmt loop:
            {
                var state = Init(loop.Init, held);
                if (state is null)
                    return null;
                if (loop.Cond is not null)
                    Calls(loop.Cond, state);
                var after = Statements(loop.Body.List, new(state));
                if (after is not null && loop.Post is not null)
                    after = Statement(loop.Post, after);
                return Join([state, after]);
            }
            case RangeStmt loop:
            {
                Calls(loop.X, held);
                return Join([held, Statements(loop.Body.List, new(held))]);
            }
            case ExprStmt { X: CallExpr } expr when IsTerminating(expr):
                Calls(expr, held);
                return null;
            default:
                Calls(stmt, held);
                return held;
        }
    }

    private Dictionary<LockId, HeldLock>? Init(Stmt? init, Dictionary<LockId, HeldLock> held) => init is null ? held : Statement(init, held);

    // Each clause starts from the state before the switch; without a default the switch can also run none.
    private Dictionary<LockId, HeldLock>? Clauses(BlockStmt body, Dictionary<LockId, HeldLock> held)
    {
        var outcomes = new List<Dictionary<LockId, HeldLock>?>();
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
        if (!hasDefault && body.List.FirstOrDefault() is not CommClause)
            outcomes.Add(held);
        return Join(outcomes);
    }

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

    // The calls of one statement or expression in source order (not inside function literals); lock operations change the state.
    private void Calls(Node node, Dictionary<LockId, HeldLock> held)
    {
        foreach (var call in CallGraph.CallsIn(node))
        {
            var op = Locks.OpOf(graph.Info, function, call);
            visit(call, op, held);
            if (op is null)
                continue;
            if (op.Acquires)
                held[op.Lock] = new HeldLock(op);
            else
                held.Remove(op.Lock);
        }
    }

    private static bool IsTerminating(ExprStmt stmt) =>
        stmt.X is CallExpr { Fun: Ident { Name: "panic" } } or CallExpr { Fun: SelectorExpr { Sel.Name: "Fatal" or "Fatalf" or "Exit" or "FailNow" } };
}
