using System.Text.Json.Serialization;

namespace Goroscope.Watch.Server;

/// <summary>
/// A target on the dashboard: health, last scrape, and a sparkline of its goroutine total (times in Unix seconds).
/// `goroutines` is null unless the last scrape succeeded: a failing target has no current count.
/// </summary>
internal sealed class TargetView
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("url")] public required string Url { get; init; }
    [JsonPropertyName("watched")] public bool Watched { get; init; }
    [JsonPropertyName("up")] public bool? Up { get; init; }
    [JsonPropertyName("last_scrape")] public DateTimeOffset? LastScrape { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("goroutines")] public long? Goroutines { get; init; }
    [JsonPropertyName("scrape_ms")] public double? ScrapeMs { get; init; }
    [JsonPropertyName("scrapes")] public long Scrapes { get; init; }
    [JsonPropertyName("open_incidents")] public int OpenIncidents { get; init; }
    [JsonPropertyName("spark_times")] public required List<double> SparkTimes { get; init; }
    [JsonPropertyName("spark")] public required List<long> Spark { get; init; }
}

/// <summary>One scrape of a target: when, whether it worked, and why not.</summary>
internal sealed class ScrapeView
{
    [JsonPropertyName("time")] public DateTimeOffset Time { get; init; }
    [JsonPropertyName("ok")] public bool Ok { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("goroutines")] public long? Goroutines { get; init; }
    [JsonPropertyName("duration_ms")] public double DurationMs { get; init; }
}

/// <summary>A target's goroutine count over time, total and per pattern; times in Unix seconds.</summary>
internal sealed class SeriesView
{
    [JsonPropertyName("target")] public required string Target { get; init; }
    [JsonPropertyName("times")] public required List<double> Times { get; init; }
    [JsonPropertyName("total")] public required List<long> Total { get; init; }
    [JsonPropertyName("patterns")] public required Dictionary<string, List<long>> Patterns { get; init; }
}

internal sealed class IncidentView
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("target")] public required string Target { get; init; }
    [JsonPropertyName("bucket")] public required string Bucket { get; init; }
    [JsonPropertyName("pattern")] public required string Pattern { get; init; }
    [JsonPropertyName("blocking_site")] public required string BlockingSite { get; init; }
    [JsonPropertyName("signals")] public required string Signals { get; init; }
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("started")] public DateTimeOffset Started { get; init; }
    [JsonPropertyName("resolved")] public DateTimeOffset? Resolved { get; init; }
    [JsonPropertyName("count_at_start")] public long CountAtStart { get; init; }
    [JsonPropertyName("count")] public long Count { get; init; }
    [JsonPropertyName("growth_per_minute")] public double GrowthPerMinute { get; init; }
}

/// <summary>A bucket's page: its stack, pattern, fix hint, and its count over time in one target.</summary>
internal sealed class BucketView
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("target")] public required string Target { get; init; }
    [JsonPropertyName("pattern")] public required string Pattern { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("why")] public required string Why { get; init; }
    [JsonPropertyName("fix")] public required string Fix { get; init; }
    [JsonPropertyName("blocking_site")] public required string BlockingSite { get; init; }
    [JsonPropertyName("in_user_code")] public bool InUserCode { get; init; }
    [JsonPropertyName("detailed")] public bool Detailed { get; init; }
    [JsonPropertyName("first_seen")] public DateTimeOffset FirstSeen { get; init; }
    [JsonPropertyName("stack")] public required string Stack { get; init; }
    [JsonPropertyName("times")] public required List<double> Times { get; init; }
    [JsonPropertyName("counts")] public required List<long> Counts { get; init; }
    [JsonPropertyName("leaked")] public required List<long> Leaked { get; init; }
    [JsonPropertyName("incidents")] public required List<IncidentView> Incidents { get; init; }
}

internal sealed class ErrorView
{
    [JsonPropertyName("error")] public required string Error { get; init; }
}
