using System.Collections.Concurrent;
using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint;

/// <summary>
/// Resolves linted packages' types on demand: the go command's configuration is discovered once, and one
/// <see cref="Workspace"/> per module (or for all GOPATH code) shares the imported packages between them. Only the
/// files of a package that are in the build (file-name suffixes, build constraints, the environment's tags) are resolved.
/// </summary>
public sealed class TypeResolution
{
    private readonly Lazy<GoEnvironment> environment;
    private readonly Lazy<BuildContext> build;
    private readonly ConcurrentDictionary<string, Lazy<Workspace>> workspaces = new(StringComparer.Ordinal);
    private readonly Lazy<ImportResolver> probe;
    private readonly ConcurrentDictionary<string, SourceFile> parsed = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, SourceFile>> parsedByCanonicalPath;

    /// <param name="environment">The build configuration; by default what the go command on PATH (or /opt/go/1.27) reports, with no extra build tags.</param>
    public TypeResolution(Func<GoEnvironment>? environment = null)
    {
        this.environment = new Lazy<GoEnvironment>(environment ?? (() => GoEnvironment.Discover()), LazyThreadSafetyMode.ExecutionAndPublication);
        build = new Lazy<BuildContext>(() => new BuildContext(this.environment.Value), LazyThreadSafetyMode.ExecutionAndPublication);
        probe = new Lazy<ImportResolver>(() => new ImportResolver(this.environment.Value), LazyThreadSafetyMode.ExecutionAndPublication);
        // Keyed as the workspaces spell paths: GOROOT by the name the go command gives it (/opt/go/1.27 may be a link).
        parsedByCanonicalPath = new Lazy<IReadOnlyDictionary<string, SourceFile>>(() => parsed
            .GroupBy(f => Path.GetDirectoryName(f.Key)!, StringComparer.Ordinal)
            .SelectMany(dir => dir.Select(f => (Directory: probe.Value.Canonical(dir.Key), File: f)).Select(d => KeyValuePair.Create(Path.Combine(d.Directory, Path.GetFileName(d.File.Key)), d.File.Value)))
            .ToDictionary(StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Which files are in the build: GOOS/GOARCH, build constraints, cgo and the tags of the configuration.</summary>
    public BuildContext Build => build.Value;

    /// <summary>
    /// Records a file lint parsed (generated ones too), so that a package importing it uses that tree rather than
    /// reading and parsing it again, and a linted package whose files are the ones the build selects is resolved once.
    /// Files are recorded before the first <see cref="Resolve"/>.
    /// </summary>
    public void AddParsed(string path, SourceFile syntax) => parsed[Path.GetFullPath(path)] = syntax;

    /// <summary>Resolves the package's files as lint parsed them, every function body included.</summary>
    public TypeInfo Resolve(GoPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var directory = Path.GetFullPath(package.Directory.Length == 0 ? "." : package.Directory);
        var module = probe.Value.ModuleOf(directory);
        var workspace = workspaces.GetOrAdd(module?.Directory ?? "", _ => new Lazy<Workspace>(
            () => new Workspace(environment.Value, new WorkspaceOptions { Parsed = parsedByCanonicalPath.Value }, module), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        // One consistent set of files, as `go build` would pick (GOOS/GOARCH, //go:build, --tags): a file named on the
        // command line outside it keeps no types, so the rules treat its expressions as unknown.
        var files = package.Files
            .Where(f => workspace.Build.MatchesFileName(Path.GetFileName(f.Path), includeTests: true) && workspace.Build.MatchesConstraints(f.Syntax))
            .Select(f => (Path.GetFullPath(f.Path), f.Syntax))
            .ToList();
        return workspace.LoadFiles(directory, files).Info;
    }
}
