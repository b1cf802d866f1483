using Goroscope.GoSyntax;
using Goroscope.GoTypes;

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
        var wrappers = Wrappers.Where(pass, IsResponseWrapper);
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "net/http") || !wrappers.IsEmpty))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is AssignStmt { Lhs.Count: 2, Rhs.Count: 1 } assign && Syntax.Unparen(assign.Rhs[0]) is CallExpr call
                    && OwnerOf(file, assign) is { } fn && Syntax.BodyOf(fn) is { } body)
                {
                    if (IsClientRequest(file, call) && !IsHeadRequest(file, body, call))
                        Check(pass, file, body, assign, call, []);
                    else if (wrappers.Called(pass, file, call, t => Types.IsNamedOrPointerTo(t, "net/http", "Response")) is { } wrapper)
                        Check(pass, file, body, assign, call, [(wrappers.FileOf(wrapper), wrapper, "returns the response of a request with its body open")]);
                }
                return true;
            });
        }
    }

    // The function whose paths decide the response's fate: the one the assignment is in, or, when a function literal
    // assigns it to a variable of an enclosing function (`err = retry(func() error { res, err = c.Do(req); … })`), that
    // enclosing function: the literal hands the response on to it.
    private static Node? OwnerOf(LintFile file, AssignStmt assign)
    {
        var fn = file.Index.EnclosingFunction(assign);
        if (assign.Lhs[0] is not Ident response || file.Index.Declaration(response) is not { } decl)
            return fn;
        while (fn is FuncLit && !Syntax.Within(decl, fn) && file.Index.EnclosingFunction(fn) is { } outer)
            fn = outer;
        return fn;
    }

    // http.Get(...), or a request on http.DefaultClient or on a local client made or declared as an http.Client. (A client
    // in a field, known by its type, is left out: net/http's own tests alone gave 88 such findings, many of them HEAD
    // requests or bodies the test server ends, too many to call true at the bar.)
    private static bool IsClientRequest(LintFile file, CallExpr call)
    {
        if (Syntax.IsCallTo(file, call, "net/http", "Get", "Head", "Post", "PostForm"))
            return true;
        if (Syntax.Unparen(call.Fun) is not SelectorExpr { Sel.Name: var method } sel || !Requests.Contains(method))
            return false;
        return Syntax.IsQualified(file, sel.X, "net/http", "DefaultClient") || Syntax.Unparen(sel.X) is Ident client && IsHttpClient(file, client);
    }

    // A HEAD response has no body to leave open: net/http puts the connection back in the pool as soon as the headers
    // are read. Head(url), or Do(req) where the last assignment to req before it is a NewRequest with method HEAD (tests
    // reuse one `req` for a HEAD, then a GET, then a PUT).
    private static bool IsHeadRequest(LintFile file, BlockStmt body, CallExpr call)
    {
        if (Syntax.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Head" })
            return true;
        if (call.Args is not [Ident request] || file.Index.Declaration(request) is not { } decl)
            return false;
        var last = Syntax.BodyNodes<AssignStmt>(body)
            .Where(a => a.End < call.Pos && a.Lhs.Any(l => l is Ident i && ReferenceEquals(file.Index.Declaration(i), decl)))
            .MaxBy(a => a.Pos);
        return last is { Rhs: [CallExpr made] } && MethodOf(file, made) is { } method
            && (Syntax.IsQualified(file, method, "net/http", "MethodHead") || method is BasicLit { Value: "\"HEAD\"" });
    }

    private static Expr? MethodOf(LintFile file, CallExpr call) =>
        Syntax.IsCallTo(file, call, "net/http", "NewRequest") && call.Args.Count == 3 ? call.Args[0]
        : Syntax.IsCallTo(file, call, "net/http", "NewRequestWithContext") && call.Args.Count == 4 ? call.Args[1]
        : null;

    // func (c *api) get(path string) (*http.Response, error) that returns the response of a request made in it, and
    // does not defer closing its body: the caller owns the body.
    private static bool IsResponseWrapper(FuncDecl decl, LintFile file)
    {
        if (decl.Type.Results is not { List: [var first, var second] } || first.Names.Count > 1 || second.Names.Count > 1
            || first.Type is not StarExpr { X: var response } || !Syntax.IsQualified(file, response, "net/http", "Response")
            || second.Type is not Ident { Name: "error" } || !Pass.Imports(file, "net/http"))
        {
            return false;
        }
        var returned = new List<Expr>();
        foreach (var ret in Syntax.BodyNodes<ReturnStmt>(decl.Body!))
        {
            if (ret.Results is [CallExpr direct] && IsRequestCall(file, direct))
                return true;
            if (ret.Results.Count == 2)
                returned.Add(Syntax.Unparen(ret.Results[0]));
        }
        foreach (var assign in Syntax.BodyNodes<AssignStmt>(decl.Body!))
        {
            if (assign is { Lhs: [Ident resp, _], Rhs: [CallExpr call] } && IsRequestCall(file, call) && file.Index.Declaration(resp) is { } declaration
                && returned.Any(r => r is Ident id && ReferenceEquals(file.Index.Declaration(id), declaration))
                && !Syntax.BodyNodes<DeferStmt>(decl.Body!).Any(d => file.SourceOf(d.Call.Fun) == resp.Name + ".Body.Close"))
            {
                return true;
            }
        }
        return false;
    }

    // A request as the syntax shows it (the types are not asked while wrappers are looked for).
    private static bool IsRequestCall(LintFile file, CallExpr call) =>
        Syntax.IsCallTo(file, call, "net/http", "Get", "Head", "Post", "PostForm")
        || Syntax.Unparen(call.Fun) is SelectorExpr { Sel.Name: var method } && Requests.Contains(method);

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

    private static void Check(Pass pass, LintFile file, BlockStmt body, AssignStmt assign, CallExpr call, IReadOnlyList<(LintFile File, Node Node, string Message)> related)
    {
        var request = file.SourceOf(call.Fun);
        if (assign.Lhs[0] is not Ident response)
            return;
        if (response.Name == "_")
        {
            pass.Report(file, call,
                $"the response of {request} is discarded, so its Body is never closed: the connection and the transport's goroutines for it leak",
                "keep the response and defer resp.Body.Close() after checking the error", related);
            return;
        }
        if (file.Index.Declaration(response) is not { } decl)
            return;
        var handOffs = file.UsesOf(decl).Where(u => u.Pos > assign.End && HandsOff(file, u)).ToList();
        if (handOffs.Count == 0)
        {
            pass.Report(file, call,
                $"`{response.Name}.Body` from {request} is never closed: the connection cannot be reused and the transport's goroutines for it leak",
                $"defer {response.Name}.Body.Close() right after the error check", related);
            return;
        }
        var first = handOffs.Min(u => u.Pos);
        var errName = assign.Lhs[1] is Ident e ? e.Name : null;
        var scope = ScopeIn(file, body, assign);
        var early = Syntax.BodyNodes<ReturnStmt>(body).FirstOrDefault(r => r.Pos > assign.End && r.Pos < first && Syntax.Within(r, scope) && !OnErrorPath(file, r, errName) && !handOffs.Any(u => Syntax.Within(u, r)));
        if (early is not null)
        {
            pass.Report(file, call,
                $"`{response.Name}.Body` from {request} is not closed on every path: the return on line {Pass.LineOf(file, early)} leaves it open, leaking the connection",
                $"defer {response.Name}.Body.Close() right after the error check, before any other return", related);
        }
    }

    // The statements after the assignment that may still see the response: the block (or case, or if) holding it, or, for
    // an assignment inside a function literal of the body, the block holding the statement the literal is in.
    private static Node ScopeIn(LintFile file, BlockStmt body, AssignStmt assign)
    {
        if (ReferenceEquals(file.Index.EnclosingFunction(assign), file.Index.Parent(body)))
            return file.Index.Parent(assign)!;
        var literal = file.Index.Ancestors(assign).OfType<FuncLit>().Last(l => Syntax.Within(l, body));
        return file.Index.Ancestors(literal).First(a => a is BlockStmt or CaseClause or CommClause);
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

    // `if err != nil { return ... }` right after the request, or `case err != nil:` of a tagless switch, its twin: the
    // response is nil there.
    private static bool OnErrorPath(LintFile file, ReturnStmt ret, string? errName) =>
        errName is not null && file.Index.Ancestors(ret).Any(a => a switch
        {
            IfStmt i => IsErrorCheck(i.Cond, errName),
            CaseClause c => c.List.Any(e => IsErrorCheck(e, errName)) && file.Index.Parent(c) is BlockStmt clauses && file.Index.Parent(clauses) is SwitchStmt { Tag: null },
            _ => false,
        });

    private static bool IsErrorCheck(Expr cond, string errName) =>
        Syntax.Unparen(cond) is BinaryExpr { Op: Token.Neq, X: Ident { Name: var n }, Y: Ident { Name: "nil" } } && n == errName;
}
