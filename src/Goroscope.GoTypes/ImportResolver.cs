using System.Collections.Concurrent;
using System.Text;

namespace Goroscope.GoTypes;

/// <summary>A package's directory and the import path `go` gives it.</summary>
public readonly record struct PackageLocation(string Directory, string ImportPath);

/// <summary>
/// Finds the directory of an imported package as the go command does: the standard library (with GOROOT's
/// vendor/ for its own dependencies), the importing module and its local replacements, the main module's
/// vendor/ directory, the module cache, and GOPATH (with vendor/ directories) for code outside any module.
/// </summary>
public sealed class ImportResolver
{
    private readonly GoEnvironment environment;
    private readonly string goRootSrc;
    private readonly string realGoRootSrc;
    private readonly ConcurrentDictionary<string, GoModule?> moduleOfDirectory = new(StringComparer.Ordinal);

    public ImportResolver(GoEnvironment environment, GoModule? mainModule = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        this.environment = environment;
        goRootSrc = Path.GetFullPath(Path.Combine(environment.GoRoot, "src"));
        realGoRootSrc = RealPath(goRootSrc);
        MainModule = mainModule;
    }

    /// <summary>
    /// The directory as this resolver spells it: under GOROOT/src when it is there by another name (GOROOT a symbolic
    /// link, or reached through one), so that a package is loaded once whichever way it was named.
    /// </summary>
    public string Canonical(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (IsUnder(dir, goRootSrc))
        {
            return dir;
        }
        var real = RealPath(dir);
        return IsUnder(real, realGoRootSrc) ? Path.Combine(goRootSrc, Relative(realGoRootSrc, real)).TrimEnd('/') : dir;
    }

