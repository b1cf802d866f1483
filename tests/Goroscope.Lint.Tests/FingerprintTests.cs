namespace Goroscope.Lint.Tests;

/// <summary>Fingerprints and baselines: stable when unrelated lines move, distinct for repeated lines.</summary>
public class FingerprintTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("goroscope-baseline-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static Diagnostic At(int line, string text) => new()
    {
        RuleId = "select-forever",
        File = "a.go",
        Start = new LineColumn(line, 2),
        End = new LineColumn(line, 11),
        Severity = Severity.Warning,
        Message = "m",
        Fix = "f",
        SourceLine = text,
    };

    [Fact]
    public void Fingerprint_does_not_change_when_the_finding_moves_to_another_line()
    {
        var before = Fingerprint.Assign([At(10, "\tselect {}")]);
        var after = Fingerprint.Assign([At(42, "    select {}")]);
        Assert.Equal(before[0].Fingerprint, after[0].Fingerprint);
    }

    [Fact]
    public void Identical_lines_get_distinct_fingerprints_by_occurrence()
    {
        var both = Fingerprint.Assign([At(20, "\tselect {}"), At(10, "\tselect {}")]);
        Assert.Equal([10, 20], both.Select(d => d.Start.Line));
        Assert.NotEqual(both[0].Fingerprint, both[1].Fingerprint);
    }

    [Fact]
    public void Baseline_round_trips_fingerprints()
    {
        var findings = Fingerprint.Assign([At(3, "\tselect {}"), At(7, "\tgo f()")]);
        var path = Path.Combine(dir, "baseline.json");
        Baseline.Write(path, findings);
        Assert.Equal(findings.Select(f => f.Fingerprint).ToHashSet(), Baseline.Read(path));
    }

    [Fact]
    public void A_file_that_is_not_a_baseline_is_a_format_error()
    {
        var path = Path.Combine(dir, "x.json");
        File.WriteAllText(path, "{\"version\": 1}");
        Assert.Throws<FormatException>(() => Baseline.Read(path));
        File.WriteAllText(path, "not json");
        Assert.Throws<FormatException>(() => Baseline.Read(path));
    }
}
