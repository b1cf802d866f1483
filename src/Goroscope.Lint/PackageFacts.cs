using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint;

/// <summary>A goroutine started by <see cref="Go"/>; <see cref="Function"/> is the FuncLit or the package's FuncDecl it runs.</summary>
internal sealed record GoroutineBody(GoStmt Go, LintFile SpawnFile, Node Function, LintFile BodyFile);

/// <summary>
/// Facts about a package that rules share without full type checking, computed once per package
/// on first use: the goroutines it starts and what they run, the channels it closes, and its
/// functions and methods by name.
/// </summary>
internal sealed class PackageFacts
{
    private readonly GoPackage package;
    private List<GoroutineBody>? goroutines;
    private HashSet<Ident>? closedVariables;
    private HashSet<string>? closedFields;
    private Dictionary<string, List<(FuncDecl Decl, LintFile File)>>? functions;
    private LockSummaries? lockSummaries;
    private LockExits? lockExits;
    private SyncSummaries? syncSummaries;
    private ChannelIndex? channels;
    private Lazy<FieldChannels?>? fieldChannels;

    public PackageFacts(GoPackage package) => this.package = package;

    /// <summary>Every `go` statement whose body is a function literal or a function or method of this package (methods only when the name is unambiguous).</summary>
    public IReadOnlyList<GoroutineBody> Goroutines => goroutines ??= FindGoroutines();

    /// <summary>The call graph over the resolved types and each function's lock summary; null when type resolution is off.</summary>
    public LockSummaries? LockSummaries => lockSummaries ??= package.Types is { } info ? new LockSummaries(new CallGraph(info, package.Files)) : null;

    /// <summary>The locks each function still holds at each return, over the same call graph; null when type resolution is off.</summary>
    public LockExits? LockExits => lockExits ??= LockSummaries is { } summaries ? new LockExits(summaries.Graph) : null;

    /// <summary>Each function's WaitGroup and Cond operations, through its callees; null when type resolution is off.</summary>
    public SyncSummaries? SyncSummaries => syncSummaries ??= LockSummaries is { } summaries ? new SyncSummaries(summaries.Graph) : null;

    /// <summary>The package's channels and what it does with each, over the resolved types; null when type resolution is off.</summary>
    public ChannelIndex? Channels => channels ??= package.Types is { } info ? ChannelIndex.Build(info, package.Files, isLibrary: package.Name != "main") : null;

    /// <summary>The <see cref="Channels"/> index's view of the package's unexported channel fields, and the goroutines the types resolve; null when no struct of the package has an unexported channel field or type resolution is off.</summary>
    internal FieldChannels? FieldChannels => (fieldChannels ??= new Lazy<FieldChannels?>(() => FieldChannels.For(package, () => Channels), LazyThreadSafetyMode.None)).Value;

    /// <summary>Package-level FuncDecls and methods named <paramref name="name"/>.</summary>
    public IReadOnlyList<(FuncDecl Decl, LintFile File)> FunctionsNamed(string name)
    {
        if (functions is null)
        {
            functions = new Dictionary<string, List<(FuncDecl, LintFile)>>(StringComparer.Ordinal);
            foreach (var file in package.Files)
                foreach (var decl in file.Syntax.Decls.OfType<FuncDecl>())
                {
                    if (!functions.TryGetValue(decl.Name.Name, out var list))
                        functions[decl.Name.Name] = list = [];
                    list.Add((decl, file));
                }
        }
        return functions.TryGetValue(name, out var found) ? found : [];
    }

    /// <summary>Whether any `close(v)` in the package closes the variable (local or package-level) declared by <paramref name="declaration"/>.</summary>
    public bool IsClosed(Ident declaration)
    {
        if (closedVariables is null)
            FindCloses();
        return closedVariables!.Contains(declaration);
    }

    /// <summary>Whether any `close(x.name)` in the package closes a field called <paramref name="name"/>.</summary>
    public bool IsFieldClosed(string name)
    {
        if (closedFields is null)
            FindCloses();
        return closedFields!.Contains(name);
    }

    /// <summary>Every use of a package-level variable in all files, or of a local variable in its file.</summary>
    public IEnumerable<(Ident Use, LintFile File)> UsesOf(Ident declaration, LintFile declaringFile)
    {
        var files = Syntax.IsPackageLevel(declaringFile, declaration) ? package.Files : [declaringFile];
        foreach (var file in files)
            foreach (var use in file.UsesOf(declaration))
                yield return (use, file);
    }

    private void FindCloses()
    {
        closedVariables = new HashSet<Ident>(ReferenceEqualityComparer.Instance);
        closedFields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in package.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is CallExpr call && call.Args.Count == 1 && Syntax.IsBuiltinCall(file, call, "close"))
                {
                    switch (Syntax.Unparen(call.Args[0]))
                    {
                        case Ident id when file.Index.Declaration(id) is { } decl:
                            closedVariables.Add(decl);
                            break;
                        case SelectorExpr sel:
                            closedFields.Add(sel.Sel.Name);
                            break;
                    }
                }
                return true;
            });
        }
    }

    private List<GoroutineBody> FindGoroutines()
    {
        var found = new List<GoroutineBody>();
        foreach (var file in package.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is GoStmt go && Resolve(file, go.Call.Fun) is var (function, bodyFile))
                    found.Add(new GoroutineBody(go, file, function, bodyFile));
                return true;
            });
        }
        return found;
    }

    /// <summary>The function a call runs, when it is a literal or a function or uniquely named method of this package.</summary>
    public (Node Function, LintFile File)? Resolve(LintFile file, Expr fun)
    {
        switch (Syntax.Unparen(fun))
        {
            case FuncLit lit:
                return (lit, file);
            case Ident id when file.Index.Declaration(id) is { } decl:
                var named = FunctionsNamed(id.Name).Where(f => f.Decl.Recv is null && ReferenceEquals(f.Decl.Name, decl)).ToList();
                return named.Count == 1 && named[0].Decl.Body is not null ? (named[0].Decl, named[0].File) : null;
            case SelectorExpr { X: Ident receiver, Sel: var method } when file.Index.Declaration(receiver) is not null:
                var methods = FunctionsNamed(method.Name).Where(f => f.Decl.Recv is not null).ToList();
                return methods.Count == 1 && methods[0].Decl.Body is not null ? (methods[0].Decl, methods[0].File) : null;
            default:
                return null;
        }
    }
}
