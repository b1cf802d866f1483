using System.Text.Encodings.Web;
using System.Text.Json;
using Goroscope.Analysis;
using Goroscope.Analysis.Diff;
using Goroscope.Analysis.Trend;
using Spectre.Console;

namespace Goroscope.Reports;

/// <summary>`goroscope check`: a line per sample as it comes, then the stacks that grew steadily; or one JSON document (schema `goroscope.check/v1`).</summary>
public static class CheckReport
{
    public const string Schema = "goroscope.check/v1";

    public static void WriteSample(IAnsiConsole console, int index, int samples, TimeSpan at, AnalysisResult sample, AnalysisResult first, GrowthCheck check)
    {
        var growing = check.Verdicts().Where(v => v.Steady && v.IgnoredBy is null).Take(3)
            .Select(v => $"{Markup.Escape(v.Bucket.BlockingSite.Frame?.Function ?? v.Id)} {v.Delta:+#,0}").ToList();
        console.Line($"sample {index + 1}/{samples}  [dim]+{at.TotalSeconds:0.0}s[/]  {sample.Goroutines:N0} goroutines ({sample.Goroutines - first.Goroutines:+#,0;-#,0;0})"
            + (growing.Count > 0 ? $"  growing: {string.Join(", ", growing)}" : ""));
    }

    public static void WriteVerdicts(IAnsiConsole console, IReadOnlyList<Growth> verdicts, LeakGate gate)
    {
        var leaks = verdicts.Count(v => v.Leak);
        console.Line(leaks > 0
            ? $"[bold red]{leaks} stack{(leaks == 1 ? "" : "s")} grew steadily past the thresholds[/] [dim](--fail-on {gate.FailOn.ToString().ToLowerInvariant()}, --min-growth {gate.MinGrowth}, --min-ratio {gate.MinRatio})[/]"
            : "[green]no stack grew steadily past the thresholds[/]");
        var steady = verdicts.Where(v => v.Steady).ToList();
        if (steady.Count == 0)
            return;
        console.WriteLine();
        var table = new TextTable(new("verdict"), new("samples"), new("delta", true), new("pattern"), new("blocking site"))
        {
            BlocksBelow = TextTable.BucketBlockWidth,
        };
        foreach (var v in steady)
        {
            var site = v.Bucket.BlockingSite.Frame;
            table.AddRow(
                v.Leak ? Cell.Whole("LEAK", "bold red") : v.IgnoredBy is { } rule ? Cell.Text($"ignored: {rule}", "dim") : Cell.Text("below thresholds", "dim"),
                Cell.Text(string.Join(" → ", v.Series)),
                Cell.Whole($"{v.Delta:+#,0}"),
                Cell.Whole(v.Bucket.Pattern.Id),
                Cell.Site(site));
        }
        table.Write(console);
    }

    public static void WriteJson(Stream output, string target, IReadOnlyList<Growth> verdicts, int samples, TimeSpan interval, LeakGate gate)
    {
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("target", target);
            json.WriteNumber("samples", samples);
            json.WriteNumber("intervalSeconds", interval.TotalSeconds);
            json.WriteString("failOn", gate.FailOn.ToString().ToLowerInvariant());
            json.WriteNumber("minGrowth", gate.MinGrowth);
            json.WriteNumber("minRatio", gate.MinRatio);
            json.WriteNumber("leaks", verdicts.Count(v => v.Leak));
            json.WriteStartArray("stacks");
            foreach (var v in verdicts.Where(v => v.Steady || v.Leak))
            {
                json.WriteStartObject();
                json.WriteString("id", v.Id);
                json.WriteBoolean("leak", v.Leak);
                json.WriteBoolean("steady", v.Steady);
                if (v.IgnoredBy is { } rule)
                    json.WriteString("ignoredBy", rule.ToString());
                else
                    json.WriteNull("ignoredBy");
                json.WriteStartArray("series");
                foreach (var count in v.Series)
                    json.WriteNumberValue(count);
                json.WriteEndArray();
                json.WriteNumber("delta", v.Delta);
                json.WriteString("pattern", v.Bucket.Pattern.Id);
                json.WriteString("state", v.Bucket.State.Reason);
                json.WritePropertyName("blockingSite");
                JsonReport.WriteFrame(json, v.Bucket.BlockingSite.Frame, v.Bucket.BlockingSite.InUserCode);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }
}
