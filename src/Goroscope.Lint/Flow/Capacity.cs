using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>
/// A count known when the code is read: <see cref="Constant"/> plus <see cref="PerLength"/> times the length of the
/// slice <see cref="Length"/> declares (a buffer of `len(hosts)`, one goroutine per pass of `range hosts`).
/// </summary>
internal readonly record struct Count(long Constant, long PerLength = 0, Ident? Length = null)
{
    public static Count operator +(Count a, Count b) => Combine(a, b, 1);

    public static Count operator -(Count a, Count b) => Combine(a, b, -1);

    public static Count operator *(Count a, long factor) => new(a.Constant * factor, a.PerLength * factor, a.Length);

    /// <summary>Whether the count is above zero whatever the slice's length (one element or more).</summary>
    public bool AlwaysPositive => PerLength >= 0 && Constant + PerLength > 0;

    public override string ToString() => (PerLength, Length) switch
    {
        (0, _) or (_, null) => Constant.ToString(System.Globalization.CultureInfo.InvariantCulture),
        (1, { } slice) when Constant == 0 => $"len({slice.Name})",
        (var per, { } slice) => Constant == 0 ? $"{per}×len({slice.Name})" : $"{(per == 1 ? "" : $"{per}×")}len({slice.Name}) + {Constant}",
    };

    private static Count Combine(Count a, Count b, int sign)
    {
        if (a.PerLength != 0 && b.PerLength != 0 && !ReferenceEquals(a.Length, b.Length))
            throw new InvalidOperationException("counts over two different slices do not combine");
        return new Count(a.Constant + sign * b.Constant, a.PerLength + sign * b.PerLength, a.Length ?? b.Length);
    }

    /// <summary>Whether two counts can be added: at most one slice length between them.</summary>
    public bool Combines(Count other) => PerLength == 0 || other.PerLength == 0 || ReferenceEquals(Length, other.Length);
}

/// <summary>
/// What the code says about how much a buffered channel holds and how often a statement runs: a `make(chan T, N)`
/// with a constant N or `len(xs)`, and a loop's number of passes when it is written down (`range xs`, a literal list,
/// `for i := 0; i &lt; 3; i++`, `range 3`) and nothing in its body leaves it early; and how often a send comes round on
/// one channel value (<see cref="RepeatOf"/>).
/// </summary>
internal static class Capacity
{
    /// <summary>The buffer of a `make`: a constant, or `len(xs)` of a local slice; null when unbuffered or not written down.</summary>
    public static Count? BufferOf(LintFile file, TypeInfo? info, ChannelMake make) =>
        make.Capacity is not { } size ? null : CountOf(file, info, size) is { } n && (n.Constant > 0 || n.PerLength > 0) ? n : null;

    /// <summary>
    /// How many times <paramref name="node"/> runs in one run of <paramref name="function"/>'s body: 1 outside loops,
    /// times each enclosing loop's passes; 0 when it runs only on some paths (under an `if`, a `switch` or `select`
    /// case); null when a loop's passes are not written down or something in it can leave it early.
    /// </summary>
    public static Count? RunsPerCall(LintFile file, TypeInfo? info, Node node, Node function)
    {
        var runs = new Count(1);
        var child = node;
        foreach (var ancestor in file.Index.Ancestors(node))
        {
            if (ReferenceEquals(ancestor, function))
                return runs;
            switch (ancestor)
            {
                case FuncLit:
                    return null;
                case IfStmt when !ReferenceEquals(child, ((IfStmt)ancestor).Init) && !ReferenceEquals(child, ((IfStmt)ancestor).Cond):
                case CaseClause or CommClause or SwitchStmt or TypeSwitchStmt or SelectStmt:
                    return new Count(0);
                case ForStmt or RangeStmt when !ReferenceEquals(child, LoopBody(ancestor)):
                    break; // the loop's header runs once per pass too, but only its body matters here
                case ForStmt or RangeStmt:
                    if (PassesOf(file, info, (Stmt)ancestor) is not { } passes || !runs.Combines(passes) || (runs.PerLength != 0 && passes.PerLength != 0))
                        return null;
                    runs = passes.PerLength != 0 ? passes * runs.Constant : runs * passes.Constant;
                    break;
            }
            child = ancestor;
        }
        return null;
    }

    /// <summary>Whether the statement runs on every way through the function: its ancestors are plain blocks (and the header of an `if`).</summary>
    public static bool RunsOnEveryPath(LintFile file, Node node, Node function) =>
        (file.Index.EnclosingLoop(node) is not { } loop || !Syntax.Within(loop, function)) && RunsPerCall(file, null, node, function) is { Constant: 1, PerLength: 0 };

