using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>http.Client{} without a Timeout, or the default client used from server code.</summary>
public static class ClientWithoutTimeout
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "client-without-timeout",
        Title = "HTTP client without a timeout",
        Doc = "An http.Client without Timeout or a Transport of its own (whose timeouts are taken to be configured) (and net/http's default client, which has none) waits forever for a server that accepts the connection and never answers. In server code every such request pins the handler's goroutine, its connection and the client connection for good.",
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        var serves = IsServerCode(pass);
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "net/http")))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                switch (node)
                {
                    case CompositeLit { Type: { } type } lit when Syntax.IsQualified(file, type, "net/http", "Client")
                        && !lit.Elts.Any(e => e is KeyValueExpr { Key: Ident { Name: "Timeout" or "Transport" } }) && !TimeoutSetLater(file, lit):
                        pass.Report(file, lit.Pos, lit.Lbrace + 1,
                            "this http.Client has no Timeout: a server that accepts the connection and never answers blocks the request, and the goroutine making it, forever",
                            "set Timeout (http.Client{Timeout: 10 * time.Second}), or give every request a context with a deadline");
                        break;
                    case CallExpr call when serves && (Syntax.IsCallTo(file, call, "net/http", "Get", "Head", "Post", "PostForm")
                        || call.Fun is SelectorExpr sel && Syntax.IsQualified(file, sel.X, "net/http", "DefaultClient")):
                        pass.Report(file, call.Fun,
                            $"{file.SourceOf(call.Fun)} uses net/http's default client, which has no timeout, from server code: a slow upstream pins the handler's goroutine forever",
                            "use a package-level &http.Client{Timeout: ...}, or build the request with http.NewRequestWithContext and the handler's r.Context()");
                        break;
                }
                return true;
            });
        }
    }

    // c := &http.Client{}; c.Timeout = d
    private static bool TimeoutSetLater(LintFile file, CompositeLit lit)
    {
        var holder = file.Index.Parent(lit) is UnaryExpr u ? file.Index.Parent(u) : file.Index.Parent(lit);
        if (holder is not AssignStmt { Lhs.Count: 1 } assign || assign.Lhs[0] is not Ident v || file.Index.Declaration(v) is not { } decl)
            return holder is not (AssignStmt or ValueSpec or ReturnStmt or ExprStmt); // a field value or argument: configured elsewhere
        return file.UsesOf(decl).Any(use => file.Index.Parent(use) is SelectorExpr { Sel.Name: "Timeout" } sel && file.Index.Parent(sel) is AssignStmt a && a.Lhs.Contains(sel));
    }

    // The package serves HTTP: it has a ServeHTTP method or registers handlers.
    private static bool IsServerCode(Pass pass) =>
        pass.Files.Any(f => f.Syntax.Decls.OfType<FuncDecl>().Any(d => d.Recv is not null && d.Name.Name == "ServeHTTP"))
        || pass.Files.Where(f => Pass.Imports(f, "net/http")).Any(f => Walker.Descendants(f.Syntax).OfType<CallExpr>().Any(c => Syntax.IsCallTo(f, c, "net/http", "HandleFunc", "Handle", "ListenAndServe", "ListenAndServeTLS", "Serve")));
}
