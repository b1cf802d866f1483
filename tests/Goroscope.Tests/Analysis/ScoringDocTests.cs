using System.Globalization;
using System.Text.RegularExpressions;
using Goroscope.Analysis;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis;

/// <summary>
/// The worked examples of docs/scoring.md are the tool's output: each `&lt;!-- example: DUMP FUNCTION --&gt;` table
/// lists every non-zero term of the buckets blocked at FUNCTION in testdata/dumps/DUMP, and their score.
/// </summary>
public partial class ScoringDocTests
{
    public static TheoryData<string> Examples() => [.. ReadExamples().Select(e => e.Key)];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Worked_example_matches_the_tool(string example)
    {
        var rows = ReadExamples()[example];
        var parts = example.Split(' ', 2);
        var dump = parts[0].Split('/');
        var buckets = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump(dump[0], dump[1]))).Buckets
            .Where(b => b.BlockingSite.Frame?.Function == parts[1]).ToList();
        Assert.NotEmpty(buckets);
        foreach (var bucket in buckets)
        {
            var documented = rows.Where(r => r.Term != "score").ToDictionary(r => r.Term, r => r.Value);
            var actual = bucket.ScoreTerms.Where(t => t.Kind != ScoreTermKind.Points || Math.Round(t.Value, 3) != 0)
                .ToDictionary(t => t.Name, t => t.Value);
            Assert.Equal(documented.Keys.Order(), actual.Keys.Order());
            foreach (var (term, value) in documented)
                Assert.True(Math.Abs(actual[term] - value) < 0.0005, $"{example}: {term} is {actual[term]}, the docs say {value}");
            Assert.Equal(rows.Single(r => r.Term == "score").Value, bucket.Score);
        }
    }

    [Fact]
    public void Every_evidence_term_has_a_worked_example()
    {
        var documented = ReadExamples().Values.SelectMany(rows => rows.Select(r => r.Term)).ToHashSet();
        string[] terms = [Scoring.CountTerm, Scoring.MinutesTerm, Scoring.SiteTerm, Scoring.PatternTerm, Scoring.BackgroundTerm,
            Scoring.RuntimeLeakedTerm, Scoring.ProcessAsleepTerm, Scoring.WaitForTerm, Scoring.FamilyBlockedTerm, Scoring.CreatorReturnedTerm];
        Assert.All(terms, t => Assert.Contains(t, documented));
    }

    private sealed record Row(string Term, double Value);

    private static Dictionary<string, List<Row>> ReadExamples()
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.RepoRoot, "docs", "scoring.md"));
        var examples = new Dictionary<string, List<Row>>();
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = ExampleMarker().Match(lines[i]);
            if (!marker.Success)
                continue;
            var rows = new List<Row>();
            for (var j = i + 3; j < lines.Length && lines[j].StartsWith('|'); j++)
            {
                var cells = lines[j].Split('|', StringSplitOptions.TrimEntries);
                var value = cells[^2].Trim('*').TrimStart('≥', '×');
                rows.Add(new Row(cells[1], double.Parse(value, CultureInfo.InvariantCulture)));
            }
            examples.Add(marker.Groups[1].Value, rows);
        }
        return examples;
    }

    [GeneratedRegex(@"^<!-- example: (\S+ \S+) -->$")]
    private static partial Regex ExampleMarker();
}
