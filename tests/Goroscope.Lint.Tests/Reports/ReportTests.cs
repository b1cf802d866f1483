using System.Text;
using System.Text.Json;
using Goroscope.Lint.Reports;
using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Reports;

/// <summary>The four renderers over one small result.</summary>
public class ReportTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "goroscope-report-root"));

    private static LintReport Sample()
    {
        var findings = Fingerprint.Assign(
        [
            new Diagnostic
            {
                RuleId = "lost-cancel",
                File = Path.Combine(Root, "svc", "h.go"),
                Start = new LineColumn(12, 6),
                End = new LineColumn(12, 7),
                Severity = Severity.Error,
                Message = "the cancel function returned by context.WithTimeout is discarded",
                Fix = "keep it and defer it",
                SourceLine = "\tctx, _ := context.WithTimeout(p, d) // é",
            },
            new Diagnostic
            {
                RuleId = "select-forever",
                File = Path.Combine(Root, "svc", "h.go"),
                Start = new LineColumn(30, 2),
                End = new LineColumn(30, 11),
                Severity = Severity.Warning,
                Message = "`select {}` blocks, forever: 100%",
                Fix = "return instead",
                SourceLine = "\tselect {}",
            },
        ]);
        return new LintReport(findings, new LintResult(findings, [], 3, 1, 1), 0);
    }

    private static JsonElement Render(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Text_groups_by_file_and_puts_a_caret_under_the_column()
    {
        var output = new StringWriter();
        TextLintReport.Write(output, Sample());
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(Path.Combine(Root, "svc", "h.go"), lines[0]);
        Assert.Equal("  12:6: error [lost-cancel] the cancel function returned by context.WithTimeout is discarded", lines[1]);
        Assert.Equal("    \tctx, _ := context.WithTimeout(p, d) // é", lines[2]);
        Assert.Equal("    \t    ^", lines[3]);
        Assert.Equal("    fix: keep it and defer it", lines[4]);
        Assert.Equal("2 findings (1 error, 1 warning); 3 files in 1 package linted, 1 ignored by comments", lines[^2]);
    }

    [Fact]
    public void Json_has_the_documented_fields()
    {
        var root = Render(s => JsonLintReport.Write(s, Sample()));
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        var first = root.GetProperty("findings")[0];
        Assert.Equal("lost-cancel", first.GetProperty("ruleId").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal(12, first.GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal(16, first.GetProperty("fingerprint").GetString()!.Length);
        Assert.Equal(1, root.GetProperty("summary").GetProperty("byRule").GetProperty("select-forever").GetInt32());
    }

    [Fact]
    public void Sarif_is_a_2_1_0_log_with_rule_metadata_relative_locations_and_fingerprints()
    {
        var log = Render(s => SarifLintReport.Write(s, Sample(), Root, "0.1.0"));
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        Assert.Equal(SarifLintReport.SchemaUri, log.GetProperty("$schema").GetString());
        var run = Assert.Single(log.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("goroscope", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(RuleSet.All.Select(r => r.Id), rules.Select(r => r.GetProperty("id").GetString()));
        foreach (var rule in rules)
        {
            Assert.NotEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()!);
            Assert.NotEmpty(rule.GetProperty("fullDescription").GetProperty("text").GetString()!);
            Assert.NotEmpty(rule.GetProperty("help").GetProperty("text").GetString()!);
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" });
        }
        Assert.StartsWith("file:///", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), StringComparison.Ordinal);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        var first = results[0];
        Assert.Equal("lost-cancel", first.GetProperty("ruleId").GetString());
        Assert.Equal("lost-cancel", rules[first.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        Assert.Equal("error", first.GetProperty("level").GetString());
        Assert.NotEmpty(first.GetProperty("message").GetProperty("text").GetString()!);
        var location = Assert.Single(first.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
        Assert.Equal("svc/h.go", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var region = location.GetProperty("region");
        Assert.Equal((12, 6, 12, 7), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()));
        Assert.Equal(Sample().Findings[0].Fingerprint, first.GetProperty("partialFingerprints").GetProperty(SarifLintReport.FingerprintKey).GetString());
    }

    private static LintReport WithCause()
    {
        var file = Path.Combine(Root, "svc", "server.go");
        var findings = Fingerprint.Assign(
        [
            new Diagnostic
            {
                RuleId = "double-lock",
                File = file,
                Start = new LineColumn(20, 9),
                End = new LineColumn(20, 18),
                Severity = Severity.Error,
                Message = "this call locked `s.mu` again",
                Fix = "unlock before the call",
                SourceLine = "	return s.count()",
                Related = [new RelatedLocation(file, new LineColumn(17, 2), "`s.mu` locked here"), new RelatedLocation(Path.Combine(Root, "svc", "count.go"), new LineColumn(11, 2), "the callee locked `s.mu` again here")],
            },
        ]);
        return new LintReport(findings, new LintResult(findings, [], 2, 1, 0), 0);
    }

    [Fact]
    public void Sarif_gives_the_cause_of_a_finding_as_related_locations_in_order()
    {
        var log = Render(s => SarifLintReport.Write(s, WithCause(), Root, "0.1.0"));
        var result = Assert.Single(log.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        var related = result.GetProperty("relatedLocations").EnumerateArray().ToList();
        Assert.Equal([1, 2], related.Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(["svc/server.go", "svc/count.go"], related.Select(r => r.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
        Assert.Equal([17, 11], related.Select(r => r.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()));
        Assert.Equal("`s.mu` locked here", related[0].GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void Json_and_text_give_the_related_places_of_a_finding()
    {
        var related = Render(s => JsonLintReport.Write(s, WithCause())).GetProperty("findings")[0].GetProperty("related").EnumerateArray().ToList();
        Assert.Equal([17, 11], related.Select(r => r.GetProperty("start").GetProperty("line").GetInt32()));
        Assert.Equal("the callee locked `s.mu` again here", related[1].GetProperty("message").GetString());
        var output = new StringWriter();
        TextLintReport.Write(output, WithCause());
        var text = output.ToString();
        Assert.Contains("    17: `s.mu` locked here", text, StringComparison.Ordinal);
        Assert.Contains($"    {Path.Combine(Root, "svc", "count.go")}:11: the callee locked `s.mu` again here", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GitHub_annotations_escape_properties_and_data()
    {
        var output = new StringWriter();
        GitHubLintReport.Write(output, Sample());
        var lines = output.ToString().Split('\n');
        Assert.StartsWith($"::error file={Root.Replace(":", "%3A", StringComparison.Ordinal)}/svc/h.go,line=12,col=6,endLine=12,endColumn=7,title=goroscope lost-cancel::", lines[0], StringComparison.Ordinal);
        Assert.Contains("::`select {}` blocks, forever: 100%25. Fix: return instead", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("::warning ", lines[1], StringComparison.Ordinal);
    }
}
