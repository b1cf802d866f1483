using Goroscope.GoSyntax;

namespace Goroscope.Lint;

/// <summary>Questions about loops and the ends of blocks: can this one end, does it run a bounded number of times, can control fall off a body's end.</summary>
internal static class Loops
{
    /// <summary>
    /// Whether control can leave the loop: a condition, a return, a goto, a panic or exit, or a
    /// break that targets this loop (unlabelled and not inside a switch or select, or labelled with its label).
    /// </summary>
    /// <param name="rangeEnds">False when the loop ranges over a channel known never to be closed (a ticker's C).</param>
    /// <param name="byReturn">False to count only the ways on to the statement after the loop (a condition, a range that ends, a break, a goto), not returns and terminating calls.</param>
    public static bool CanExit(LintFile file, Stmt loop, bool rangeEnds = true, bool byReturn = true)
    {
        if (loop is ForStmt { Cond: not null } || loop is RangeStmt && rangeEnds)
            return true;
        var label = file.Index.Parent(loop) is LabeledStmt labeled ? labeled.Label.Name : null;
        var body = loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body;
        var exits = false;
        Syntax.InspectBody(body, node =>
        {
            switch (node)
            {
                case FuncLit:
                    return false;
                case ReturnStmt when byReturn:
                case BranchStmt { Tok: Token.Goto }:
                    exits = true;
                    break;
                case BranchStmt { Tok: Token.Break, Label: { } target } when target.Name == label:
                    exits = true;
                    break;
                case BranchStmt { Tok: Token.Break, Label: null } brk when ReferenceEquals(NearestBreakable(file, brk), loop):
                    exits = true;
                    break;
                case ExprStmt stmt when byReturn && Syntax.IsTerminating(file, stmt):
                    exits = true;
                    break;
                case ExprStmt { X: CallExpr call } when byReturn && Syntax.IsCallTo(file, call, "runtime", "Goexit"):
                    exits = true;
                    break;
            }
            return !exits;
        });
        return exits;
    }

    /// <summary>
    /// Whether control can run off the end of the statement list (a function body: the function returns there) — Go's
    /// terminating statements, with endless loops seen through <see cref="CanExit"/>. A range over
    /// <paramref name="neverClosed"/> (a ticker's C) never ends by itself.
    /// </summary>
    public static bool CanFallOffEnd(LintFile file, IReadOnlyList<Stmt> list, Func<Expr, bool>? neverClosed = null) =>
        list.Count == 0 || !Terminates(file, list[^1], neverClosed ?? (_ => false));

    private static bool Terminates(LintFile file, Stmt stmt, Func<Expr, bool> neverClosed) => stmt switch
    {
        _ when Syntax.IsTerminating(file, stmt) => true,
        BlockStmt block => block.List.Count > 0 && Terminates(file, block.List[^1], neverClosed),
        LabeledStmt labeled => Terminates(file, labeled.Stmt, neverClosed),
        IfStmt { Else: { } otherwise } ifStmt => Terminates(file, ifStmt.Body, neverClosed) && Terminates(file, otherwise, neverClosed),
        ForStmt or RangeStmt => !CanExit(file, stmt, rangeEnds: stmt is not RangeStmt range || !neverClosed(range.X), byReturn: false),
        SelectStmt select => select.Body.List.OfType<CommClause>().All(c => c.Body.Count > 0 && Terminates(file, c.Body[^1], neverClosed)),
        SwitchStmt sw => AllCasesTerminate(file, sw.Body, neverClosed),
        TypeSwitchStmt sw => AllCasesTerminate(file, sw.Body, neverClosed),
        _ => false,
    };

    // A switch ends the function when it has a default and every case does (a `break` would have to be the last statement, which does not).
    private static bool AllCasesTerminate(LintFile file, BlockStmt body, Func<Expr, bool> neverClosed)
    {
        var clauses = body.List.OfType<CaseClause>().ToList();
        return clauses.Any(c => c.List.Count == 0) && clauses.All(c => c.Body.Count > 0 && Terminates(file, c.Body[^1], neverClosed));
    }

    /// <summary>A three-clause loop (`for i := 0; i &lt; n; i++`) or a range over anything not known to be a channel: it runs a bounded number of times.</summary>
    public static bool IsBounded(LintFile file, Stmt loop) => loop switch
    {
        ForStmt f => f.Init is not null && f.Cond is not null && f.Post is not null,
        RangeStmt r => !IsKnownChannel(file, r.X),
        _ => false,
    };

    /// <summary>An identifier declared with `make(chan ...)` or a `chan` type.</summary>
    public static bool IsKnownChannel(LintFile file, Expr expr)
    {
        if (Syntax.Unparen(expr) is not Ident id || file.Index.Declaration(id) is not { } decl)
            return false;
        if (Syntax.ChannelMadeFor(file, decl) is not null)
            return true;
        return file.Index.Parent(decl) switch
        {
            Field field => field.Type is ChanType,
            ValueSpec spec => spec.Type is ChanType,
            _ => false,
        };
    }

    public static Node? NearestBreakable(LintFile file, Node node) =>
        file.Index.Ancestors(node).FirstOrDefault(a => a is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt or FuncLit or FuncDecl);
}
