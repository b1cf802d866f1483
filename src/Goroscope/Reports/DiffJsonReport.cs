using System.Text.Encodings.Web;
using System.Text.Json;
using Goroscope.Analysis.Diff;

namespace Goroscope.Reports;

/// <summary>`goroscope diff --format json`: schema `goroscope.diff/v1` (docs/json-schema.md).</summary>
public static class DiffJsonReport
{
    public const string Schema = "goroscope.diff/v1";

    public static void Write(Stream output, DiffResult diff, LeakGate gate, ReportContext baseline, ReportContext current)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        WriteSide(json, "baseline", diff.Baseline, baseline);
        WriteSide(json, "current", diff.Current, current);
        json.WriteNumber("delta", diff.Delta);
        json.WriteStartObject("thresholds");
        json.WriteString("failOn", gate.FailOn.ToString().ToLowerInvariant());
        json.WriteNumber("minGrowth", gate.MinGrowth);
        json.WriteNumber("minRatio", gate.MinRatio);
        json.WriteEndObject();
        json.WriteNumber("leaks", diff.Changes.Count(gate.IsLeak));
        json.WriteStartArray("changes");
        foreach (var change in diff.Changes)
        {
            json.WriteStartObject();
            json.WriteString("id", change.Id);
            json.WriteString("kind", change.Kind.ToString().ToLowerInvariant());
            json.WriteBoolean("leak", gate.IsLeak(change));
            if (change.IgnoredBy is { } rule)
                json.WriteString("ignoredBy", rule.ToString());
            else
                json.WriteNull("ignoredBy");
            json.WriteNumber("baseline", change.Baseline);
            json.WriteNumber("current", change.Current);
            json.WriteNumber("delta", change.Delta);
            if (double.IsInfinity(change.Ratio))
                json.WriteNull("ratio");
            else
                json.WriteNumber("ratio", Math.Round(change.Ratio, 3));
            json.WriteString("state", change.Bucket.State.Reason);
            json.WriteString("pattern", change.Bucket.Pattern.Id);
            json.WritePropertyName("blockingSite");
            JsonReport.WriteFrame(json, change.Bucket.BlockingSite.Frame, change.Bucket.BlockingSite.InUserCode);
            json.WritePropertyName("createdBy");
            JsonReport.WriteFrame(json, change.Bucket.CreatedBy);
            json.WriteStartArray("frames");
            foreach (var frame in change.Bucket.SignificantFrames)
                JsonReport.WriteFrame(json, frame);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSide(Utf8JsonWriter json, string name, Goroscope.Analysis.AnalysisResult result, ReportContext context)
    {
        json.WriteStartObject(name);
        json.WriteString("source", context.Source);
        json.WriteString("format", ReportContext.FormatName(result.Snapshot));
        json.WriteNumber("goroutines", result.Goroutines);
        json.WriteNumber("bucketCount", result.Buckets.Count);
        json.WriteStartArray("warnings");
        foreach (var warning in result.Warnings.Concat(context.Notes))
            json.WriteStringValue(warning);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
