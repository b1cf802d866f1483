using System.Text.Encodings.Web;
using System.Text.Json;

namespace Goroscope.Lint.Reports;

/// <summary>The findings as one JSON document (docs/lint.md#json-output).</summary>
public static class JsonLintReport
{
    public const int SchemaVersion = 1;

    public static void Write(Stream output, LintReport report)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("version", SchemaVersion);
        json.WriteStartArray("findings");
        foreach (var d in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", d.RuleId);
            json.WriteString("severity", LintReport.Level(d.Severity));
            json.WriteString("file", d.File.Replace('\\', '/'));
            WritePosition(json, "start", d.Start);
            WritePosition(json, "end", d.End);
            json.WriteString("message", d.Message);
            json.WriteString("fix", d.Fix);
            json.WriteString("fingerprint", d.Fingerprint);
            if (d.Edit is { } edit)
            {
                json.WriteStartObject("suggestedEdit");
                WritePosition(json, "start", edit.Start);
                WritePosition(json, "end", edit.End);
                json.WriteString("newText", edit.NewText);
                json.WriteString("description", edit.Description);
                json.WriteEndObject();
            }
            if (d.Related.Count > 0)
            {
                json.WriteStartArray("related");
                foreach (var related in d.Related)
                {
                    json.WriteStartObject();
                    json.WriteString("file", related.File.Replace('\\', '/'));
                    WritePosition(json, "start", related.Start);
                    json.WriteString("message", related.Message);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("files", report.Result.FileCount);
        json.WriteNumber("outsideBuild", report.Result.OutsideBuild);
        json.WriteNumber("packages", report.Result.PackageCount);
        json.WriteNumber("findings", report.Findings.Count);
        json.WriteNumber("ignored", report.Result.Suppressed);
        json.WriteNumber("baselined", report.Baselined);
        json.WriteNumber("packagesTypedFully", report.Result.Types.Full);
        json.WriteNumber("packagesTypedWithUnknowns", report.Result.Types.WithUnknowns);
        json.WriteStartObject("byRule");
        foreach (var rule in report.Findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
            json.WriteNumber(rule.Key, rule.Count());
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("problems");
        foreach (var problem in report.Result.Problems)
        {
            json.WriteStartObject();
            json.WriteString("path", problem.Path);
            json.WriteString("message", problem.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter json, string name, LineColumn at)
    {
        json.WriteStartObject(name);
        json.WriteNumber("line", at.Line);
        json.WriteNumber("column", at.Column);
        json.WriteEndObject();
    }
}
