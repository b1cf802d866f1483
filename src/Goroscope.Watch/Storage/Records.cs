using Goroscope.Watch.Detection;

namespace Goroscope.Watch.Storage;

/// <summary>A stored bucket: what is known about one stack across every target.</summary>
public sealed record StoredBucket(long Id, string Key, string ShortId, string Pattern, string State, string BlockingSite, bool InUserCode,
    bool Stuck, string StackText, DateTimeOffset FirstSeen, bool Detailed);

/// <summary>A target as stored, with the outcome of its last scrape.</summary>
public sealed record TargetStatus(long Id, string Name, string Url, DateTimeOffset? LastScrape, bool? LastOk, string? LastError,
    long? LastTotal, double? LastDurationMs, long Scrapes);

/// <summary>One scrape of one target: its time, outcome and goroutine total.</summary>
public sealed record ScrapeRow(long Id, DateTimeOffset Time, bool Ok, string? Error, long Total, double DurationMs);

/// <summary>The successful scrapes of one target since a time, with each bucket's count in each (0 where absent).</summary>
public sealed class TargetWindow
{
    public required IReadOnlyList<DateTimeOffset> Times { get; init; }

    /// <summary>Bucket id → one point per entry of <see cref="Times"/>.</summary>
    public required IReadOnlyDictionary<long, Point[]> Series { get; init; }
}

/// <summary>An incident: a bucket of one target judged leaking from <see cref="Started"/> until <see cref="Resolved"/>.</summary>
/// <param name="GrowthPerMinute">The slope at the last assessment while open.</param>
public sealed record Incident(long Id, string Target, long BucketId, string BucketShortId, string Pattern, string BlockingSite,
    DateTimeOffset Started, DateTimeOffset? Resolved, LeakSignal Signals, double GrowthPerMinute, long CountAtStart, long Count)
{
    public bool IsOpen => Resolved is null;
}
