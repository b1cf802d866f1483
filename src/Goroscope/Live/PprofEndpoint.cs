using System.Globalization;
using System.Text.RegularExpressions;

namespace Goroscope.Live;

/// <summary>
/// A live Go process's <c>net/http/pprof</c> handlers, named the one way every verb accepts:
/// <list type="bullet">
/// <item><c>host:port</c> means <c>http://host:port</c>; only <c>http</c> and <c>https</c> URLs are live targets.</item>
/// <item><c>NAME=URL</c> (or <c>NAME=host:port</c>) names the target; otherwise its name is its <c>host:port</c>.</item>
/// <item>A path ending in <c>/debug/pprof/PROFILE</c> is a full profile URL: fetched as given, query and all, by
/// the verbs that read one profile (analyze, check, trace); the part before <c>/debug/pprof/</c> is the prefix.</item>
/// <item>Any other path is the prefix pprof is mounted under (<c>http://h:6060/admin</c> →
/// <c>http://h:6060/admin/debug/pprof/goroutine</c>); a path that ends in <c>/debug/pprof</c> is the mount point itself.</item>
/// </list>
/// </summary>
/// <param name="Name">The target's name in outputs.</param>
/// <param name="Prefix">Where <c>debug/pprof/...</c> is found, ending in <c>/</c>: <c>http://h:6060/</c>.</param>
/// <param name="Profile">The full profile URL when one was given.</param>
public sealed partial record PprofEndpoint(string Name, Uri Prefix, Uri? Profile)
{
    private const string Mount = "/debug/pprof";

    /// <summary>
    /// Whether a command-line source names a live target rather than a file: a URL, <c>NAME=URL</c>, or
    /// <c>host:port</c> with or without a path (a file of such a name is read as <c>./host:port</c>).
    /// </summary>
    public static bool IsLive(string source)
    {
        var (_, address) = SplitName(source);
        return address.Contains("://", StringComparison.Ordinal) || HostPort().IsMatch(address);
    }

    /// <exception cref="FormatException">The text is no live target; the message is one line saying why.</exception>
    public static PprofEndpoint Parse(string text)
    {
        var (name, address) = SplitName(text);
        if (!address.Contains("://", StringComparison.Ordinal))
            address = "http://" + address;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new FormatException($"{text}: not a live target (write host:port, an http(s) URL, or NAME=URL)");
        var path = uri.AbsolutePath;
        var mount = path.LastIndexOf(Mount + "/", StringComparison.Ordinal);
        Uri? profile = null;
        if (mount >= 0 && path.Length > mount + Mount.Length + 1)
        {
            profile = new Uri(uri.GetLeftPart(UriPartial.Query));
            path = path[..mount];
        }
        else
        {
            if (uri.Query.Length > 0)
                throw new FormatException($"{text}: a query goes only with a full {Mount}/PROFILE URL");
            path = path.TrimEnd('/');
            if (path.EndsWith(Mount, StringComparison.Ordinal))
                path = path[..^Mount.Length];
        }
        var prefix = new Uri($"{uri.Scheme}://{uri.Authority}{path.TrimEnd('/')}/");
        return new PprofEndpoint(name ?? uri.Authority, prefix, profile);
    }

    /// <summary>The goroutine profile: <c>debug=0</c> gzipped proto, <c>1</c> counts per stack, <c>2</c> every goroutine's traceback.</summary>
    public Uri Goroutine(int debug) => Handler($"goroutine?debug={debug}");

    /// <summary>Go 1.26+'s profile of the goroutines the garbage collector proved leaked (404 on older Go).</summary>
    public Uri GoroutineLeak(int debug) => Handler($"goroutineleak?debug={debug}");

    /// <summary>An execution trace of the given length, in whole seconds (at least one).</summary>
    public Uri Trace(TimeSpan recording) =>
        Handler(string.Create(CultureInfo.InvariantCulture, $"trace?seconds={Math.Max(1, (int)Math.Ceiling(recording.TotalSeconds))}"));

    private Uri Handler(string relative) => new(Prefix, "debug/pprof/" + relative);

    private static (string? Name, string Address) SplitName(string text)
    {
        var equals = text.IndexOf('=');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return equals > 0 && (scheme < 0 || equals < scheme) && text.IndexOf('/') is var slash && (slash < 0 || equals < slash)
            ? (text[..equals], text[(equals + 1)..])
            : (null, text);
    }

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):[0-9]{1,5}(/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPort();
}
