using Goroscope.Reports;

namespace Goroscope.Lint.Reports;

/// <summary>GitHub Actions workflow commands: one ::error / ::warning / ::notice annotation per finding.</summary>
public static class GitHubLintReport
{
    public static void Write(TextWriter output, LintReport report)
    {
        foreach (var d in report.Findings)
        {
            new GitHubAnnotation(d.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" }, $"{d.Message}. Fix: {d.Fix}")
            {
                File = d.File.Replace('\\', '/'),
                Line = d.Start.Line,
                Column = d.Start.Column,
                EndLine = d.End.Line,
                EndColumn = d.End.Column,
                Title = "goroscope " + d.RuleId,
            }.WriteTo(output);
        }
        output.WriteLine(report.Summary());
    }
}
