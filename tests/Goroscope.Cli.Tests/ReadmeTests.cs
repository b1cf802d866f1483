using System.Globalization;
using System.Text.RegularExpressions;
using Goroscope.Lint.Rules;
using Goroscope.Tests;

namespace Goroscope.Cli.Tests;

/// <summary>The README's example output is what the tool prints today.</summary>
public partial class ReadmeTests
{
    private const string Command = "$ goroscope analyze testdata/dumps/go1.27/leakzoo.debug2.txt --top 8 --source testdata/programs/leakzoo";

    [Fact]
    public void Example_output_matches_the_tool()
    {
        var readme = File.ReadAllLines(Path.Combine(Paths.RepoRoot, "README.md"));
        var start = Array.IndexOf(readme, Command);
        Assert.True(start >= 0, "README.md lost its example command");
        var expected = readme.Skip(start + 1).TakeWhile(l => l != "```").ToList();

        var dump = Path.Combine(Paths.TestData, "dumps", "go1.27", "leakzoo.debug2.txt");
        var checkout = Path.Combine(Paths.TestData, "programs", "leakzoo");
        var run = Cli.Run("analyze", dump, "--top", "8", "--source", checkout);
        // Only the source lines name the checkout; the dump's own paths stay as recorded (/work/main/...).
        var actual = run.Stdout.Replace(dump, "testdata/dumps/go1.27/leakzoo.debug2.txt").ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')
            .Select(l => (l.StartsWith("  source ", StringComparison.Ordinal) ? l.Replace(checkout, "testdata/programs/leakzoo") : l).TrimEnd()).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_count_of_lint_rules_is_the_number_there_are()
    {
        var readme = File.ReadAllText(Path.Combine(Paths.RepoRoot, "README.md"));
        var counts = RuleCount().Matches(readme).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(counts);
        Assert.All(counts, count => Assert.Equal(RuleSet.Ids.Count, count));
    }

    [GeneratedRegex(@"\b(\d+) rules\b")]
    private static partial Regex RuleCount();
}
