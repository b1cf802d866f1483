using Goroscope.Lint.Rules;
using Goroscope.Tests;

namespace Goroscope.Lint.Tests;

/// <summary>
/// Recall: testdata/lint/&lt;rule-id&gt;/ holds small leaky programs, each expected finding marked
/// `// want "rule-id"` on its line. Every rule (off-by-default ones too) runs over the whole
/// corpus: each mark must be found at its line, and nothing unmarked may be reported.
/// </summary>
public class CorpusTests
{
    private static readonly string Corpus = Path.Combine(Paths.TestData, "lint");

    [Fact]
    public void Every_want_is_found_at_its_line_and_nothing_else_is_reported()
    {
        var load = PackageLoader.Load([Corpus], new LoadOptions());
        Assert.Empty(load.Problems);
        var everything = RuleSet.All.ToDictionary(a => a.Id, a => new RuleSetting(true, a.DefaultSeverity));
        var found = Linter.Run(load, everything).Diagnostics.Select(d => (File: Path.GetRelativePath(Corpus, d.File), d.Start.Line, d.RuleId)).ToHashSet();
        var wanted = load.Packages.SelectMany(p => p.Files)
            .SelectMany(f => LintTest.Wants([(Path.GetRelativePath(Corpus, f.Path), File.ReadAllText(f.Path))]))
            .ToHashSet();
        var missing = wanted.Except(found).Select(w => $"missing {w.RuleId} at {w.File}:{w.Line}");
        var unexpected = found.Except(wanted).Select(f => $"unexpected {f.RuleId} at {f.File}:{f.Line}");
        var problems = missing.Concat(unexpected).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_rule_has_at_least_three_leaky_variants()
    {
        foreach (var rule in RuleSet.All)
        {
            var dir = Path.Combine(Corpus, rule.Id);
            var wants = Directory.EnumerateFiles(dir, "*.go", SearchOption.AllDirectories)
                .SelectMany(f => LintTest.Wants([(f, File.ReadAllText(f))]))
                .Count(w => w.RuleId == rule.Id);
            Assert.True(wants >= 3, $"{rule.Id}: {wants} marked findings");
        }
    }
}
