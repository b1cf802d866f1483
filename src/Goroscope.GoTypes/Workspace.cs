using System.Collections.Concurrent;
using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

public sealed record WorkspaceOptions
{
    /// <summary>Also resolve the _test.go files of the packages analysed (in-package tests; external _test packages are left out).</summary>
    public bool IncludeTests { get; init; }

    /// <summary>Files parsed at once when loading a tree.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Files another tool already parsed, by full path (GOROOT spelled as the go command does): used as they are instead of being read and parsed again.</summary>
    public IReadOnlyDictionary<string, SourceFile>? Parsed { get; init; }
}

/// <summary>
/// Loads Go packages the way the go command sees them and resolves their types. Imports are loaded on first
/// use and cached, with only their package-level declarations resolved; the packages asked for get every
/// function body resolved too. Safe to use from several threads.
/// </summary>
public sealed class Workspace
{
    private readonly object loadLock = new();
    private readonly Dictionary<string, Package?> byDirectory = new(StringComparer.Ordinal);
    private readonly Dictionary<Package, Checker> checkers = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<Package, Lazy<bool>> checkedBodies = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, SourceFile?> parsed = new(StringComparer.Ordinal);
    private readonly ImportResolver resolver;

    public Workspace(GoEnvironment environment, WorkspaceOptions? options = null, GoModule? mainModule = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        Options = options ?? new WorkspaceOptions();
        Build = new BuildContext(environment);
        resolver = new ImportResolver(environment, mainModule);
    }

    public GoEnvironment Environment { get; }

    public WorkspaceOptions Options { get; }

    public BuildContext Build { get; }

    public ImportResolver Resolver => resolver;

    /// <summary>A workspace for the module (or GOPATH tree) containing <paramref name="directory"/>, with its go.mod as the main module.</summary>
    public static Workspace For(string directory, GoEnvironment environment, WorkspaceOptions? options = null)
    {
        var probe = new ImportResolver(environment);
        return new Workspace(environment, options, probe.ModuleOf(Path.GetFullPath(directory)));
    }

    /// <summary>The package in <paramref name="directory"/> with every body resolved; null when the directory has no Go files in the build.</summary>
    public Package? Load(string directory)
    {
        var package = LoadDeclarations(resolver.Canonical(directory), null);
        if (package is not null)
        {
            CheckBodies(package);
        }
        return package;
    }

