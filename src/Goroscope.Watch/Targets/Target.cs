using Goroscope.Live;

namespace Goroscope.Watch.Targets;

/// <summary>One live Go process to watch: its name in every output, its pprof handlers, and labels passed on to alerts.</summary>
public sealed record Target(string Name, PprofEndpoint Endpoint, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>
    /// <see cref="PprofEndpoint"/>'s rules: `host:port`, a URL, or `NAME=URL`. Watch scrapes several profiles, so a
    /// full profile URL stands for the prefix it is under.
    /// </summary>
    public static Target Parse(string text, IReadOnlyDictionary<string, string>? labels = null)
    {
        try
        {
            var endpoint = PprofEndpoint.Parse(text);
            return new Target(endpoint.Name, endpoint, labels ?? new Dictionary<string, string>());
        }
        catch (FormatException e)
        {
            throw new TargetException($"target {e.Message}", e);
        }
    }

    /// <summary>A process that pushes its profiles (docs/watch.md, "Profiles pushed from Grafana Alloy"): its URL is `push:NAME`, never fetched.</summary>
    public static Target Pushed(string name, IReadOnlyDictionary<string, string> labels) =>
        new(name, new PprofEndpoint(name, new Uri(PushScheme + ":" + Uri.EscapeDataString(name)), null), labels);

    private const string PushScheme = "push";

    /// <summary>Where the target's `debug/pprof/...` handlers are; what identifies it in the store.</summary>
    public Uri BaseUrl => Endpoint.Prefix;

    /// <summary>Its profiles come to watch; watch cannot fetch any (no debug=2 detail).</summary>
    public bool IsPushed => BaseUrl.Scheme == PushScheme;
}

/// <summary>A target list that cannot be used; the message says which entry and why, in one line.</summary>
public sealed class TargetException(string message, Exception? inner = null) : Exception(message, inner);
