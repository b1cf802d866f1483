using System.Text.Encodings.Web;
using System.Text.Json;

namespace Goroscope.Analysis.Diff;

/// <summary>
/// The accepted state (`--write-baseline FILE`, read back with `--baseline FILE`): per stack, by match id, how
/// many goroutines are known and accepted, so that later runs report only what exceeds it. JSON, schema
/// `goroscope.baseline/v1`; the function and site are there for the people who review the file.
/// </summary>
public static class BaselineFile
{
    public const string Schema = "goroscope.baseline/v1";

    public static void Write(string path, AnalysisResult accepted)
    {
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteStartArray("stacks");
        foreach (var group in accepted.Buckets.Where(b => !SnapshotDiff.IsDumpWriter(b)).GroupBy(SnapshotDiff.MatchKey).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var site = group.First().BlockingSite.Frame;
            json.WriteStartObject();
            json.WriteString("id", Signature.Id(group.Key));
            json.WriteNumber("count", group.Sum(b => b.Count));
            json.WriteString("blockingSite", site is null ? "" : $"{site.Function} {Path.GetFileName(site.File)}:{site.Line}");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <exception cref="FormatException">The file is not a baseline file; the message says why.</exception>
    public static IReadOnlyDictionary<string, long> Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.GetString() != Schema)
                throw new FormatException($"{path} is not a {Schema} file");
            return root.GetProperty("stacks").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("count").GetInt64());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{path} is not a valid baseline file: {e.Message.TrimEnd('.')}", e);
        }
    }
}