    /// <summary>
    /// Every package under <paramref name="root"/> (not entering testdata/, vendor/, "." or "_" directories), all bodies resolved;
    /// files are parsed in parallel, bodies resolved in parallel.
    /// </summary>
    public IReadOnlyList<Package> LoadTree(string root)
    {
        var directories = PackageDirectories(resolver.Canonical(root)).ToList();
        var files = directories.SelectMany(d => Directory.EnumerateFiles(d, "*.go")).Where(f => Build.MatchesFileName(Path.GetFileName(f), Options.IncludeTests)).ToList();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism) }, f => Parse(f));
        var packages = directories.Select(d => LoadDeclarations(d, null)).OfType<Package>().ToList();
        Parallel.ForEach(packages, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism) }, CheckBodies);
        return packages;
    }

    /// <summary>
    /// Resolves a package whose files another tool already chose and parsed (so that its expressions are the ones
    /// <see cref="TypeInfo"/> answers for), every body included; its imports are loaded as usual. When the files are
    /// the very trees the build selects for the directory (given in <see cref="WorkspaceOptions.Parsed"/>), the package
    /// is the one its importers see, resolved once; otherwise it is a copy of its own (types compare by package path and name).
    /// </summary>
    public Package LoadFiles(string directory, IReadOnlyList<(string Path, SourceFile Syntax)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var dir = resolver.Canonical(directory);
        if (IsBuildOf(dir, files) && LoadDeclarations(dir, null) is { } shared)
        {
            CheckBodies(shared);
            return shared;
        }
        var name = files.Count > 0 ? files[0].Syntax.Name.Name : "main";
        var package = new Package(resolver.LocationImportPath(dir), name, dir);
        foreach (var (path, syntax) in files)
        {
            package.AddFile(new PackageFile(path, syntax, new Scope(package.Scope)));
        }
        var checker = new Checker(package, path => Import(path, dir));
        lock (loadLock)
        {
            checker.CollectDeclarations();
            checker.ResolveDeclarations();
        }
        OnLargeStack(checker.CheckBodies);
        return package;
    }

    /// <summary>The package an import path names, seen from <paramref name="importingDirectory"/>; null when it is not on disk.</summary>
    public Package? Import(string importPath, string importingDirectory)
    {
        if (importPath == "unsafe")
        {
            return Universe.Unsafe;
        }
        var location = resolver.Resolve(importPath, importingDirectory);
        return location is null ? null : LoadDeclarations(location.Value.Directory, location.Value.ImportPath);
    }

    private static IEnumerable<string> PackageDirectories(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            bool hasGoFiles;
            List<string> children;
            try
            {
                hasGoFiles = Directory.EnumerateFiles(dir, "*.go").Any();
                children = Directory.EnumerateDirectories(dir).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (hasGoFiles)
            {
                yield return dir;
            }
            foreach (var child in children.OrderDescending(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(child);
                if (name is "testdata" or "vendor" || name.StartsWith('.') || name.StartsWith('_') || new FileInfo(child).LinkTarget is not null)
                {
                    continue;
                }
                pending.Push(child);
            }
        }
    }

    private void CheckBodies(Package package) =>
        _ = checkedBodies.GetOrAdd(package, p => new Lazy<bool>(() =>
        {
            Checker checker;
            lock (loadLock)
            {
                checker = checkers[p];
            }
            OnLargeStack(checker.CheckBodies);
            return true;
        })).Value;

    // Deeply nested code (generated tables, long else-if chains) recurses deeply: a thread with room for it.
    private static void OnLargeStack(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 256 * 1024 * 1024)
        { IsBackground = true, Name = "goroscope-types" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    // Loads (once) the package in a directory and resolves its package-level declarations, importing what it imports.
    private Package? LoadDeclarations(string directory, string? importPath)
    {
        lock (loadLock)
        {
            if (byDirectory.TryGetValue(directory, out var cached))
            {
                return cached;
            }
            byDirectory[directory] = null; // an import cycle sees the package as missing
            var package = Parse(directory, importPath ?? resolver.LocationImportPath(directory));
            if (package is null)
            {
                return null;
            }
            var checker = new Checker(package, path => Import(path, directory));
            checkers[package] = checker;
            checker.CollectDeclarations();
            byDirectory[directory] = package;
            checker.ResolveDeclarations();
            return package;
        }
    }

    private Package? Parse(string directory, string importPath)
    {
        if (SelectFiles(directory) is not var (name, files))
        {
            return null;
        }
        var package = new Package(importPath, name, directory);
        foreach (var (path, file) in files)
        {
            package.AddFile(new PackageFile(path, file, new Scope(package.Scope)));
        }
        return package;
    }

    // The package name and the files of a directory the build selects, in path order; null when there are none.
    private (string Name, List<(string Path, SourceFile File)> Files)? SelectFiles(string directory)
    {
        List<(string Path, SourceFile File)> files;
        try
        {
            files = Directory.EnumerateFiles(directory, "*.go")
                .Where(f => Build.MatchesFileName(Path.GetFileName(f), Options.IncludeTests))
                .Order(StringComparer.Ordinal)
                .Select(f => (f, Parse(f)))
                .Where(x => x.Item2 is not null && Build.MatchesConstraints(x.Item2))
                .Select(x => (x.f, x.Item2!))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // External test packages (package x_test) are separate packages; documentation-only clauses are ignored.
        var name = files.Select(f => f.File.Name.Name).Where(n => !n.EndsWith("_test", StringComparison.Ordinal) && n != "documentation")
            .GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        return name is null ? null : (name, files.Where(f => f.File.Name.Name == name).ToList());
    }

    // Whether the trees are exactly those the build selects for the directory: the same parsed objects, in any order.
    private bool IsBuildOf(string directory, IReadOnlyList<(string Path, SourceFile Syntax)> files)
    {
        if (Options.Parsed is null || SelectFiles(directory) is not var (_, selected) || selected.Count != files.Count)
        {
            return false;
        }
        var given = files.Select(f => f.Syntax).ToHashSet(ReferenceEqualityComparer.Instance);
        return selected.All(f => given.Contains(f.File));
    }

    private SourceFile? Parse(string path) => parsed.GetOrAdd(path, p =>
    {
        if (Options.Parsed?.GetValueOrDefault(p) is { } known)
        {
            return known;
        }
        try
        {
            return Parser.ParseFile(p, File.ReadAllBytes(p)).File;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    });
}
