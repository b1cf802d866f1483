namespace Goroscope.Watch.Targets;

/// <summary>One live Go process to watch: its name in every output, the base URL of its pprof handlers, and labels passed on to alerts.</summary>
public sealed record Target(string Name, Uri BaseUrl, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>
    /// `URL` or `NAME=URL`; `host:port` alone means `http://host:port`. A URL with a path is kept as the base
    /// under which `/debug/pprof/...` is found (a service that mounts pprof elsewhere sets it to that prefix).
    /// </summary>
    public static Target Parse(string text, IReadOnlyDictionary<string, string>? labels = null)
    {
        string? name = null;
        var equals = text.IndexOf('=');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (equals > 0 && (scheme < 0 || equals < scheme))
        {
            name = text[..equals];
            text = text[(equals + 1)..];
        }
        if (!text.Contains("://", StringComparison.Ordinal))
            text = "http://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new TargetException($"target {text}: not an http(s) URL or host:port");
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/debug/pprof", StringComparison.Ordinal))
            path = path[..^"/debug/pprof".Length];
        var baseUrl = new Uri($"{uri.Scheme}://{uri.Authority}{path}/");
        return new Target(name ?? uri.Authority, baseUrl, labels ?? new Dictionary<string, string>());
    }

    public Uri Profile(string relative) => new(BaseUrl, relative);
}

/// <summary>A target list that cannot be used; the message says which entry and why, in one line.</summary>
public sealed class TargetException(string message, Exception? inner = null) : Exception(message, inner);
