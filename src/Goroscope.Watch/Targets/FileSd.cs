using System.Text.Json;
using System.Text.Json.Serialization;

namespace Goroscope.Watch.Targets;

/// <summary>
/// Prometheus `file_sd` JSON: a list of groups, each `{"targets": ["host:port", ...], "labels": {...}}`.
/// The label `name` (or `__name__`-free `instance`) names a target; `__scheme__` and `__metrics_path__`
/// are honoured as Prometheus does, the path taken as the prefix pprof is mounted under.
/// </summary>
internal static class FileSd
{
    public static IReadOnlyList<Target> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TargetException($"cannot read {path}: {e.Message.TrimEnd('.')}", e);
        }
        return Parse(path, text);
    }

    public static IReadOnlyList<Target> Parse(string path, string json)
    {
        List<FileSdGroup>? groups;
        try
        {
            groups = JsonSerializer.Deserialize(json, WatchJson.Default.ListFileSdGroup);
        }
        catch (JsonException e)
        {
            throw new TargetException($"{path}:{(e.LineNumber ?? 0) + 1}: not file_sd JSON: {e.Message.Split('.')[0]}", e);
        }
        var targets = new List<Target>();
        foreach (var group in groups ?? [])
        {
            var labels = group.Labels ?? [];
            var scheme = labels.GetValueOrDefault("__scheme__", "http");
            var prefix = labels.GetValueOrDefault("__metrics_path__", "");
            var visible = labels.Where(l => !l.Key.StartsWith("__", StringComparison.Ordinal)).ToDictionary(l => l.Key, l => l.Value);
            foreach (var address in group.Targets ?? [])
            {
                var target = Target.Parse($"{scheme}://{address}{prefix}", visible);
                var name = visible.GetValueOrDefault("name") ?? target.Name;
                targets.Add(target with { Name = name });
            }
        }
        return targets;
    }
}

internal sealed class FileSdGroup
{
    [JsonPropertyName("targets")]
    public List<string>? Targets { get; set; }

    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }
}
