using System.Text.Encodings.Web;
using System.Text.Json;
using Goroscope.Traces.Analysis;
using Goroscope.Traces.Timelines;

namespace Goroscope.Reports;

/// <summary>`goroscope trace --format json`: schema `goroscope.trace/v1` (docs/json-schema.md). Durations are nanoseconds.</summary>
public static class TraceJsonReport
{
    public const string Schema = "goroscope.trace/v1";

    public static void Write(Stream output, TraceAnalysis analysis, string source)
    {
        var t = analysis.Timeline;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteString("source", source);
        json.WriteString("traceFormat", $"1.{t.Version}");
        if (t.Wall is { } wall)
            json.WriteString("wall", wall);
        else
            json.WriteNull("wall");
        json.WriteNumber("durationNs", t.Duration);
        json.WriteNumber("events", t.Events);
        json.WriteStartObject("goroutines");
        json.WriteNumber("seen", t.GoroutinesSeen);
        json.WriteNumber("created", t.GoroutinesCreated);
        json.WriteNumber("ended", t.GoroutinesEnded);
        json.WriteNumber("alive", t.Alive.Count);
        json.WriteNumber("blocked", analysis.Blocked.Goroutines);
        json.WriteEndObject();
        json.WriteNumber("suspects", analysis.Blocked.Suspects);
        json.WriteNumber("suspectThreshold", Goroscope.Analysis.Scoring.SuspectThreshold);

        json.WriteStartArray("blocked");
        foreach (var suspect in analysis.Buckets)
        {
            json.WriteStartObject();
            json.WritePropertyName("bucket");
            JsonReport.WriteBucket(json, suspect.Bucket);
            json.WriteStartObject("blockedNs");
            json.WriteNumber("min", suspect.MinBlocked);
            json.WriteNumber("max", suspect.MaxBlocked);
            json.WriteEndObject();
            json.WriteBoolean("blockedAtLeastSinceStart", suspect.BlockedAtLeastSinceStart);
            json.WriteStartArray("goroutines");
            foreach (var life in suspect.Goroutines)
            {
                json.WriteStartObject();
                json.WriteNumber("id", life.Id);
                json.WriteNumber("creator", life.CreatorId);
                json.WriteNumber("createdAtNs", life.CreatedAt - t.Start);
                json.WriteNumber("blockedSinceNs", life.StateSince - t.Start);
                json.WriteNumber("blocks", life.Blocks);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("latency");
        WriteHistogram(json, "createToFirstRun", t.CreateToRun);
        WriteHistogram(json, "runnableToRunning", t.SchedulerLatency);
        json.WriteStartArray("byCreationSite");
        foreach (var site in t.CreationSites)
        {
            json.WriteStartObject();
            json.WritePropertyName("site");
            JsonReport.WriteFrame(json, site.Site);
            json.WriteNumber("created", site.Created);
            WriteHistogram(json, "createToFirstRun", site.CreateToRun);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartArray("groups");
        foreach (var g in t.Groups)
        {
            json.WriteStartObject();
            json.WriteString("name", g.Name);
            json.WriteNumber("goroutines", g.Goroutines);
            json.WriteNumber("ended", g.Ended);
            json.WriteStartObject("timeNs");
            json.WriteNumber("execution", g.Time.Execution);
            json.WriteNumber("schedulerWait", g.Time.SchedulerWait);
            json.WriteNumber("syncBlock", g.Time.SyncBlock);
            json.WriteNumber("networkWait", g.Time.NetworkWait);
            json.WriteNumber("syscall", g.Time.Syscall);
            json.WriteNumber("syscallBlocked", g.Time.SyscallBlocked);
            json.WriteNumber("otherBlock", g.Time.OtherBlock);
            json.WriteNumber("gc", g.Time.GC);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteHistogram(Utf8JsonWriter json, string name, LatencyHistogram h)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", h.Count);
        json.WriteNumber("meanNs", h.Count == 0 ? 0 : h.Sum / h.Count);
        json.WriteNumber("p50Ns", h.Percentile(50));
        json.WriteNumber("p90Ns", h.Percentile(90));
        json.WriteNumber("p99Ns", h.Percentile(99));
        json.WriteNumber("maxNs", h.Max);
        json.WriteEndObject();
    }
}
