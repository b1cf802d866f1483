using System.Text.RegularExpressions;
using Goroscope.GoSyntax;

namespace Goroscope.Lint;

/// <summary>
/// `//goroscope:ignore &lt;rule-id&gt; &lt;reason&gt;` comments: each silences that rule on its own line and
/// the line below. An ignore without a reason, or naming no known rule, silences nothing and is
/// itself reported (rule <see cref="BadIgnoreRuleId"/>), so that a suppression always says why.
/// </summary>
internal sealed partial class Suppressions
{
    public const string BadIgnoreRuleId = "bad-ignore";

    private readonly HashSet<(int Line, string Rule)> silenced = [];

    private Suppressions()
    {
    }

    public static Suppressions Read(LintFile file, IReadOnlySet<string> knownRules, List<Diagnostic> problems)
    {
        var result = new Suppressions();
        foreach (var comment in file.Syntax.Comments.SelectMany(g => g.List))
        {
            if (!comment.Text.StartsWith("//goroscope:ignore", StringComparison.Ordinal))
                continue;
            var line = file.LineColumnOf(comment.Pos).Line;
            var match = IgnoreComment().Match(comment.Text);
            string? problem = !match.Success ? "write `//goroscope:ignore <rule-id> <reason>`"
                : !knownRules.Contains(match.Groups["rule"].Value) ? $"unknown rule `{match.Groups["rule"].Value}`"
                : match.Groups["reason"].Value.Trim().Length == 0 ? $"the ignore of `{match.Groups["rule"].Value}` gives no reason"
                : null;
            if (problem is null)
            {
                result.silenced.Add((line, match.Groups["rule"].Value));
                result.silenced.Add((line + 1, match.Groups["rule"].Value));
                continue;
            }
            problems.Add(new Diagnostic
            {
                RuleId = BadIgnoreRuleId,
                File = file.Path,
                Start = file.LineColumnOf(comment.Pos),
                End = file.LineColumnOf(comment.End),
                Severity = Severity.Error,
                Message = $"this ignore comment silences nothing: {problem}",
                Fix = "name the rule and say why the finding does not apply, e.g. //goroscope:ignore lost-cancel cancelled by the caller",
                SourceLine = file.LineText(line),
            });
        }
        return result;
    }

    public bool Silences(Diagnostic diagnostic) => silenced.Contains((diagnostic.Start.Line, diagnostic.RuleId));

    [GeneratedRegex(@"^//goroscope:ignore(?:\s+(?<rule>[a-z0-9-]+))(?<reason>.*)$")]
    private static partial Regex IgnoreComment();
}