    /// <summary>
    /// The most passes a loop's header allows, when it writes them down as a constant (a literal list, `range 3`,
    /// `for i := 0; i &lt; 3; i++`); null when nothing bounds them there. A `break` or `return` only makes fewer.
    /// </summary>
    public static long? PassesAtMost(LintFile file, TypeInfo? info, Stmt loop) => loop switch
    {
        RangeStmt { X: var over } when Syntax.Unparen(over) is CompositeLit literal && literal.Elts.All(e => e is not KeyValueExpr) => literal.Elts.Count,
        RangeStmt { X: var over } when ConstantOf(file, info, over) is { } n => n,
        ForStmt { Init: AssignStmt { Lhs: [Ident counter], Rhs: [var from] }, Cond: BinaryExpr { Op: Token.Lss, X: Ident tested, Y: var bound }, Post: IncDecStmt { Tok: Token.Inc, X: Ident stepped } }
            when tested.Name == counter.Name && stepped.Name == counter.Name && ConstantOf(file, info, from) is { } start && ConstantOf(file, info, bound) is { } end
            && !Syntax.BodyNodes<Ident>(((ForStmt)loop).Body).Any(id => id.Name == counter.Name && (file.Index.Parent(id) is AssignStmt assign && assign.Lhs.Contains(id) || file.Index.Parent(id) is IncDecStmt))
            => Math.Max(0, end - start),
        _ => null,
    };

    // The number of passes of a loop whose header writes it down and whose body cannot leave it early.
    private static Count? PassesOf(LintFile file, TypeInfo? info, Stmt loop)
    {
        var body = LoopBody(loop);
        if (Syntax.BodyNodes<Stmt>(body).Any(s => s is ReturnStmt or BranchStmt { Tok: Token.Break or Token.Goto or Token.Continue } || s is ExprStmt && Syntax.IsTerminating(file, s)))
            return null;
        switch (loop)
        {
            case RangeStmt { X: var over } when Syntax.Unparen(over) is CompositeLit literal && literal.Elts.All(e => e is not KeyValueExpr):
                return new Count(literal.Elts.Count);
            case RangeStmt { X: var over } when Syntax.Unparen(over) is Ident slice && file.Index.Declaration(slice) is { } declared
                && (info is null || info.TypeOf(slice) is { } type && Types.Unalias(type).Underlying is GoTypes.SliceType or GoTypes.ArrayType):
                return new Count(0, 1, declared);
            case RangeStmt { X: var over } when info is not null && ConstantOf(file, info, over) is { } n:
                return new Count(n);
            case ForStmt { Init: AssignStmt { Lhs: [Ident counter], Rhs: [var from] }, Cond: BinaryExpr { Op: Token.Lss, X: Ident tested, Y: var bound }, Post: IncDecStmt { Tok: Token.Inc, X: Ident stepped } }
                when tested.Name == counter.Name && stepped.Name == counter.Name && ConstantOf(file, info, from) is { } start && CountOf(file, info, bound) is { } end
                && !Syntax.BodyNodes<Ident>(body).Any(id => id.Name == counter.Name && file.Index.Parent(id) is AssignStmt assign && assign.Lhs.Contains(id) || file.Index.Parent(id) is IncDecStmt):
                return end - new Count(start);
            default:
                return null;
        }
    }

    private static BlockStmt LoopBody(Node loop) => loop switch
    {
        ForStmt f => f.Body,
        RangeStmt r => r.Body,
        _ => throw new ArgumentException("not a loop", nameof(loop)),
    };

    // A constant, or the length of a local slice (`len(xs)`).
    private static Count? CountOf(LintFile file, TypeInfo? info, Expr expr)
    {
        if (ConstantOf(file, info, expr) is { } n)
            return new Count(n);
        return Syntax.Unparen(expr) is CallExpr { Args: [var arg] } call && Syntax.IsBuiltinCall(file, call, "len")
            && Syntax.Unparen(arg) is Ident slice && file.Index.Declaration(slice) is { } declared && !Syntax.IsPackageLevel(file, declared)
            ? new Count(0, 1, declared)
            : null;
    }

    private static long? ConstantOf(LintFile file, TypeInfo? info, Expr expr) => Syntax.Unparen(expr) switch
    {
        BasicLit { Kind: Token.Int } literal when long.TryParse(literal.Value.Replace("_", "", StringComparison.Ordinal), out var n) => n,
        Ident id when info?.ObjectOf(id) is Const { IntValue: { } n } => n,
        SelectorExpr selector when info?.ObjectOf(selector.Sel) is Const { IntValue: { } n } => n,
        _ => null,
    };

    /// <summary>Where and how a send comes round again on the same channel value.</summary>
    public sealed record Repeat(LintFile File, Node At, string How, string Related);

