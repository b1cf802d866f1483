using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>
/// http.Client{} without a Timeout, or the default client used inside an HTTP handler, for a request nothing can end: one
/// that carries no context, made outside the package's tests.
/// </summary>
internal static class ClientWithoutTimeout
{
    private static readonly string[] Requests = ["Get", "Head", "Post", "PostForm", "Do"];

    public static Analyzer Rule { get; } = new()
    {
        Id = "client-without-timeout",
        Title = "HTTP client without a timeout",
        Doc = "An http.Client without a Timeout (or a Transport of its own, whose timeouts are taken to be configured), like net/http's default client, waits forever for a server that accepts the connection and never answers, unless the request carries a context that ends it. Inside an HTTP handler every such request pins the handler's goroutine, its connection and the upstream connection for good. Not reported in tests, whose clients talk to their own test servers.",
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        // A test's client talks to the test's own server, and `go test -timeout` ends a test that hangs.
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "net/http") && !f.Path.EndsWith("_test.go", StringComparison.Ordinal)))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                switch (node)
                {
                    case CompositeLit { Type: { } type } lit when Syntax.IsQualified(file, type, "net/http", "Client")
                        && !lit.Elts.Any(e => e is KeyValueExpr { Key: Ident { Name: "Timeout" or "Transport" } })
                        && !ConfiguredElsewhere(file, lit) && !IsNilFallback(file, lit) && !OnlyRequestsWithContext(file, lit):
                        pass.Report(file, lit.Pos, lit.Lbrace + 1,
                            "this http.Client has no Timeout: a server that accepts the connection and never answers blocks the request, and the goroutine making it, forever",
                            "set Timeout (http.Client{Timeout: 10 * time.Second}), or give every request a context with a deadline");
                        break;
                    case CallExpr call when (Syntax.IsCallTo(file, call, "net/http", "Get", "Head", "Post", "PostForm")
                        || call.Fun is SelectorExpr sel && Syntax.IsQualified(file, sel.X, "net/http", "DefaultClient")) && InHandler(file, call)
                        && !CarriesContext(file, call):
                        pass.Report(file, call.Fun,
                            $"{file.SourceOf(call.Fun)} uses net/http's default client, which has no timeout, from server code: a slow upstream pins the handler's goroutine forever",
                            "use a package-level &http.Client{Timeout: ...}, or build the request with http.NewRequestWithContext and the handler's r.Context()");
                        break;
                }
                return true;
            });
        }
    }

    // What holds the literal: `c := &http.Client{}`, `var c = http.Client{}`, `s.client = &http.Client{}`.
    private static Node? HolderOf(LintFile file, CompositeLit lit) =>
        file.Index.Parent(lit) is UnaryExpr u ? file.Index.Parent(u) : file.Index.Parent(lit);

    private static Expr? TargetOf(Node? holder) => holder switch
    {
        AssignStmt { Lhs: [var target], Rhs.Count: 1 } => target,
        ValueSpec { Names: [var name], Values.Count: 1 } => name,
        _ => null,
    };

    // A field value or an argument (configured by whoever receives it), or a holder whose Timeout or Transport is set
    // after it: `c := &http.Client{}; c.Timeout = d`, `s.client = &http.Client{}; …; s.client.Transport = tr`.
    private static bool ConfiguredElsewhere(LintFile file, CompositeLit lit)
    {
        var holder = HolderOf(file, lit);
        if (TargetOf(holder) is not { } target || Syntax.OperandKey(target) is not { } key)
            return holder is not (AssignStmt or ValueSpec or ReturnStmt or ExprStmt);
        var scope = (Node?)file.Index.EnclosingFunction(lit) ?? file.Syntax;
        return Syntax.BodyNodes<AssignStmt>(scope).Any(a => a.Pos > lit.End && a.Lhs.Any(l =>
            Syntax.Unparen(l) is SelectorExpr { Sel.Name: "Timeout" or "Transport" } set && Syntax.OperandKey(set.X) == key));
    }

    // `if c == nil { c = &http.Client{} }`: the caller who passed no client asked for net/http's default, and the
    // requests are the caller's.
    private static bool IsNilFallback(LintFile file, CompositeLit lit)
    {
        var holder = HolderOf(file, lit);
        return holder is AssignStmt && TargetOf(holder) is { } target && Syntax.OperandKey(target) is { } key
            && file.Index.Parent(holder) is BlockStmt block
            && file.Index.Parent(block) is IfStmt { Cond: BinaryExpr { Op: Token.Eql, X: var checkedValue, Y: Ident { Name: "nil" } } } check
            && ReferenceEquals(check.Body, block) && Syntax.OperandKey(checkedValue) == key;
    }

    // A client in a local variable whose every request carries a context (`c.Do(req)` of a request made with one,
    // `ctxhttp.Do(ctx, c, req)`): the context, not a timeout, ends them. Any other use it may escape by counts as a
    // request without one.
    private static bool OnlyRequestsWithContext(LintFile file, CompositeLit lit)
    {
        if (TargetOf(HolderOf(file, lit)) is not Ident variable || file.Index.Declaration(variable) is not { } decl
            || file.Index.EnclosingFunction(decl) is null)
        {
            return false;
        }
        var requests = 0;
        foreach (var use in file.UsesOf(decl).Where(u => u.Pos > lit.End))
        {
            switch (Syntax.Classify(file, use))
            {
                case UseKind.MethodCall when file.Index.Parent(use) is SelectorExpr { Sel.Name: var method } sel && Requests.Contains(method):
                    if (!CarriesContext(file, (CallExpr)file.Index.Parent(sel)!))
                        return false;
                    requests++;
                    break;
                case UseKind.PassedToCall when file.Index.Parent(use) is CallExpr call
                    && Syntax.IsCallTo(file, call, "golang.org/x/net/context/ctxhttp", "Do", "Get", "Head", "Post", "PostForm"):
                    requests++;
                    break;
                case UseKind.Selected or UseKind.Written or UseKind.Other:
                    break; // configuring the client (c.Jar, c.CheckRedirect = f, *c = *other)
                default:
                    return false;
            }
        }
        return requests > 0;
    }

    // Do(req) where req is made with a context: http.NewRequestWithContext(…) or r.WithContext(ctx), inline or as the
    // last assignment to req before the call. Get/Head/Post/PostForm take none.
    private static bool CarriesContext(LintFile file, CallExpr call)
    {
        if (Syntax.Unparen(call.Fun) is not SelectorExpr { Sel.Name: "Do" } || call.Args is not [var arg])
            return false;
        if (Syntax.Unparen(arg) is CallExpr made)
            return MadeWithContext(file, made);
        if (Syntax.Unparen(arg) is not Ident request || file.Index.Declaration(request) is not { } decl
            || file.Index.EnclosingFunction(call) is not { } fn || Syntax.BodyOf(fn) is not { } body)
        {
            return false;
        }
        var last = Syntax.BodyNodes<AssignStmt>(body)
            .Where(a => a.End < call.Pos && a.Lhs.Any(l => l is Ident i && ReferenceEquals(file.Index.Declaration(i), decl)))
            .MaxBy(a => a.Pos);
        return last is { Rhs: [CallExpr assigned] } && MadeWithContext(file, assigned);
    }

    private static bool MadeWithContext(LintFile file, CallExpr call) =>
        Syntax.IsCallTo(file, call, "net/http", "NewRequestWithContext")
        || Syntax.Unparen(call.Fun) is SelectorExpr { Sel.Name: "WithContext" } && call.Args.Count == 1;

    // Server code: inside a function that takes an http.ResponseWriter (a handler, or a closure inside one).
    private static bool InHandler(LintFile file, Node call) =>
        file.Index.Ancestors(call).Any(a => (a switch { FuncDecl d => d.Type, FuncLit l => l.Type, _ => null }) is { } type
            && type.Params.List.Any(p => p.Type is not null && Syntax.IsQualified(file, p.Type, "net/http", "ResponseWriter")));
}
