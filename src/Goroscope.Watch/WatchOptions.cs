using Goroscope.Watch.Detection;
using Goroscope.Watch.Fleet;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch;

/// <summary>Everything `watch` can be told, from flags and the config file; the defaults are the documented ones.</summary>
public sealed record WatchOptions
{
    public IReadOnlyList<Target> Targets { get; init; } = [];

    /// <summary>Prometheus file_sd JSON files, read again when they change.</summary>
    public IReadOnlyList<string> FileSd { get; init; } = [];

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>For each HTTP request of a scrape, connect to last byte.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most bytes one profile may have; a bigger answer is a failed scrape.</summary>
    public long MaxBytes { get; init; } = 64L << 20;

    /// <summary>Scrapes in flight at once, over all targets.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The longest wait between attempts at a failing target.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A SQLite file's path, or a postgres:// URL of a database shared by replicas.</summary>
    public string Store { get; init; } = DefaultDatabase;

    /// <summary>Scrapes held in memory while the store cannot be written; beyond, the oldest are dropped.</summary>
    public int StoreBuffer { get; init; } = 10_000;

    /// <summary>With a PostgreSQL store: how long a replica's claim on a target lasts unless renewed.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When set, only the targets whose name hashes to this shard are scraped.</summary>
    public Shard? Shard { get; init; }

    /// <summary>Snapshots older than this are deleted.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Snapshots older than this are thinned to one per <see cref="DownsampleStep"/>.</summary>
    public TimeSpan DownsampleAfter { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan DownsampleStep { get; init; } = TimeSpan.FromMinutes(5);

    public Thresholds Detection { get; init; } = new();

    /// <summary>host:port the dashboard, API and /metrics are served on.</summary>
    public string Listen { get; init; } = "127.0.0.1:9177";

    /// <summary>When set, the dashboard, API and /metrics want `Authorization: Bearer TOKEN`.</summary>
    public string? Token { get; init; }

    /// <summary>Take profiles pushed to POST /push.v1.PusherService/Push (Grafana Alloy's pyroscope.write); off, the route does not exist.</summary>
    public bool AcceptPushes { get; init; }

    /// <summary>Distinct targets pushing at once; a push naming one more is refused (429), so labels that change per request cannot grow memory without end.</summary>
    public int PushMaxTargets { get; init; } = 5_000;

    /// <summary>Alertmanager's base URL (alerts go to its /api/v2/alerts).</summary>
    public Uri? Alertmanager { get; init; }

    /// <summary>A URL each incident's opening and resolution is POSTed to as JSON.</summary>
    public Uri? Webhook { get; init; }

    /// <summary>How the dashboard is reached from where alerts are read; links in alerts start with it.</summary>
    public Uri? ExternalUrl { get; init; }

    /// <summary>How often alerts of open incidents are sent again (Alertmanager forgets alerts not renewed).</summary>
    public TimeSpan AlertRepeat { get; init; } = TimeSpan.FromMinutes(1);

    public static string DefaultDatabase => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state ? state
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"),
        "goroscope", "watch.db");
}
