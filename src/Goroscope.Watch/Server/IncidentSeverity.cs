using Goroscope.Watch.Detection;
using Goroscope.Watch.Storage;

namespace Goroscope.Watch.Server;

/// <summary>
/// How the dashboard and the API rank incidents: open before resolved; goroutines the runtime proved leaked before
/// those only inferred; a bucket still growing before a static pile; then the most goroutines first.
/// </summary>
internal static class IncidentSeverity
{
    /// <summary>`critical` when the runtime proved the goroutines leaked, else `warning`: the severity alerts carry too.</summary>
    public static string Of(Incident incident) => incident.Signals.HasFlag(LeakSignal.RuntimeLeaked) ? "critical" : "warning";

    public static IEnumerable<Incident> Order(IEnumerable<Incident> incidents) => incidents
        .OrderByDescending(i => i.IsOpen)
        .ThenByDescending(i => i.Signals.HasFlag(LeakSignal.RuntimeLeaked))
        .ThenByDescending(i => i.Signals.HasFlag(LeakSignal.Growth))
        .ThenByDescending(i => i.Count)
        .ThenByDescending(i => i.Started);
}
