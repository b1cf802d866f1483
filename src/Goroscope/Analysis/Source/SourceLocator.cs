namespace Goroscope.Analysis.Source;

/// <summary>
/// Finds the file a frame names on this machine. Dumps print build paths (`/build/x/_build/src/…/scrape.go`),
/// trimmed paths (`github.com/prometheus/prometheus/scrape/scrape.go`, `runtime/chan.go`) or module-cache paths
/// (`…/pkg/mod/golang.org/x/net@v0.1.0/http2/server.go`); each is mapped onto a root by the longest path suffix
/// that exists there. Roots are tried in order: the checkouts the user named (`--source`), the path itself,
/// GOROOT/src, the module cache, and Debian's Go source packages (/usr/share/gocode/src).
/// Whether the file found is the one the binary was built from is checked later, against the frame's function.
/// </summary>
public sealed class SourceLocator
{
    public const string DebianGoSources = "/usr/share/gocode/src";

    private readonly IReadOnlyList<string> _checkouts;
    private readonly Lazy<IReadOnlyList<string>> _roots;
    private readonly Dictionary<string, string?> _found = [];

    /// <param name="checkouts">Directories the user named; a frame's path may match them by its file name alone.</param>
    /// <param name="roots">Further roots (GOROOT/src, the module cache, Debian's); a path must match them by at least two elements.</param>
    public SourceLocator(IReadOnlyList<string> checkouts, IReadOnlyList<string> roots)
        : this(checkouts, () => roots)
    {
    }

    private SourceLocator(IReadOnlyList<string> checkouts, Func<IReadOnlyList<string>> roots)
    {
        // Kept as the user wrote them, so a relative --source shows relative paths in reports.
        _checkouts = [.. checkouts];
        _roots = new(() => [.. roots().Where(Directory.Exists).Select(Path.GetFullPath)]);
    }

    /// <summary>
    /// The checkouts plus this machine's Go installation: GOROOT/src, the module cache and Debian's Go sources,
    /// looked up (`go env`) only when a path is not found in the checkouts or at its own place.
    /// </summary>
    public static SourceLocator ForMachine(IReadOnlyList<string> checkouts) => new(checkouts, () =>
    {
        var roots = new List<string>();
        if (GoEnvironment.GoRoot() is { } goroot)
            roots.Add(Path.Combine(goroot, "src"));
        if (GoEnvironment.ModuleCache() is { } cache)
            roots.Add(cache);
        roots.Add(DebianGoSources);
        return roots;
    });

    /// <summary>The file on disk for a path as the dump prints it, or null.</summary>
    public string? Find(string printedPath)
    {
        if (printedPath.Length == 0 || printedPath[0] == '<' || !printedPath.EndsWith(".go", StringComparison.Ordinal))
            return null;
        if (_found.TryGetValue(printedPath, out var known))
            return known;
        var found = Locate(printedPath.Replace('\\', '/'));
        _found[printedPath] = found;
        return found;
    }

    private string? Locate(string path)
    {
        var elements = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var checkout in _checkouts)
            if (LongestSuffixIn(checkout, elements, minimum: 1) is { } inCheckout)
                return inCheckout;
        if (Path.IsPathRooted(path) && File.Exists(path))
            return path;
        // A module-cache path names its module version: only that version's directory will do.
        var mod = Array.IndexOf(elements, "mod");
        foreach (var root in _roots.Value)
        {
            if (mod > 0 && elements[mod - 1] == "pkg" && File.Exists(Path.Combine([root, .. elements[(mod + 1)..]])))
                return Path.Combine([root, .. elements[(mod + 1)..]]);
            if (LongestSuffixIn(root, elements, minimum: 2) is { } inRoot)
                return inRoot;
        }
        return null;
    }

    private static string? LongestSuffixIn(string root, string[] elements, int minimum)
    {
        for (var start = 0; start <= elements.Length - minimum; start++)
        {
            var candidate = Path.Combine([root, .. elements[start..]]);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
