using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests;

/// <summary>//goroscope:ignore comments: a rule and a reason, on the line or the line above.</summary>
public class SuppressionTests
{
    private const string Source = """
        package main

        func a() {
        	select {} //goroscope:ignore select-forever parks the plugin host until the process is killed
        }

        func b() {
        	//goroscope:ignore select-forever kept for the demo
        	select {}
        }

        func c() {
        	//goroscope:ignore select-forever
        	select {}
        }

        func d() {
        	//goroscope:ignore no-such-rule because
        	select {}
        }
        """;

    [Fact]
    public void Ignore_with_a_reason_on_the_line_or_above_silences_the_rule()
    {
        var found = LintTest.Lint(SelectForever.Rule, [("a.go", Source)]);
        Assert.DoesNotContain(found, d => d.Start.Line is 4 or 9);
    }

    [Fact]
    public void Ignore_without_a_reason_or_with_an_unknown_rule_silences_nothing_and_is_reported()
    {
        var found = LintTest.Lint(SelectForever.Rule, [("a.go", Source)]);
        Assert.Equal([(13, "bad-ignore"), (14, "select-forever"), (18, "bad-ignore"), (19, "select-forever")], found.Select(d => (d.Start.Line, d.RuleId)).Order());
        Assert.Contains("gives no reason", found.First(d => d.Start.Line == 13).Message, StringComparison.Ordinal);
        Assert.Contains("unknown rule `no-such-rule`", found.First(d => d.Start.Line == 18).Message, StringComparison.Ordinal);
    }
}
