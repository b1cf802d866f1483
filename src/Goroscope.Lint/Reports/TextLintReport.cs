using System.Text;

namespace Goroscope.Lint.Reports;

/// <summary>Findings grouped by file, each with its source line, a caret under the column, and the fix.</summary>
public static class TextLintReport
{
    public static void Write(TextWriter output, LintReport report)
    {
        foreach (var file in report.Findings.GroupBy(f => f.File))
        {
            output.WriteLine(file.Key);
            foreach (var d in file)
            {
                output.WriteLine($"  {d.Start.Line}:{d.Start.Column}: {LintReport.Level(d.Severity)} [{d.RuleId}] {d.Message}");
                if (d.SourceLine.Length > 0)
                {
                    output.WriteLine($"    {d.SourceLine}");
                    output.WriteLine($"    {CaretPrefix(d.SourceLine, d.Start.Column)}^");
                }
                foreach (var related in d.Related)
                    output.WriteLine($"    {(related.File == d.File ? "" : related.File + ":")}{related.Start.Line}: {related.Message}");
                output.WriteLine($"    fix: {d.Fix}");
            }
            output.WriteLine();
        }
        output.WriteLine(report.Summary());
        if (report.TypeSummary() is { } types)
            output.WriteLine(types);
    }

    // The text before the column with every character but a tab turned into a space, so the caret lines up under tabs too.
    private static string CaretPrefix(string line, int byteColumn)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var before = Encoding.UTF8.GetString(bytes, 0, Math.Clamp(byteColumn - 1, 0, bytes.Length));
        return new string(before.Select(c => c == '\t' ? '\t' : ' ').ToArray());
    }
}