    /// <summary>
    /// The loop that runs a send more than <paramref name="buffer"/> times on one channel value: around it in its
    /// function (unless every way on from the send leaves it), around the `go` of the literal it is in, or around a
    /// call of its method on one receiver (one call up); null when none is seen.
    /// </summary>
    public static Repeat? RepeatOf(IReadOnlyList<LintFile> files, TypeInfo info, ChannelOp send, long buffer)
    {
        var file = send.File;
        var root = RootOf(send.Operand);
        long passes = 1;
        Node? outermost = null;
        foreach (var ancestor in file.Index.Ancestors(send.Node))
        {
            if (ancestor is FuncDecl)
            {
                outermost = ancestor;
                break;
            }
            if (ancestor is FuncLit literal)
            {
                if (!IsCalledAtOnce(file, literal))
                    return null; // a callback: who calls it, and how often, is not seen here
                continue;
            }
            if (ancestor is not (ForStmt or RangeStmt) || !SameValueEachPass(file, info, root, (Stmt)ancestor))
                continue;
            var loop = (Stmt)ancestor;
            if (ReferenceEquals(file.Index.EnclosingFunction(loop), send.Function) && LeavesAfter(file, send.Node, loop))
                return null; // it sends once, then leaves the loop
            if (PassesAtMost(file, info, loop) is not { } most)
                return new Repeat(file, loop, $"in a loop (line {Pass.LineOf(file, loop)})", "the loop that sends again each pass");
            passes *= most;
            if (passes > buffer)
                return new Repeat(file, loop, $"{passes} times in a loop (line {Pass.LineOf(file, loop)})", $"the loop that sends {passes} times");
        }
        // A method sending on its receiver's channel, called in a loop on one receiver.
        if (outermost is not FuncDecl { Recv.List: [{ Names: [var receiver] }] } method || root is null || !ReferenceEquals(info.ObjectOf(root), info.ObjectOf(receiver)))
            return null;
        foreach (var caller in files)
            foreach (var call in Walker.Descendants(caller.Syntax).OfType<CallExpr>())
            {
                if (info.Callee(call) is not { Decl: { } called } || !ReferenceEquals(called, method) || Syntax.Unparen(call.Fun) is not SelectorExpr { X: var value }
                    || caller.Index.EnclosingLoop(call) is not { } loop || PassesAtMost(caller, info, loop) is { } most && most * passes <= buffer
                    || !SameValueEachPass(caller, info, RootOf(value), loop))
                    continue;
                return new Repeat(caller, call, $"each time {Path.GetFileName(caller.Path)}:{Pass.LineOf(caller, call)} calls `{method.Name.Name}` in its loop on the same `{caller.SourceOf(value)}`", $"`{method.Name.Name}` called in a loop on `{caller.SourceOf(value)}`");
            }
        return null;
    }

    // Whether every way on from the send leaves the loop before it comes round: a return, panic or t.Fatal, a `break`
    // of this loop or a labelled one, or a `goto` follows it in a statement list around it, before any `continue`.
    private static bool LeavesAfter(LintFile file, Node send, Stmt loop)
    {
        for (var at = StatementOrder.StatementOf(file, send); !ReferenceEquals(at, loop) && at is not null; at = file.Index.Ancestors(at).OfType<Stmt>().FirstOrDefault())
        {
            if (Syntax.ContainingList(file, at) is not { } list)
                continue;
            foreach (var next in list.SkipWhile(s => !ReferenceEquals(s, at)).Skip(1))
            {
                if (Syntax.IsTerminating(file, next) || next is BranchStmt { Tok: Token.Goto } or BranchStmt { Tok: Token.Break, Label: not null })
                    return true;
                if (next is BranchStmt { Tok: Token.Break } unlabelled)
                    return ReferenceEquals(Loops.NearestBreakable(file, unlabelled), loop);
                if (next is BranchStmt { Tok: Token.Continue })
                    return false;
            }
        }
        return false;
    }

    // The variable an operand starts from: `ch`, `s` of `s.a.ch`, `s` of `s.events()` (a getter).
    public static Ident? RootOf(Expr operand)
    {
        var expr = Syntax.Unparen(operand);
        while (true)
        {
            switch (expr)
            {
                case Ident id:
                    return id;
                case SelectorExpr selector:
                    expr = Syntax.Unparen(selector.X);
                    break;
                case CallExpr { Args.Count: 0 } call:
                    expr = Syntax.Unparen(call.Fun);
                    break;
                case StarExpr star:
                    expr = Syntax.Unparen(star.X);
                    break;
                default:
                    return null;
            }
        }
    }

    // Whether the variable an operand starts from holds one value on every pass of the loop: declared before it (or at
    // package level) and never assigned inside it.
    private static bool SameValueEachPass(LintFile file, TypeInfo info, Ident? root, Stmt loop)
    {
        if (root is null || info.ObjectOf(root) is not Var variable)
            return false;
        if (!variable.IsPackageLevel && (file.Index.Declaration(root) is not { } declared || Syntax.Within(declared, loop)))
            return false;
        return !Syntax.BodyNodes<Node>(loop).Any(n => n switch
        {
            AssignStmt assign => assign.Lhs.Any(l => Syntax.Unparen(l) is Ident target && ReferenceEquals(info.ObjectOf(target), variable)),
            UnaryExpr { Op: Token.And, X: Ident addressed } => ReferenceEquals(info.ObjectOf(addressed), variable),
            _ => false,
        });
    }

    // A literal called where it is written, or started there with `go`: it runs once each time that line does.
    private static bool IsCalledAtOnce(LintFile file, FuncLit literal) => file.Index.Parent(literal) is CallExpr call && ReferenceEquals(call.Fun, literal);
}