    // The path with every symbolic link along it resolved (realpath).
    private static string RealPath(string path)
    {
        var current = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            try
            {
                var info = new DirectoryInfo(next);
                current = info.LinkTarget is null ? next : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
            }
            catch (IOException)
            {
                current = next;
            }
        }
        return current;
    }

    /// <summary>The module whose go.mod selects versions and replacements (the one being analysed); null in GOPATH mode.</summary>
    public GoModule? MainModule { get; }

    /// <summary>Where <paramref name="importPath"/> imported from <paramref name="importingDirectory"/> lives, or null when it is not on disk.</summary>
    public PackageLocation? Resolve(string importPath, string importingDirectory)
    {
        ArgumentNullException.ThrowIfNull(importPath);
        var from = Path.GetFullPath(importingDirectory);
        if (IsUnder(from, goRootSrc))
        {
            // The standard library and cmd vendor their own dependencies.
            var vendorRoot = IsUnder(from, Path.Combine(goRootSrc, "cmd")) ? Path.Combine(goRootSrc, "cmd", "vendor") : Path.Combine(goRootSrc, "vendor");
            var vendored = Path.Combine(vendorRoot, importPath);
            if (HasGoFiles(vendored))
            {
                return new PackageLocation(vendored, LocationImportPath(vendored));
            }
        }
        if (IsStandard(importPath))
        {
            var std = Path.Combine(goRootSrc, importPath);
            return HasGoFiles(std) ? new PackageLocation(std, importPath) : null;
        }
        var module = ModuleOf(from);
        if (module is null)
        {
            return ResolveInGoPath(importPath, from);
        }
        foreach (var candidate in new[] { MainModule, module }.Where(m => m is not null).Distinct())
        {
            if (ResolveInModule(importPath, candidate!) is { } dir)
            {
                return new PackageLocation(dir, importPath);
            }
        }
        return null;
    }

    /// <summary>The import path of the package in <paramref name="directory"/>: from its module, GOROOT or GOPATH; the directory itself when none applies.</summary>
    public string LocationImportPath(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (IsUnder(dir, goRootSrc))
        {
            return Relative(goRootSrc, dir); // vendored ones too, as go list names them: vendor/golang.org/x/…, cmd/vendor/golang.org/x/…
        }
        if (ModuleOf(dir) is { } module)
        {
            var vendor = Path.Combine(module.Directory, "vendor");
            if (IsUnder(dir, vendor))
            {
                return Relative(vendor, dir);
            }
            var rel = Relative(module.Directory, dir);
            return rel.Length == 0 ? module.Path : module.Path + "/" + rel;
        }
        foreach (var root in environment.GoPath)
        {
            var src = Path.GetFullPath(Path.Combine(root, "src"));
            if (IsUnder(dir, src))
            {
                var rel = Relative(src, dir);
                var vendorAt = rel.LastIndexOf("/vendor/", StringComparison.Ordinal);
                return vendorAt >= 0 ? rel[(vendorAt + "/vendor/".Length)..] : rel;
            }
        }
        return dir;
    }

    /// <summary>The module holding <paramref name="directory"/>: the nearest go.mod above it.</summary>
    public GoModule? ModuleOf(string directory) => !environment.Modules ? null : moduleOfDirectory.GetOrAdd(directory, dir =>
    {
        if (GoModule.Read(dir) is { } found)
        {
            return found;
        }
        var parent = Path.GetDirectoryName(dir);
        return parent is null || parent == dir ? null : ModuleOf(parent);
    });

    /// <summary>Standard-library paths have no dot in their first element.</summary>
    public static bool IsStandard(string importPath)
    {
        var slash = importPath.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? importPath : importPath[..slash];
        return !first.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>The module cache's spelling of a path: each upper-case letter becomes "!" and its lower case.</summary>
    public static string EscapeModulePath(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                sb.Append('!').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private string? ResolveInModule(string importPath, GoModule module)
    {
        if (WithinModule(importPath, module.Path) is { } own)
        {
            var dir = Path.Combine(module.Directory, own);
            return HasGoFiles(dir) ? dir : null;
        }
        // The longest replaced or required module path that is a prefix of the import path.
        var replacement = module.Replaces.Where(r => WithinModule(importPath, r.Path) is not null).MaxBy(r => r.Path.Length);
        var required = module.Requires.Keys.Where(p => WithinModule(importPath, p) is not null).MaxBy(p => p.Length);
        if (replacement is not null && (required is null || replacement.Path.Length >= required.Length))
        {
            var rest = WithinModule(importPath, replacement.Path)!;
            var root = replacement.IsLocal
                ? Path.GetFullPath(Path.Combine(module.Directory, replacement.NewPath))
                : InModuleCache(replacement.NewPath, replacement.NewVersion);
            var dir = root is null ? null : Path.Combine(root, rest);
            return dir is not null && HasGoFiles(dir) ? dir : null;
        }
        if (module.UsesVendor)
        {
            var vendored = Path.Combine(module.Directory, "vendor", importPath);
            return HasGoFiles(vendored) ? vendored : null;
        }
        if (required is not null && InModuleCache(required, module.Requires[required]) is { } cached)
        {
            var dir = Path.Combine(cached, WithinModule(importPath, required)!);
            return HasGoFiles(dir) ? dir : null;
        }
        return null;
    }

    private string? InModuleCache(string modulePath, string? version)
    {
        if (environment.ModCache is null || version is null)
        {
            return null;
        }
        var dir = Path.Combine(environment.ModCache, EscapeModulePath(modulePath) + "@" + EscapeModulePath(version));
        return Directory.Exists(dir) ? dir : null;
    }

    // GOPATH mode: the nearest vendor/ directory above the importer (inside GOPATH/src), then each GOPATH entry.
    private PackageLocation? ResolveInGoPath(string importPath, string from)
    {
        foreach (var root in environment.GoPath)
        {
            var src = Path.GetFullPath(Path.Combine(root, "src"));
            if (!IsUnder(from, src))
            {
                continue;
            }
            for (var dir = from; dir is not null && IsUnder(dir, src) && dir != src; dir = Path.GetDirectoryName(dir))
            {
                var vendored = Path.Combine(dir, "vendor", importPath);
                if (HasGoFiles(vendored))
                {
                    return new PackageLocation(vendored, importPath);
                }
            }
        }
        foreach (var root in environment.GoPath)
        {
            var dir = Path.Combine(root, "src", importPath);
            if (HasGoFiles(dir))
            {
                return new PackageLocation(dir, importPath);
            }
        }
        return null;
    }

    // "" when the path is the module itself, "sub/pkg" when below it, null when outside.
    private static string? WithinModule(string importPath, string modulePath) =>
        importPath == modulePath ? "" :
        importPath.StartsWith(modulePath, StringComparison.Ordinal) && importPath.Length > modulePath.Length && importPath[modulePath.Length] == '/'
            ? importPath[(modulePath.Length + 1)..] : null;

    private static bool HasGoFiles(string dir) =>
        Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.go").Any();

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static string Relative(string root, string path) => path == root ? "" : path[(root.TrimEnd('/').Length + 1)..];
}
