using System.Text.Json;
using System.Text.Json.Serialization;

namespace Goroscope.Watch.Alerting;

/// <summary>A generic JSON webhook: each batch of incident events POSTed as one document (docs/watch.md, "Webhook").</summary>
internal sealed class WebhookReceiver(HttpClient http, Uri url) : IAlertReceiver
{
    public string Name => "webhook";

    public async Task SendAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancel)
    {
        var payload = new WebhookPayload { Events = [.. events.Select(Event)] };
        using var content = new StringContent(JsonSerializer.Serialize(payload, WatchJson.Default.WebhookPayload), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(url, content, cancel);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"webhook {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    public static WebhookEvent Event(AlertEvent e) => new()
    {
        State = e.State,
        Severity = e.Severity,
        Target = e.Incident.Target,
        TargetUrl = e.Target.BaseUrl.ToString(),
        Labels = new Dictionary<string, string>(e.Target.Labels),
        Incident = e.Incident.Id,
        Bucket = e.Incident.BucketShortId,
        Pattern = e.Incident.Pattern,
        BlockingSite = e.Incident.BlockingSite,
        Signals = e.Signals,
        Started = e.Incident.Started,
        Resolved = e.Incident.Resolved,
        CountAtStart = e.Incident.CountAtStart,
        Count = e.Incident.Count,
        GrowthPerMinute = Math.Round(e.Incident.GrowthPerMinute, 2),
        Summary = e.Summary,
        Fix = e.Fix,
        Dashboard = e.DashboardUrl?.ToString(),
    };
}

internal sealed class WebhookPayload
{
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    [JsonPropertyName("source")]
    public string Source { get; init; } = "goroscope-watch";

    [JsonPropertyName("events")]
    public required List<WebhookEvent> Events { get; init; }
}

internal sealed class WebhookEvent
{
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("target")] public required string Target { get; init; }
    [JsonPropertyName("target_url")] public required string TargetUrl { get; init; }
    [JsonPropertyName("labels")] public required Dictionary<string, string> Labels { get; init; }
    [JsonPropertyName("incident")] public long Incident { get; init; }
    [JsonPropertyName("bucket")] public required string Bucket { get; init; }
    [JsonPropertyName("pattern")] public required string Pattern { get; init; }
    [JsonPropertyName("blocking_site")] public required string BlockingSite { get; init; }
    [JsonPropertyName("signals")] public required string Signals { get; init; }
    [JsonPropertyName("started")] public DateTimeOffset Started { get; init; }
    [JsonPropertyName("resolved")] public DateTimeOffset? Resolved { get; init; }
    [JsonPropertyName("count_at_start")] public long CountAtStart { get; init; }
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("growth_per_minute")] public double GrowthPerMinute { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    [JsonPropertyName("fix")] public required string Fix { get; init; }
    [JsonPropertyName("dashboard")] public string? Dashboard { get; init; }
}
