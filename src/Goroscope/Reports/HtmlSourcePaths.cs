using Goroscope.Stacks;

namespace Goroscope.Reports;

/// <summary>Whose code a frame of the HTML report is: the page tells them apart by colour and in its search.</summary>
public enum CodeOwner
{
    /// <summary>The module of the dump's main package (or, when that is unknown, any code outside the standard library).</summary>
    Own = 0,
    StandardLibrary = 1,
    Runtime = 2,
    /// <summary>Another module: the module cache, vendor/, or a tree outside the main module.</summary>
    ThirdParty = 3,
}

/// <summary>
/// The main module of a dump — its directory and import path — worked out from the frames themselves: the
/// directory of package main's files, widened to take in the packages that sit in the same tree (a package
/// `example.com/app/internal/db` in `/src/app/internal/db` puts the module `example.com/app` at `/src/app`). Paths
/// are then shown relative to the module, and others by import path (`net/http/server.go`,
/// `github.com/x/y@v1.2.0/z.go`), instead of as bare base names.
/// </summary>
public sealed class HtmlSourcePaths
{
    private const string ModuleCache = "/pkg/mod/";

    /// <summary>The main module's directory (no trailing slash), or null when the dump has no frame of package main.</summary>
    public string? ModuleRoot { get; }

    /// <summary>The main module's import path, when a package other than main shows it.</summary>
    public string? ModulePath { get; }

    private HtmlSourcePaths(string? root, string? modulePath) => (ModuleRoot, ModulePath) = (root, modulePath);

    public static HtmlSourcePaths Of(IEnumerable<Frame> frames)
    {
        var distinct = frames.Distinct().Where(f => f.File.StartsWith('/')).ToList();
        var mainDirectories = distinct.Where(f => f.Package == "main").Select(f => Directory(f.File)).Distinct().ToList();
        if (mainDirectories.Count == 0)
            return new HtmlSourcePaths(null, null);
        var mainRoot = mainDirectories.Aggregate(CommonDirectory);
        var root = mainRoot;
        var modulePackages = new List<(string Package, string Directory)>();
        foreach (var frame in distinct)
        {
            var package = frame.Package;
            if (package == "main" || package.Length == 0 || GoNames.IsStandardPackage(package) || frame.File.Contains(ModuleCache, StringComparison.Ordinal))
                continue;
            var directory = Directory(frame.File);
            // The package's tree reaches up to a directory that holds main: it is one of the main module's packages.
            if (SharedTail(package, directory) is not { } directoryPrefix || !IsWithin(mainRoot, directoryPrefix) || directory.Contains("/vendor/", StringComparison.Ordinal))
                continue;
            root = CommonDirectory(root, directory);
            modulePackages.Add((package, directory));
        }
        string? modulePath = null;
        foreach (var (package, directory) in modulePackages)
        {
            var inModule = directory.Length > root.Length ? directory[(root.Length + 1)..] : "";
            if (inModule.Length == 0)
                modulePath = package;
            else if (package.EndsWith("/" + inModule, StringComparison.Ordinal))
                modulePath = package[..^(inModule.Length + 1)];
            if (modulePath is not null)
                break;
        }
        return new HtmlSourcePaths(root, modulePath);
    }

    public CodeOwner OwnerOf(Frame frame)
    {
        var package = frame.Package;
        if (GoNames.IsRuntime(package))
            return CodeOwner.Runtime;
        if (GoNames.IsStandardPackage(package))
            return CodeOwner.StandardLibrary;
        if (ModuleRoot is null || package == "main")
            return CodeOwner.Own;
        if (ModulePath is not null && (package == ModulePath || package.StartsWith(ModulePath + "/", StringComparison.Ordinal)))
            return CodeOwner.Own;
        return IsWithin(frame.File, ModuleRoot) && !frame.File.Contains("/vendor/", StringComparison.Ordinal) ? CodeOwner.Own : CodeOwner.ThirdParty;
    }

    /// <summary>The file as the page shows it: relative to the main module, from the module cache, or under its import path.</summary>
    public string Display(Frame frame)
    {
        var file = frame.File;
        if (!file.StartsWith('/'))
            return file;
        if (ModuleRoot is not null && IsWithin(file, ModuleRoot))
            return file[(ModuleRoot.Length + 1)..];
        var cache = file.IndexOf(ModuleCache, StringComparison.Ordinal);
        if (cache >= 0)
            return file[(cache + ModuleCache.Length)..];
        var package = frame.Package;
        return package.Length == 0 ? file : $"{package}/{Path.GetFileName(file)}";
    }

    private static string Directory(string file) => file[..Math.Max(file.LastIndexOf('/'), 0)];

    private static bool IsWithin(string path, string directory) =>
        path.Length > directory.Length ? path.StartsWith(directory + "/", StringComparison.Ordinal) || directory.Length == 0 : path == directory;

    private static string CommonDirectory(string a, string b)
    {
        var x = a.Split('/');
        var y = b.Split('/');
        var n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n])
            n++;
        return string.Join('/', x.Take(n));
    }

    /// <summary>The directory above the elements an import path and its directory end in alike: `/src` for `example.com/app/db` in `/src/app/db`; null when none are alike.</summary>
    private static string? SharedTail(string importPath, string directory)
    {
        var path = importPath.Split('/');
        var dirs = directory.Split('/');
        var shared = 0;
        while (shared < path.Length && shared < dirs.Length - 1 && path[^(shared + 1)] == dirs[^(shared + 1)])
            shared++;
        return shared == 0 ? null : string.Join('/', dirs.Take(dirs.Length - shared));
    }
}
