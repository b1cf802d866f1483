using Goroscope.GoSyntax;

namespace Goroscope.Lint;

/// <summary>A `make(chan T)` or `make(chan T, n)` call; <see cref="Capacity"/> is null when unbuffered.</summary>
internal sealed record ChannelMake(CallExpr Call, Expr? Capacity)
{
    /// <summary>True when the channel has no buffer: no capacity, or a literal 0.</summary>
    public bool IsUnbuffered => Capacity is null || Capacity is BasicLit { Kind: Token.Int, Value: "0" };
}

/// <summary>What a use of a variable does with it, read from the use's parent node.</summary>
internal enum UseKind
{
    /// <summary>v(...): the variable is called (a func value such as a cancel func).</summary>
    Called,
    /// <summary>v.M(...): a method is called on it.</summary>
    MethodCall,
    /// <summary>v.F: a field or method value is read.</summary>
    Selected,
    /// <summary>f(v): passed to a call (close(v) included).</summary>
    PassedToCall,
    /// <summary>return v.</summary>
    Returned,
    /// <summary>x = v, T{v}, &amp;v, ch &lt;- v, or any other place it is copied to.</summary>
    CopiedAway,
    /// <summary>v = x: the variable is written.</summary>
    Written,
    /// <summary>Anything else: compared, ranged over, received from, sent on.</summary>
    Other,
}

/// <summary>Small questions about syntax that several rules ask.</summary>
internal static class Syntax
{
    public static Expr Unparen(Expr e)
    {
        while (e is ParenExpr p)
            e = p.X;
        return e;
    }

    /// <summary>Whether <paramref name="call"/> is pkg.Name(...) for the package imported from <paramref name="importPath"/>, not shadowed by a local.</summary>
    public static bool IsCallTo(LintFile file, CallExpr call, string importPath, params ReadOnlySpan<string> names) =>
        IsQualified(file, Unparen(call.Fun), importPath, names);

    /// <summary>Whether the expression is pkg.Name for one of the names, pkg being the import of <paramref name="importPath"/>.</summary>
    public static bool IsQualified(LintFile file, Expr expr, string importPath, params ReadOnlySpan<string> names)
    {
        if (expr is not SelectorExpr { X: Ident pkg, Sel: var sel })
            return false;
        if (!names.Contains(sel.Name) || file.ImportName(importPath) != pkg.Name)
            return false;
        return file.Index.Declaration(pkg) is null;
    }

    /// <summary>Whether <paramref name="call"/> calls the predeclared function <paramref name="name"/> (close, make, panic...).</summary>
    public static bool IsBuiltinCall(LintFile file, CallExpr call, string name) =>
        Unparen(call.Fun) is Ident id && id.Name == name && file.Index.Declaration(id) is null;

    public static ChannelMake? AsChannelMake(LintFile file, Expr? expr) =>
        expr is not null && Unparen(expr) is CallExpr call && IsBuiltinCall(file, call, "make") && call.Args.Count > 0 && Unparen(call.Args[0]) is ChanType
            ? new ChannelMake(call, call.Args.Count > 1 ? call.Args[1] : null)
            : null;

    /// <summary>The channel a select case receives from: `<-ch`, `v := <-ch`, `v, ok = <-ch`; null for a send or default.</summary>
    public static Expr? ReceivedFrom(CommClause clause) => clause.Comm switch
    {
        ExprStmt { X: UnaryExpr { Op: Token.Arrow } receive } => receive.X,
        AssignStmt { Rhs: [UnaryExpr { Op: Token.Arrow } receive] } => receive.X,
        _ => null,
    };

    /// <summary>The value a declaring identifier is initialised with in `x := v`, `var x = v` or `x, y := a, b`; null when not one-to-one.</summary>
    public static Expr? InitialValue(LintFile file, Ident declaration)
    {
        switch (file.Index.Parent(declaration))
        {
            case AssignStmt assign when assign.Lhs.Count == assign.Rhs.Count:
                for (var i = 0; i < assign.Lhs.Count; i++)
                    if (ReferenceEquals(assign.Lhs[i], declaration))
                        return assign.Rhs[i];
                return null;
            case ValueSpec spec when spec.Names.Count == spec.Values.Count:
                for (var i = 0; i < spec.Names.Count; i++)
                    if (ReferenceEquals(spec.Names[i], declaration))
                        return spec.Values[i];
                return null;
            default:
                return null;
        }
    }

    /// <summary>The channel made for a variable (`ch := make(chan T, n)`), or null when it was not made where declared.</summary>
    public static ChannelMake? ChannelMadeFor(LintFile file, Ident declaration) => AsChannelMake(file, InitialValue(file, declaration));

