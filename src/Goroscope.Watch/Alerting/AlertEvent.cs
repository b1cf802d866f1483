using Goroscope.Watch.Storage;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch.Alerting;

/// <summary>An incident to tell receivers about: just opened, still open (a reminder), or resolved.</summary>
public sealed record AlertEvent(Incident Incident, Target Target, string Fix, Uri? DashboardUrl)
{
    public string State => Incident.IsOpen ? "firing" : "resolved";

    /// <summary>critical when the runtime proved the goroutines leaked; warning for the statistical signals.</summary>
    public string Severity => Incident.Signals.HasFlag(Detection.LeakSignal.RuntimeLeaked) ? "critical" : "warning";

    public string Summary => $"{Incident.Target}: {Incident.Count} goroutines {Verb} at {Site} ({Incident.Pattern})";

    public string Description =>
        $"Bucket {Incident.BucketShortId}: {Incident.Count} goroutines ({Incident.CountAtStart} when the incident opened at {Incident.Started:u}), "
        + $"growing {Incident.GrowthPerMinute:0.#}/min; signals: {Signals}. Fix: {Fix}";

    public string Signals => Incident.Signals.ToString().ToLowerInvariant().Replace(", ", ",", StringComparison.Ordinal);

    private string Verb => Incident.Signals.HasFlag(Detection.LeakSignal.RuntimeLeaked) ? "proved leaked" : "stuck";

    private string Site => Incident.BlockingSite.Length > 0 ? Incident.BlockingSite : "an unknown site";
}

/// <summary>Somewhere alerts go.</summary>
internal interface IAlertReceiver
{
    string Name { get; }

    Task SendAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancel);
}
