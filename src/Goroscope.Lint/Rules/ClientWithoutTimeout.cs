using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>http.Client{} without a Timeout, or the default client used inside an HTTP handler.</summary>
internal static class ClientWithoutTimeout
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "client-without-timeout",
        Title = "HTTP client without a timeout",
        Doc = "An http.Client without a Timeout (or a Transport of its own, whose timeouts are taken to be configured), like net/http's default client, waits forever for a server that accepts the connection and never answers. Inside an HTTP handler every such request pins the handler's goroutine, its connection and the upstream connection for good.",
        EnabledByDefault = false, // below 90% true positives on the Go standard library: docs/lint-precision.md
        Run = Run,
    };

    private static void Run(Pass pass)
    {
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
                    case CallExpr call when (Syntax.IsCallTo(file, call, "net/http", "Get", "Head", "Post", "PostForm")
                        || call.Fun is SelectorExpr sel && Syntax.IsQualified(file, sel.X, "net/http", "DefaultClient")) && InHandler(file, call):
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

    // Server code: inside a function that takes an http.ResponseWriter (a handler, or a closure inside one).
    private static bool InHandler(LintFile file, Node call) =>
        file.Index.Ancestors(call).Any(a => (a switch { FuncDecl d => d.Type, FuncLit l => l.Type, _ => null }) is { } type
            && type.Params.List.Any(p => p.Type is not null && Syntax.IsQualified(file, p.Type, "net/http", "ResponseWriter")));
}
