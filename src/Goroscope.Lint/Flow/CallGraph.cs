using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>
/// The package's functions and what each call reaches. <see cref="Callee"/> follows a static call or a method of a
/// concrete type declared in the package (through the resolved types); <see cref="Targets"/> (CallGraph.Targets.cs)
/// also follows interface calls to the package's implementations and calls of function literals, and
/// <see cref="SitesIn"/> tells calls, `go` and `defer` apart. Calls into other packages reach nothing here.
/// </summary>
internal sealed partial class CallGraph
{
    private readonly Dictionary<FuncDecl, LintFile> declarations = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyList<LintFile> files;

    public CallGraph(TypeInfo info, IReadOnlyList<LintFile> files)
    {
        Info = info;
        this.files = files;
        foreach (var file in files)
            foreach (var decl in file.Syntax.Decls.OfType<FuncDecl>())
                if (decl.Body is not null)
                    declarations[decl] = file;
    }

    public TypeInfo Info { get; }

    /// <summary>Every function declared in the package with a body, and its file.</summary>
    public IEnumerable<KeyValuePair<FuncDecl, LintFile>> Functions => declarations;

    public LintFile FileOf(FuncDecl decl) => declarations[decl];

    /// <summary>The function of this package a call reaches, or null.</summary>
    public FuncDecl? Callee(CallExpr call) =>
        Info.Callee(call) is { Decl: { } decl } && declarations.ContainsKey(decl) ? decl : null;

    /// <summary>The calls a function body makes on its own goroutine before it returns, in source order: not those in `go` or `defer` statements or function literals.</summary>
    public static IEnumerable<CallExpr> CallsIn(Node body)
    {
        var calls = new List<CallExpr>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit or GoStmt or DeferStmt)
                return false;
            if (n is CallExpr call)
                calls.Add(call);
            return true;
        });
        return calls.OrderBy(c => c.Pos);
    }
}
