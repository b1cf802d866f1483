using Goroscope.GoSyntax;

namespace Goroscope.Lint;

/// <summary>Questions about loops: can this one end, and does it run a bounded number of times.</summary>
internal static class Loops
{
    /// <summary>
    /// Whether control can leave the loop: a condition, a return, a goto, a panic or exit, or a
    /// break that targets this loop (unlabelled and not inside a switch or select, or labelled with its label).
    /// </summary>
    /// <param name="rangeEnds">False when the loop ranges over a channel known never to be closed (a ticker's C).</param>
    public static bool CanExit(LintFile file, Stmt loop, bool rangeEnds = true)
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
                case ReturnStmt:
                case BranchStmt { Tok: Token.Goto }:
                    exits = true;
                    break;
                case BranchStmt { Tok: Token.Break, Label: { } target } when target.Name == label:
                    exits = true;
                    break;
                case BranchStmt { Tok: Token.Break, Label: null } brk when ReferenceEquals(NearestBreakable(file, brk), loop):
                    exits = true;
                    break;
                case ExprStmt stmt when Syntax.IsTerminating(file, stmt):
                    exits = true;
                    break;
                case ExprStmt { X: CallExpr call } when Syntax.IsCallTo(file, call, "runtime", "Goexit"):
                    exits = true;
                    break;
            }
            return !exits;
        });
        return exits;
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
