using System.Text.Json;
using System.Text.Json.Serialization;

namespace Goroscope.Watch.Alerting;

/// <summary>
/// Alertmanager's v2 API: `POST /api/v2/alerts` with a list of alerts. Labels are the routing keys
/// (alertname=GoroutineLeak, target, pattern, severity, bucket, plus the target's own labels); annotations carry
/// the text. Open incidents are sent again on every reminder, since Alertmanager resolves an alert that is not
/// renewed; a resolved incident is sent once with endsAt.
/// </summary>
internal sealed class AlertmanagerReceiver(HttpClient http, Uri baseUrl) : IAlertReceiver
{
    public const string AlertName = "GoroutineLeak";

    // An Alertmanager under a path prefix (http://host/alertmanager) keeps it: relative URIs resolve against a trailing slash.
    private readonly Uri _alerts = new(baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/"), "api/v2/alerts");

    public string Name => "alertmanager";

    public async Task SendAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancel)
    {
        var payload = events.Select(Alert).ToList();
        using var content = new StringContent(JsonSerializer.Serialize(payload, WatchJson.Default.ListAlertmanagerAlert), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(_alerts, content, cancel);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Alertmanager at {baseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    public static AlertmanagerAlert Alert(AlertEvent e)
    {
        var labels = new Dictionary<string, string>(e.Target.Labels)
        {
            ["alertname"] = AlertName,
            ["target"] = e.Incident.Target,
            ["pattern"] = e.Incident.Pattern,
            ["severity"] = e.Severity,
            ["bucket"] = e.Incident.BucketShortId,
        };
        var annotations = new Dictionary<string, string>
        {
            ["summary"] = e.Summary,
            ["description"] = e.Description,
            ["blocking_site"] = e.Incident.BlockingSite,
            ["growth_per_minute"] = e.Incident.GrowthPerMinute.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (e.DashboardUrl is { } url)
            annotations["dashboard"] = url.ToString();
        return new AlertmanagerAlert
        {
            Labels = labels,
            Annotations = annotations,
            StartsAt = e.Incident.Started,
            EndsAt = e.Incident.Resolved,
            GeneratorUrl = e.DashboardUrl?.ToString(),
        };
    }
}

internal sealed class AlertmanagerAlert
{
    [JsonPropertyName("labels")]
    public required Dictionary<string, string> Labels { get; init; }

    [JsonPropertyName("annotations")]
    public required Dictionary<string, string> Annotations { get; init; }

    [JsonPropertyName("startsAt")]
    public DateTimeOffset StartsAt { get; init; }

    [JsonPropertyName("endsAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EndsAt { get; init; }

    [JsonPropertyName("generatorURL"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GeneratorUrl { get; init; }
}
