using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint;

/// <summary>One parsed file of a package, with the lookups rules share.</summary>
public sealed class LintFile
{
    private readonly Lazy<PackageScope> packageScope;
    private SyntaxIndex? index;
    private Dictionary<Ident, List<Ident>>? uses;
    private Dictionary<string, string>? importNames;

    /// <param name="packageScope">The package's top-level names, shared by all its files and built on first use.</param>
    public LintFile(string path, SourceFile syntax, Lazy<PackageScope> packageScope)
    {
        Path = path;
        Syntax = syntax;
        this.packageScope = packageScope;
    }

    /// <summary>The path as given or found; what diagnostics print.</summary>
    public string Path { get; }

    public SourceFile Syntax { get; }

    public FileText Text => Syntax.Text;

    /// <summary>Parents and identifier resolution, built on first use by the one thread analysing the package.</summary>
    public SyntaxIndex Index => index ??= new SyntaxIndex(Syntax, packageScope.Value);

    /// <summary>Identifiers in this file that refer to <paramref name="declaration"/>, the declaration itself left out.</summary>
    public IReadOnlyList<Ident> UsesOf(Ident declaration)
    {
        if (uses is null)
        {
            uses = new Dictionary<Ident, List<Ident>>(ReferenceEqualityComparer.Instance);
            Walker.Inspect(Syntax, node =>
            {
                if (node is Ident id && Index.Declaration(id) is { } decl && !ReferenceEquals(decl, id))
                {
                    if (!uses.TryGetValue(decl, out var list))
                    {
                        uses[decl] = list = [];
                    }
                    list.Add(id);
                }
                return true;
            });
        }
        return uses.TryGetValue(declaration, out var found) ? found : [];
    }

    /// <summary>The name this file gives the package imported from <paramref name="importPath"/>, or null when it does not import it.</summary>
    public string? ImportName(string importPath)
    {
        if (importNames is null)
        {
            importNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var spec in Syntax.Imports)
            {
                var path = spec.Path.Value.Trim('"', '`');
                importNames[path] = spec.Name?.Name ?? DefaultName(path);
            }
        }
        return importNames.GetValueOrDefault(importPath);
    }

    /// <summary>Drops the index and the uses built from it once the package is analysed: they are rebuilt if asked for again.</summary>
    internal void ReleaseIndex()
    {
        index = null;
        uses = null;
    }

    public LineColumn LineColumnOf(int offset)
    {
        var p = Text.RawPosition(offset);
        return new LineColumn(p.Line, p.Column);
    }

    /// <summary>The text of line <paramref name="line"/> (1-based) without its line break.</summary>
    public string LineText(int line)
    {
        var starts = Text.Lines;
        if (line < 1 || line > starts.Length)
        {
            return "";
        }
        var start = starts[line - 1];
        var end = line < starts.Length ? starts[line] : Text.Size;
        return Text.Text(start, end).TrimEnd('\n', '\r');
    }

    /// <summary>The source text of a node, e.g. "s.wg" for a selector.</summary>
    public string SourceOf(Node node) => Text.Text(node.Pos, node.End);

    // "math/rand/v2" is imported as "rand", "gopkg.in/yaml.v3" as "yaml" would need the package clause; the last element is close enough for the packages rules ask about.
    private static string DefaultName(string path)
    {
        var parts = path.Split('/');
        var last = parts[^1];
        return parts.Length > 1 && last.Length > 1 && last[0] == 'v' && last[1..].All(char.IsAsciiDigit) ? parts[^2] : last;
    }
}

/// <summary>The files of one directory that share a package clause, and the Go version they are built for.</summary>
public sealed class GoPackage
{
    private Lazy<TypeInfo>? types;
    private bool? typedFully;

    /// <param name="types">Resolves the package's types the first time a rule asks; null leaves them unknown.</param>
    public GoPackage(string directory, string name, IReadOnlyList<LintFile> files, int? goMinor, TypeResolution? types = null)
    {
        Directory = directory;
        Name = name;
        Files = files;
        GoMinor = goMinor;
        if (types is not null)
        {
            this.types = new Lazy<TypeInfo>(() => types.Resolve(this), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    /// <summary>The types of the package's expressions, resolved on first use (imports loaded as `go` would); null when type resolution is off or the analysis was released.</summary>
    public TypeInfo? Types => types?.Value;

    /// <summary>Whether a rule asked for the package's types, so that they were resolved.</summary>
    public bool TypesResolved => typedFully is not null || types is { IsValueCreated: true };

    /// <summary>Whether the resolved types knew every expression's type; false when they were not resolved.</summary>
    public bool TypesResolvedFully => typedFully ?? (types is { IsValueCreated: true } resolved && resolved.Value.IsFullyResolved);

    /// <summary>
    /// Frees what analysing the package built — its resolved types and each file's index — keeping only whether the types
    /// were fully known: a run then holds the types of the packages being analysed, not of every package analysed so far.
    /// </summary>
    internal void ReleaseAnalysis()
    {
        if (types is { IsValueCreated: true } resolved)
        {
            typedFully = resolved.Value.IsFullyResolved;
            resolved.Value.Release();
        }
        types = null;
        foreach (var file in Files)
            file.ReleaseIndex();
    }

    public string Directory { get; }

    public string Name { get; }

    public IReadOnlyList<LintFile> Files { get; }

    /// <summary>The minor version of the `go` line of the nearest go.mod (27 for "go 1.27"), or the --go override; null when unknown.</summary>
    public int? GoMinor { get; }

    /// <summary>Since Go 1.23 unreferenced timers and tickers are collected even when never stopped.</summary>
    public bool HasCollectableTimers => GoMinor >= 23;
}
