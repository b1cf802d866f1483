using System.Text.Encodings.Web;
using System.Text.Json;
using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Stacks;

namespace Goroscope.Reports;

/// <summary>
/// `--format json`: the analysis as one JSON document, schema `goroscope.analyze/v1` (docs/json-schema.md).
/// Fields are added, never renamed or removed, within a schema version.
/// </summary>
public static class JsonReport
{
    public const string Schema = "goroscope.analyze/v1";

    public static void Write(Stream output, AnalysisResult result, ReportContext context)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteString("source", context.Source);
        json.WriteString("format", ReportContext.FormatName(result.Snapshot));
        json.WriteString("grouping", result.Grouping.ToString().ToLowerInvariant());
        json.WriteNumber("goroutines", result.Goroutines);
        json.WriteNumber("bucketCount", result.Buckets.Count);
        json.WriteNumber("suspects", result.Suspects);
        json.WriteNumber("suspectThreshold", Scoring.SuspectThreshold);
        json.WriteNumber("ignoredGoroutines", result.IgnoredGoroutines);
        json.WriteNumber("ignoredBuckets", result.IgnoredBuckets);
        json.WriteBoolean("truncated", result.Snapshot.Truncated);
        if (result.MissingGoroutines is { } missing)
            json.WriteNumber("missingGoroutines", missing);
        else
            json.WriteNull("missingGoroutines");
        json.WriteStartArray("warnings");
        foreach (var warning in result.Warnings.Concat(context.Notes))
            json.WriteStringValue(warning);
        json.WriteEndArray();
        json.WriteStartArray("buckets");
        foreach (var bucket in result.Buckets)
            WriteBucket(json, bucket);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static void WriteBucket(Utf8JsonWriter json, Bucket bucket)
    {
        json.WriteStartObject();
        json.WriteString("id", bucket.Id);
        json.WriteNumber("count", bucket.Count);
        json.WriteString("state", bucket.State.Reason);
        json.WriteBoolean("stateInferred", bucket.State.Inferred);
        json.WriteString("pattern", bucket.Pattern.Id);
        json.WriteString("why", bucket.Pattern.Why);
        json.WriteString("fix", bucket.Pattern.Fix);
        if (bucket.Background is { } background)
            json.WriteString("background", background);
        else
            json.WriteNull("background");
        json.WriteNumber("score", bucket.Score);
        json.WriteBoolean("suspect", bucket.IsSuspect);
        json.WriteStartArray("scoreTerms");
        foreach (var term in bucket.ScoreTerms)
            WriteScoreTerm(json, term);
        json.WriteEndArray();
        json.WriteNumber("leaked", bucket.Leaked);
        json.WriteNumber("lockedToThread", bucket.LockedToThread);
        json.WriteStartObject("minutes");
        json.WriteNumber("min", bucket.Count == 0 ? 0 : bucket.MinMinutes);
        json.WriteNumber("max", bucket.MaxMinutes);
        json.WriteEndObject();
        json.WritePropertyName("blockingSite");
        WriteFrame(json, bucket.BlockingSite.Frame, bucket.BlockingSite.InUserCode);
        json.WritePropertyName("createdBy");
        WriteFrame(json, bucket.CreatedBy);
        json.WriteStartArray("exampleIds");
        foreach (var id in bucket.ExampleIds)
            json.WriteNumberValue(id);
        json.WriteEndArray();
        json.WriteStartArray("parentIds");
        foreach (var id in bucket.ParentIds)
            json.WriteNumberValue(id);
        json.WriteEndArray();
        json.WriteStartArray("labels");
        foreach (var set in bucket.LabelSets)
        {
            json.WriteStartObject();
            json.WriteStartObject("labels");
            foreach (var (key, value) in set.Labels)
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteNumber("count", set.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteHealthy(json, bucket.Healthy);
        WriteSource(json, bucket.Source);
        json.WriteNumber("elidedFrames", bucket.Stack.ElidedFrames);
        json.WriteStartArray("frames");
        foreach (var frame in bucket.Stack.Frames)
            WriteFrame(json, frame);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteHealthy(Utf8JsonWriter json, HealthyPile? healthy)
    {
        if (healthy is null)
        {
            json.WriteNull("healthy");
            return;
        }
        json.WriteStartObject("healthy");
        json.WriteString("reason", healthy.Reason);
        json.WriteNumber("factor", healthy.Factor);
        json.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter json, SourceReading? source)
    {
        if (source is null)
        {
            json.WriteNull("source");
            return;
        }
        json.WriteStartObject("source");
        json.WriteString("file", source.File);
        json.WriteNumber("line", source.Line);
        json.WriteString("statement", StatementName(source.Kind));
        json.WriteStartArray("wakes");
        foreach (var wake in source.Wakes)
        {
            json.WriteStartObject();
            json.WriteString("kind", wake.Kind.ToString().ToLowerInvariant());
            json.WriteNumber("line", wake.Line);
            json.WriteString("text", wake.Text);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (source.Buffer is { } buffer)
            json.WriteNumber("buffer", buffer);
        else
            json.WriteNull("buffer");
        json.WriteBoolean("nilChannel", source.NilChannel);
        json.WriteStartArray("excerpt");
        foreach (var line in source.Excerpt)
        {
            json.WriteStartObject();
            json.WriteNumber("line", line.Number);
            json.WriteString("text", line.Text);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string StatementName(BlockingStatementKind kind) => kind switch
    {
        BlockingStatementKind.Send => "send",
        BlockingStatementKind.Receive => "receive",
        BlockingStatementKind.RangeReceive => "range",
        BlockingStatementKind.Select => "select",
        BlockingStatementKind.SelectForever => "select-forever",
        _ => "call",
    };

    private static void WriteScoreTerm(Utf8JsonWriter json, ScoreTerm term)
    {
        json.WriteStartObject();
        json.WriteString("name", term.Name);
        json.WriteString("kind", term.Kind.ToString().ToLowerInvariant());
        json.WriteNumber("value", Math.Round(term.Value, 3));
        json.WriteString("reason", term.Reason);
        if (term.Evidence is { } evidence)
            json.WriteString("evidence", evidence);
        else
            json.WriteNull("evidence");
        json.WriteEndObject();
    }

    internal static void WriteFrame(Utf8JsonWriter json, Frame? frame, bool? userCode = null)
    {
        if (frame is null)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartObject();
        json.WriteString("function", frame.Function);
        json.WriteString("package", frame.Package);
        json.WriteString("file", frame.File);
        json.WriteNumber("line", frame.Line);
        if (frame.Inlined)
            json.WriteBoolean("inlined", true);
        if (userCode is { } user)
            json.WriteBoolean("userCode", user);
        json.WriteEndObject();
    }
}
