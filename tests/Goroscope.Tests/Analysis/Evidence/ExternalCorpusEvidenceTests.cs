using Goroscope.Analysis;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Analysis.Evidence;

/// <summary>
/// The process evidence on dumps other people recorded (../shared/corpus/external-dumps): it proves the runtime's own
/// deadlocks, and in every other dump — servers, panics, crashes, tests — it makes no goroutine a suspect.
/// </summary>
public class ExternalCorpusEvidenceTests
{
    public static TheoryData<string> TextDumps() => [.. Files()];

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Paths.ExternalDumps).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("MANIFEST.tsv" or "README.md") && !f.EndsWith(".gz", StringComparison.Ordinal)).Order();

    private static bool IsRuntimeDeadlock(string file) =>
        File.ReadAllText(Path.Combine(Paths.ExternalDumps, file)).Contains("all goroutines are asleep - deadlock!", StringComparison.Ordinal);

    private static AnalysisResult? Analyze(string file)
    {
        try
        {
            using var stream = File.OpenRead(Path.Combine(Paths.ExternalDumps, file));
            return Analyzer.Analyze(DumpReader.Read(stream)[^1]);
        }
        catch (DumpReadException)
        {
            return null; // corrupt files the reader refuses with one line: nothing to judge
        }
    }

    [Theory]
    [MemberData(nameof(TextDumps))]
    public void Evidence_makes_no_suspect_outside_the_runtimes_deadlocks(string file)
    {
        if (IsRuntimeDeadlock(file) || Analyze(file) is not { } result)
            return;
        foreach (var bucket in result.Buckets)
        {
            var withoutProcessEvidence = Scoring.Total(bucket.ScoreTerms.Where(t => !t.IsEvidence || t.Name == Scoring.RuntimeLeakedTerm));
            Assert.Equal(withoutProcessEvidence >= Scoring.SuspectThreshold, bucket.IsSuspect);
        }
    }

    [Fact]
    public void Every_goroutine_of_the_runtimes_deadlocks_is_proven_asleep()
    {
        var deadlocks = Files().Where(IsRuntimeDeadlock).ToList();
        Assert.NotEmpty(deadlocks);
        foreach (var file in deadlocks)
            Assert.All(Analyze(file)!.Buckets, b => Assert.Contains(b.ScoreTerms, t => t.Name == Scoring.ProcessAsleepTerm && t.Kind == ScoreTermKind.Floor));
    }
}
