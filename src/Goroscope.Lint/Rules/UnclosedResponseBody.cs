using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>An *http.Response from net/http's client whose Body is not closed on every path.</summary>
internal static class UnclosedResponseBody
{
    private static readonly string[] Requests = ["Get", "Head", "Post", "PostForm", "Do"];

    // Functions that read a body without closing it: handing the body to them is not handing it off.
    private static readonly (string Path, string Name)[] Readers =
    [
        ("io", "ReadAll"), ("io/ioutil", "ReadAll"), ("io", "Copy"), ("io", "CopyN"), ("io", "ReadFull"), ("io", "LimitReader"),
        ("encoding/json", "NewDecoder"), ("encoding/xml", "NewDecoder"), ("bufio", "NewReader"), ("bufio", "NewScanner"),
    ];

    public static Analyzer Rule { get; } = new()
    {
        Id = "unclosed-response-body",
        Title = "http.Response.Body not closed on every path",
        Doc = "Until a response body is closed, its connection cannot go back to the pool, and the transport's read and write goroutines for it stay blocked. Each unclosed body leaks a connection and two goroutines.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "net/http")))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is AssignStmt { Lhs.Count: 2, Rhs.Count: 1 } assign && Syntax.Unparen(assign.Rhs[0]) is CallExpr call && IsClientRequest(file, call)
                    && file.Index.EnclosingFunction(assign) is { } fn && Syntax.BodyOf(fn) is { } body)
                {
                    Check(pass, file, body, assign, call);
                }
                return true;
            });
        }
    }

    private static bool IsClientRequest(LintFile file, CallExpr call)
    {
        if (Syntax.IsCallTo(file, call, "net/http", "Get", "Head", "Post", "PostForm"))
            return true;
        if (Syntax.Unparen(call.Fun) is not SelectorExpr { Sel.Name: var method } sel || !Requests.Contains(method))
            return false;
        return Syntax.IsQualified(file, sel.X, "net/http", "DefaultClient") || Syntax.Unparen(sel.X) is Ident client && IsHttpClient(file, client);
    }

    // A variable made from http.Client{...} / &http.Client{...}, or declared as http.Client / *http.Client.
    private static bool IsHttpClient(LintFile file, Ident client)
    {
        if (file.Index.Declaration(client) is not { } decl)
            return false;
        var value = Syntax.InitialValue(file, decl);
        if (value is not null && Syntax.Unparen(value) is UnaryExpr { Op: Token.And, X: CompositeLit } or CompositeLit)
        {
            var composite = Syntax.Unparen(value) is UnaryExpr u ? (CompositeLit)u.X : (CompositeLit)Syntax.Unparen(value);
            return composite.Type is not null && Syntax.IsQualified(file, composite.Type, "net/http", "Client");
        }
        var type = file.Index.Parent(decl) switch { ValueSpec s => s.Type, Field f => f.Type, _ => null };
        return type is not null && Syntax.IsQualified(file, type is StarExpr star ? star.X : type, "net/http", "Client");
    }

    private static void Check(Pass pass, LintFile file, BlockStmt body, AssignStmt assign, CallExpr call)
    {
        var request = file.SourceOf(call.Fun);
        if (assign.Lhs[0] is not Ident response)
            return;
        if (response.Name == "_")
        {
            pass.Report(file, call,
                $"the response of {request} is discarded, so its Body is never closed: the connection and the transport's goroutines for it leak",
                "keep the response and defer resp.Body.Close() after checking the error");
            return;
        }
        if (file.Index.Declaration(response) is not { } decl)
            return;
        var handOffs = file.UsesOf(decl).Where(u => u.Pos > assign.End && HandsOff(file, u)).ToList();
        if (handOffs.Count == 0)
        {
            pass.Report(file, call,
                $"`{response.Name}.Body` from {request} is never closed: the connection cannot be reused and the transport's goroutines for it leak",
                $"defer {response.Name}.Body.Close() right after the error check");
            return;
        }
        var first = handOffs.Min(u => u.Pos);
        var errName = assign.Lhs[1] is Ident e ? e.Name : null;
        var scope = file.Index.Parent(assign)!;
        var early = Syntax.BodyNodes<ReturnStmt>(body).FirstOrDefault(r => r.Pos > assign.End && r.Pos < first && Syntax.Within(r, scope) && !OnErrorPath(file, r, errName) && !handOffs.Any(u => Syntax.Within(u, r)));
        if (early is not null)
        {
            pass.Report(file, call,
                $"`{response.Name}.Body` from {request} is not closed on every path: the return on line {Pass.LineOf(file, early)} leaves it open, leaking the connection",
                $"defer {response.Name}.Body.Close() right after the error check, before any other return");
        }
    }

    // resp.Body.Close(), or resp / resp.Body handed to something that may close it (not a plain reader).
    private static bool HandsOff(LintFile file, Ident use)
    {
        var how = Syntax.Classify(file, use);
        if (how is UseKind.PassedToCall or UseKind.Returned or UseKind.CopiedAway)
            return true;
        if (file.Index.Parent(use) is not SelectorExpr { Sel.Name: "Body" } body)
            return false;
        return file.Index.Parent(body) switch
        {
            SelectorExpr { Sel.Name: "Close" } => true,
            CallExpr c when !ReferenceEquals(c.Fun, body) => !Readers.Any(r => Syntax.IsCallTo(file, c, r.Path, r.Name)),
            AssignStmt or ValueSpec or CompositeLit or KeyValueExpr or ReturnStmt => true,
            _ => false,
        };
    }

    // `if err != nil { return ... }` right after the request: the response is nil there.
    private static bool OnErrorPath(LintFile file, ReturnStmt ret, string? errName) =>
        errName is not null && file.Index.Ancestors(ret).OfType<IfStmt>().Any(i => i.Cond is BinaryExpr { Op: Token.Neq, X: Ident { Name: var n }, Y: Ident { Name: "nil" } } && n == errName);
}
