using System.Text.Encodings.Web;
using System.Text.Json;

namespace Goroscope.Lint;

/// <summary>
/// A baseline file: the fingerprints of findings accepted as they are, so that CI fails only on new
/// ones. Fingerprints do not contain line numbers (see <see cref="Fingerprint"/>); the rule, file
/// and line stored beside each are for people reading the file.
/// </summary>
public static class Baseline
{
    public const int Version = 1;

    public static void Write(string path, IEnumerable<Diagnostic> findings)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("version", Version);
        json.WriteString("tool", "goroscope lint");
        json.WriteStartArray("findings");
        foreach (var d in findings)
        {
            json.WriteStartObject();
            json.WriteString("fingerprint", d.Fingerprint);
            json.WriteString("ruleId", d.RuleId);
            json.WriteString("file", d.File.Replace('\\', '/'));
            json.WriteNumber("line", d.Start.Line);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The fingerprints in a baseline file; throws FormatException when it is not one.</summary>
    public static IReadOnlySet<string> Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{path}: not a goroscope lint baseline (no \"findings\" list)");
            return findings.EnumerateArray()
                .Select(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("fingerprint", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new FormatException($"{path}: a finding without a fingerprint"))
                .ToHashSet(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
