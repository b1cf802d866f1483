namespace Goroscope.Stacks;

/// <summary>Facts about Go symbol names as tracebacks print them.</summary>
public static class GoNames
{
    /// <summary>
    /// The package of a qualified function name. The package path ends at the first dot after its last
    /// slash: `github.com/a/b.c/d.(*T).M` is in `github.com/a/b.c/d`. C functions and bare names have none.
    /// </summary>
    public static string PackageOf(string function)
    {
        var lastSlash = function.LastIndexOf('/');
        var dot = function.IndexOf('.', lastSlash + 1);
        return dot < 0 ? "" : function[..dot];
    }

    /// <summary>
    /// True for the Go distribution's own packages (runtime, sync, net/http, internal/..., vendored x/ packages).
    /// A package path whose first element has a dot is a module path; `main` and single-word module names are the
    /// user's, so the test is against the distribution's own top-level directories, not against the missing dot.
    /// </summary>
    public static bool IsStandardPackage(string package)
    {
        if (package.Length == 0)
            return true; // C and assembly frames of the runtime
        var slash = package.IndexOf('/');
        var first = slash < 0 ? package : package[..slash];
        return StandardRoots.Contains(first);
    }

    /// <summary>The runtime's own frames, hidden from tracebacks unless GOTRACEBACK=system.</summary>
    public static bool IsRuntime(string package) =>
        package is "runtime" or "" || package.StartsWith("runtime/internal", StringComparison.Ordinal)
        || package.StartsWith("internal/runtime", StringComparison.Ordinal);

    // Top-level directories of $GOROOT/src from Go 1.2 to 1.27 that hold packages.
    private static readonly HashSet<string> StandardRoots =
    [
        "archive", "arena", "bufio", "builtin", "bytes", "cmd", "cmp", "compress", "container", "context", "crypto",
        "database", "debug", "embed", "encoding", "errors", "expvar", "flag", "fmt", "go", "hash", "html", "image",
        "index", "internal", "io", "iter", "log", "maps", "math", "mime", "net", "os", "path", "plugin", "reflect",
        "regexp", "runtime", "slices", "sort", "strconv", "strings", "structs", "sync", "syscall", "testing", "text",
        "time", "unicode", "unique", "unsafe", "vendor", "weak", "simd",
    ];
}
