using Goroscope.Lint.Rules;
using Goroscope.Tests;

namespace Goroscope.Lint.Tests;

/// <summary>Every rule has its page, and docs/lint.md's table says the same default as the code.</summary>
public class RuleDocsTests
{
    public static TheoryData<string> RuleIds() => new(RuleSet.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_page_and_a_row_in_the_lint_doc_with_its_default(string id)
    {
        var rule = RuleSet.Find(id)!;
        var page = File.ReadAllText(Path.Combine(Paths.RepoRoot, rule.HelpPath));
        Assert.StartsWith($"# `{id}`", page, StringComparison.Ordinal);
        var row = File.ReadAllLines(Path.Combine(Paths.RepoRoot, "docs", "lint.md")).Single(l => l.StartsWith($"| `{id}` |", StringComparison.Ordinal));
        var expected = rule.EnabledByDefault ? rule.DefaultSeverity.ToString().ToLowerInvariant() : "**off**";
        Assert.Equal(expected, row.Split('|')[2].Trim());
    }
}
