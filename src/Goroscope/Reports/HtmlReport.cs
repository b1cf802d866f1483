using Goroscope.Analysis;

namespace Goroscope.Reports;

/// <summary>`--format html`: one self-contained page (no outside request) — placeholder until the full report lands.</summary>
public static class HtmlReport
{
    public static string Render(AnalysisResult result, ReportContext context) => throw new NotImplementedException();
}
