using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

/// <summary>One file of a package: its path, tree, and the scope holding its imports.</summary>
public sealed class PackageFile
{
    internal PackageFile(string path, SourceFile syntax, Scope scope)
    {
        Path = path;
        Syntax = syntax;
        Scope = scope;
    }

    public string Path { get; }

    public SourceFile Syntax { get; }

    /// <summary>The file block: the names its imports give, inside the package scope.</summary>
    public Scope Scope { get; }
}

/// <summary>A loaded Go package: its files (after build constraints), its package-level scope, and for analysed packages the resolved types.</summary>
public sealed class Package
{
    private readonly List<PackageFile> files = [];

    internal Package(string path, string name, string directory)
    {
        Path = path;
        Name = name;
        Directory = directory;
        Scope = new Scope(Universe.Scope);
        Info = new TypeInfo(this);
    }

    internal static Package Predeclared(string path, string name) => new(path, name, "");

    /// <summary>The import path ("net/http", "example.com/m/internal/x"; "vendor/golang.org/x/…" inside GOROOT).</summary>
    public string Path { get; }

    /// <summary>The name in the package clause.</summary>
    public string Name { get; }

    public string Directory { get; }

    public IReadOnlyList<PackageFile> Files => files;

    public Scope Scope { get; }

    /// <summary>Types of expressions and objects of identifiers; filled for the whole package once its bodies are checked.</summary>
    public TypeInfo Info { get; }

    /// <summary>Imports that could not be found on disk (their members are unknown).</summary>
    public IReadOnlyCollection<string> MissingImports => Missing;

    internal HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

    internal void AddFile(PackageFile file) => files.Add(file);

    /// <summary>The object declared at package level with this name, or null.</summary>
    public GoObject? Lookup(string name) => Scope.LookupLocal(name);

    public override string ToString() => Path;
}
