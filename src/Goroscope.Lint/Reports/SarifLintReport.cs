using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Reports;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning: one run whose driver lists every rule (descriptions,
/// help, default level) and one result per finding, with its location relative to %SRCROOT%
/// and a partial fingerprint that does not depend on line numbers.
/// </summary>
public static class SarifLintReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string FingerprintKey = "goroscopeFingerprint/v1";

    /// <param name="sourceRoot">The directory relative file paths are relative to (the working directory).</param>
    public static void Write(Stream output, LintReport report, string sourceRoot, string toolVersion)
    {
        var rules = RuleSet.All;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "goroscope");
        json.WriteString("semanticVersion", toolVersion);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", PascalCase(rule.Id));
            WriteMessage(json, "shortDescription", rule.Title);
            WriteMessage(json, "fullDescription", rule.Doc);
            json.WriteStartObject("help");
            json.WriteString("text", $"{rule.Doc}\n\nSee {rule.HelpPath} in the Goroscope repository.");
            json.WriteString("markdown", $"**{rule.Title}**\n\n{rule.Doc}\n\nSee `{rule.HelpPath}` in the Goroscope repository.");
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", LintReport.Level(rule.DefaultSeverity));
            json.WriteBoolean("enabled", rule.EnabledByDefault);
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStartArray("tags");
            json.WriteStringValue("goroutine-leak");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("%SRCROOT%");
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRoot)) + "/").AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("columnKind", "utf16CodeUnits");

        json.WriteStartArray("results");
        foreach (var d in report.Findings)
        {
            var index = rules.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.Id == d.RuleId, (null!, -1)).Item2;
            json.WriteStartObject();
            json.WriteString("ruleId", d.RuleId);
            if (index >= 0)
                json.WriteNumber("ruleIndex", index);
            json.WriteString("level", LintReport.Level(d.Severity));
            WriteMessage(json, "message", $"{d.Message}. Fix: {d.Fix}");
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            var (uri, relative) = ArtifactUri(d.File, sourceRoot);
            json.WriteString("uri", uri);
            if (relative)
                json.WriteString("uriBaseId", "%SRCROOT%");
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", d.Start.Line);
            json.WriteNumber("startColumn", Utf16Column(d.SourceLine, d.Start.Column));
            json.WriteNumber("endLine", Math.Max(d.End.Line, d.Start.Line));
            json.WriteNumber("endColumn", d.End.Line == d.Start.Line ? Math.Max(Utf16Column(d.SourceLine, d.End.Column), Utf16Column(d.SourceLine, d.Start.Column)) : d.End.Column);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            if (d.Related.Count > 0)
            {
                json.WriteStartArray("relatedLocations");
                for (var i = 0; i < d.Related.Count; i++)
                {
                    var related = d.Related[i];
                    json.WriteStartObject();
                    json.WriteNumber("id", i + 1);
                    json.WriteStartObject("physicalLocation");
                    json.WriteStartObject("artifactLocation");
                    var (relatedUri, relatedRelative) = ArtifactUri(related.File, sourceRoot);
                    json.WriteString("uri", relatedUri);
                    if (relatedRelative)
                        json.WriteString("uriBaseId", "%SRCROOT%");
                    json.WriteEndObject();
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", related.Start.Line);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    WriteMessage(json, "message", related.Message);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteStartObject("partialFingerprints");
            json.WriteString(FingerprintKey, d.Fingerprint);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    // Relative to the source root with forward slashes when the file is under it; an absolute file: URI otherwise.
    private static (string Uri, bool Relative) ArtifactUri(string file, string sourceRoot)
    {
        var full = Path.GetFullPath(file);
        var relative = Path.GetRelativePath(Path.GetFullPath(sourceRoot), full);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            return (string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)), true);
        return (new Uri(full).AbsoluteUri, false);
    }

    // Go columns count bytes; SARIF's default columnKind counts UTF-16 code units.
    private static int Utf16Column(string line, int byteColumn)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var n = Math.Clamp(byteColumn - 1, 0, bytes.Length);
        return Encoding.UTF8.GetString(bytes, 0, n).Length + 1 + Math.Max(0, byteColumn - 1 - bytes.Length);
    }

    private static string PascalCase(string id) => string.Concat(id.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
