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
        foreach (var group in accepted.Buckets.Where(SnapshotDiff.IsComparable).GroupBy(SnapshotDiff.MatchKey).OrderBy(g => g.Key, StringComparer.Ordinal))
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

    /// <exception cref="FormatException">The file is not a baseline file; the message names it and says why.</exception>
    public static IReadOnlyDictionary<string, long> Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not JSON (line {e.LineNumber + 1}): not a baseline file", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String || schema.GetString() != Schema)
                throw new FormatException($"{path} is not a {Schema} file");
            if (!root.TryGetProperty("stacks", out var stacks) || stacks.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{path}: `stacks` must be a list");
            var accepted = new Dictionary<string, long>();
            var index = 0;
            foreach (var stack in stacks.EnumerateArray())
            {
                if (stack.ValueKind != JsonValueKind.Object
                    || !stack.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                    || !stack.TryGetProperty("count", out var count) || !count.TryGetInt64(out var n) || n < 0)
                    throw new FormatException($"{path}: stack {index} needs a string `id` and a whole, non-negative `count`");
                if (!accepted.TryAdd(id.GetString()!, n))
                    throw new FormatException($"{path}: stack id {id.GetString()} is listed twice");
                index++;
            }
            return accepted;
        }
    }
}