    /// <summary>What the use does with the variable, from its parent node.</summary>
    public static UseKind Classify(LintFile file, Ident use)
    {
        var parent = file.Index.Parent(use);
        while (parent is ParenExpr paren)
            parent = file.Index.Parent(paren);
        switch (parent)
        {
            case CallExpr call when ReferenceEquals(Unparen(call.Fun), use):
                return UseKind.Called;
            case CallExpr:
                return UseKind.PassedToCall;
            case SelectorExpr sel when ReferenceEquals(sel.X, use):
                return file.Index.Parent(sel) is CallExpr c && ReferenceEquals(c.Fun, sel) ? UseKind.MethodCall : UseKind.Selected;
            case ReturnStmt:
                return UseKind.Returned;
            case AssignStmt assign:
                return assign.Lhs.Any(l => ReferenceEquals(l, use)) ? UseKind.Written : IsDiscarded(assign, use) ? UseKind.Other : UseKind.CopiedAway;
            case ValueSpec spec:
                return spec.Names.Any(n => ReferenceEquals(n, use)) ? UseKind.Written : UseKind.CopiedAway;
            case CompositeLit or KeyValueExpr or UnaryExpr { Op: Token.And }:
                return UseKind.CopiedAway;
            case SendStmt send when ReferenceEquals(send.Value, use):
                return UseKind.CopiedAway;
            default:
                return UseKind.Other;
        }
    }

    // `_ = v` copies the value nowhere: it only quiets the compiler.
    private static bool IsDiscarded(AssignStmt assign, Ident use)
    {
        for (var i = 0; i < assign.Rhs.Count && assign.Lhs.Count == assign.Rhs.Count; i++)
            if (ReferenceEquals(assign.Rhs[i], use))
                return assign.Lhs[i] is Ident { Name: "_" };
        return false;
    }

    /// <summary>Walks a function body without entering nested function literals.</summary>
    public static void InspectBody(Node body, Func<Node, bool> visit) =>
        Walker.Inspect(body, n => n is FuncLit && !ReferenceEquals(n, body) ? false : visit(n));

    /// <summary>The nodes of a function body, not those of nested function literals.</summary>
    public static List<T> BodyNodes<T>(Node body)
        where T : Node
    {
        var found = new List<T>();
        InspectBody(body, n =>
        {
            if (n is T t)
                found.Add(t);
            return true;
        });
        return found;
    }

    /// <summary>The statement list that directly holds <paramref name="stmt"/> (a block or a case body), or null.</summary>
    public static IReadOnlyList<Stmt>? ContainingList(LintFile file, Stmt stmt) => file.Index.Parent(stmt) switch
    {
        BlockStmt block => block.List,
        CaseClause clause => clause.Body,
        CommClause clause => clause.Body,
        _ => null,
    };

    /// <summary>The body of a FuncDecl or FuncLit.</summary>
    public static BlockStmt? BodyOf(Node function) => function switch
    {
        FuncDecl decl => decl.Body,
        FuncLit lit => lit.Body,
        _ => null,
    };

    /// <summary>A stable textual key for simple operands: "wg", "s.wg", "(*s).wg" → "s.wg".</summary>
    public static string? OperandKey(Expr expr) => Unparen(expr) switch
    {
        Ident id => id.Name,
        SelectorExpr sel when OperandKey(sel.X) is { } x => x + "." + sel.Sel.Name,
        StarExpr star => OperandKey(star.X),
        UnaryExpr { Op: Token.And } addr => OperandKey(addr.X),
        _ => null,
    };

    /// <summary>The last name of an operand key: "s.wg" → "wg".</summary>
    public static string LastName(string key) => key[(key.LastIndexOf('.') + 1)..];

    /// <summary>Whether a declaring identifier declares a package-level name (only those resolve across files).</summary>
    public static bool IsPackageLevel(LintFile file, Ident declaration) =>
        file.Index.Parent(declaration) is not { } parent || parent is ValueSpec or TypeSpec or FuncDecl && file.Index.EnclosingFunction(parent) is null;

    /// <summary>Whether <paramref name="node"/> lies within <paramref name="outer"/> by position.</summary>
    public static bool Within(Node node, Node outer) => node.Pos >= outer.Pos && node.End <= outer.End;

    /// <summary>Whether the statement ends the function or the program: return, panic, os.Exit, log.Fatal, t.Fatal, t.Skip.</summary>
    public static bool IsTerminating(LintFile file, Stmt stmt) => stmt switch
    {
        ReturnStmt => true,
        ExprStmt { X: CallExpr call } => IsBuiltinCall(file, call, "panic") || IsCallTo(file, call, "os", "Exit")
            || IsCallTo(file, call, "log", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln")
            || call.Fun is SelectorExpr { Sel.Name: "Fatal" or "Fatalf" or "FailNow" or "Skip" or "Skipf" or "SkipNow" }, // testing.T/B and loggers: they do not come back
        BlockStmt block => block.List.Count > 0 && IsTerminating(file, block.List[^1]),
        _ => false,
    };
}
