namespace Goroscope.Lint.Reports;

/// <summary>What every lint report shows: the findings left after ignores and the baseline, and the run's counts.</summary>
public sealed record LintReport(IReadOnlyList<Diagnostic> Findings, LintResult Result, int Baselined)
{
    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    public static Severity? ParseLevel(string text) => text switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "note" => Severity.Note,
        _ => null,
    };

    /// <summary>"3 findings (2 errors, 1 warning)".</summary>
    public string Summary()
    {
        var counts = Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => Plural(g.Count(), Level(g.Key)));
        var head = Findings.Count == 0 ? "no findings" : $"{Plural(Findings.Count, "finding")} ({string.Join(", ", counts)})";
        var extra = new List<string> { $"{Plural(Result.FileCount, "file")} in {Plural(Result.PackageCount, "package")} linted" };
        if (Result.OutsideBuild > 0)
            extra.Add($"{Result.OutsideBuild} outside the build skipped");
        if (Result.Suppressed > 0)
            extra.Add($"{Result.Suppressed} ignored by comments");
        if (Baselined > 0)
            extra.Add($"{Baselined} in the baseline");
        if (Result.Problems.Count > 0)
            extra.Add($"{Plural(Result.Problems.Count, "file")} not linted");
        return $"{head}; {string.Join(", ", extra)}";
    }

    /// <summary>"types resolved for 4 packages: 3 fully, 1 with unknowns"; null when no rule asked for types.</summary>
    public string? TypeSummary()
    {
        var types = Result.Types;
        return types.Resolved == 0 ? null : $"types resolved for {Plural(types.Resolved, "package")}: {types.Full} fully, {types.WithUnknowns} with unknowns";
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
