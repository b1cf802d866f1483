using Google.Protobuf;
using Goroscope.Watch.Push.Proto;

namespace Goroscope.Watch.Push;

/// <summary>Which of the goroutine profiles a pushed profile is.</summary>
public enum PushedKind
{
    /// <summary>`/debug/pprof/goroutine`: every goroutine's stack, counted.</summary>
    Goroutine,

    /// <summary>`/debug/pprof/goroutineleak` (Go 1.26+): the goroutines the garbage collector proved leaked.</summary>
    GoroutineLeak,
}

/// <param name="Target">The name watch knows the pushing process by: `service_name/pod` (or `/instance`), or either alone.</param>
/// <param name="Labels">The series' labels, less the reserved `__…__` ones; passed on to alerts as a scraped target's are.</param>
/// <param name="Raw">The pprof profile as pushed, gzipped or not.</param>
public sealed record PushedProfile(string Target, IReadOnlyDictionary<string, string> Labels, PushedKind Kind, ReadOnlyMemory<byte> Raw);

/// <summary>
/// Reads a `push.v1.PushRequest` (Grafana Pyroscope's push API, as Grafana Alloy's pyroscope.write sends it) and keeps
/// the goroutine and goroutineleak profiles. Alloy sends every profile type it scrapes (CPU, memory, …) to every
/// endpoint, so the others are counted and skipped, not refused.
/// </summary>
internal static class PushRequestReader
{
    /// <summary>The label Alloy and Pyroscope's SDKs put the profile type in.</summary>
    private const string ProfileName = "__name__";

    /// <exception cref="PushException">The body is no PushRequest, or a goroutine profile's series names no target.</exception>
    public static (IReadOnlyList<PushedProfile> Taken, int Skipped) Read(ReadOnlySpan<byte> body)
    {
        PushRequest request;
        try
        {
            request = PushRequest.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PushException($"the body is not a push.v1.PushRequest: {e.Message}");
        }
        var taken = new List<PushedProfile>();
        var skipped = 0;
        foreach (var series in request.Series)
        {
            var labels = new Dictionary<string, string>();
            foreach (var label in series.Labels)
                labels[label.Name] = label.Value;
            if (KindOf(labels.GetValueOrDefault(ProfileName)) is not { } kind)
            {
                skipped += series.Samples.Count;
                continue;
            }
            var target = TargetName(labels)
                ?? throw new PushException($"a {labels[ProfileName]} profile without a service_name, pod or instance label: which process sent it cannot be told");
            var passed = labels.Where(l => !l.Key.StartsWith("__", StringComparison.Ordinal)).ToDictionary();
            taken.AddRange(series.Samples.Select(sample => new PushedProfile(target, passed, kind, sample.RawProfile.Memory)));
        }
        return (taken, skipped);
    }

    /// <summary>`goroutine` as Alloy's profile.goroutine names it, `goroutines` as Pyroscope's Go SDK does; `goroutineleak` as the profile.custom block of docs/watch.md is labelled.</summary>
    private static PushedKind? KindOf(string? name) => name switch
    {
        "goroutine" or "goroutines" => PushedKind.Goroutine,
        "goroutineleak" => PushedKind.GoroutineLeak,
        _ => null,
    };

    /// <summary>A service's pods are targets of their own, as scraped pods are: `service_name/pod`, else `service_name/instance`.</summary>
    private static string? TargetName(Dictionary<string, string> labels)
    {
        var service = labels.GetValueOrDefault("service_name") is { Length: > 0 } s ? s : null;
        var process = labels.GetValueOrDefault("pod") is { Length: > 0 } pod ? pod
            : labels.GetValueOrDefault("instance") is { Length: > 0 } instance ? instance : null;
        return service is not null && process is not null ? $"{service}/{process}" : service ?? process;
    }
}

/// <summary>A push that cannot be taken; the message is one line saying why (sent back as Connect's invalid_argument).</summary>
internal sealed class PushException(string message, Exception? inner = null) : Exception(message, inner);
