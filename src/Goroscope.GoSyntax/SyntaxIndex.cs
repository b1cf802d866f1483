namespace Goroscope.GoSyntax;

/// <summary>
/// Facts about one parsed file that lint rules ask for: each node's parent, the function and
/// loop enclosing a node, and the declaration an identifier refers to (in the file or in the
/// package scope given by the package's other files).
/// </summary>
public sealed class SyntaxIndex
{
    private readonly Dictionary<Node, Node> parents = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Ident, Ident> declarations;

    /// <param name="packageFiles">All files of the package (this one included or not); their top-level declarations form the package scope.</param>
    public SyntaxIndex(SourceFile file, IEnumerable<SourceFile>? packageFiles = null)
        : this(file, new PackageScope((packageFiles ?? []).Append(file).Distinct(ReferenceEqualityComparer.Instance).Cast<SourceFile>()))
    {
    }

    /// <param name="packageScope">The package's top-level names, built once and shared by the indexes of all its files (which it must include).</param>
    public SyntaxIndex(SourceFile file, PackageScope packageScope)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(packageScope);
        File = file;
        IndexParents(file);
        declarations = new Resolver(packageScope.Names).Resolve(file);
    }

    public SourceFile File { get; }

    public Node? Parent(Node node) => parents.GetValueOrDefault(node);

    /// <summary>The parent, grandparent, ... up to the file.</summary>
    public IEnumerable<Node> Ancestors(Node node)
    {
        for (var p = Parent(node); p is not null; p = Parent(p))
        {
            yield return p;
        }
    }

    /// <summary>The innermost FuncDecl or FuncLit containing the node (not the node itself).</summary>
    public Node? EnclosingFunction(Node node) => Ancestors(node).FirstOrDefault(n => n is FuncDecl or FuncLit);

    /// <summary>The innermost ForStmt or RangeStmt containing the node within its function, or null.</summary>
    public Stmt? EnclosingLoop(Node node)
    {
        foreach (var ancestor in Ancestors(node))
        {
            switch (ancestor)
            {
                case ForStmt or RangeStmt:
                    return (Stmt)ancestor;
                case FuncDecl or FuncLit:
                    return null;
            }
        }
        return null;
    }

    /// <summary>
    /// The identifier that declares what <paramref name="use"/> refers to, or null when it is
    /// predeclared, imported, a field or method selector, or unknown. A declaring identifier
    /// resolves to itself.
    /// </summary>
    public Ident? Declaration(Ident use) => declarations.GetValueOrDefault(use);

    private void IndexParents(Node root)
    {
        // One delegate for the whole walk, the parent kept beside it (a lambda per node would allocate per node).
        var parent = root;
        Action<Node>? visit = null;
        visit = child =>
        {
            parents[child] = parent;
            var saved = parent;
            parent = child;
            child.VisitChildren(visit!);
            parent = saved;
        };
        root.VisitChildren(visit);
    }
}

/// <summary>
/// The names declared at the top level of a package's files. Building it reads every file, so a
/// tool indexing each file of a large package builds it once and shares it; it is only read afterwards.
/// </summary>
public sealed class PackageScope
{
    public PackageScope(IEnumerable<SourceFile> packageFiles)
    {
        ArgumentNullException.ThrowIfNull(packageFiles);
        Names = Resolver.DeclarePackage(packageFiles);
    }

    internal Dictionary<string, Ident> Names { get; }
}
