namespace Goroscope.Lint.Reports;

/// <summary>GitHub Actions workflow commands: one ::error / ::warning / ::notice annotation per finding.</summary>
public static class GitHubLintReport
{
    public static void Write(TextWriter output, LintReport report)
    {
        foreach (var d in report.Findings)
        {
            var command = d.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
            output.WriteLine($"::{command} file={Property(d.File.Replace('\\', '/'))},line={d.Start.Line},col={d.Start.Column},endLine={d.End.Line},endColumn={d.End.Column},title={Property("goroscope " + d.RuleId)}::{Data($"{d.Message}. Fix: {d.Fix}")}");
        }
        output.WriteLine(report.Summary());
    }

    // The escaping of the actions toolkit (command.ts): data escapes %, CR, LF; properties also ':' and ','.
    private static string Data(string s) => s.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string s) => Data(s).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
