using System.Text.Json;
using Goroscope.Tests;

namespace Goroscope.Cli.Tests;

/// <summary>`goroscope diff` as CI runs it: exit codes by the thresholds, JSON, one-line errors.</summary>
public class DiffCommandTests
{
    private static string Dump(string name) => Path.Combine(Paths.TestData, "dumps", "go1.27", name);

    [Fact]
    public void Growth_exits_1_and_names_the_leaking_stack()
    {
        var run = Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug0.pb.gz"));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("241 → 715 goroutines (+474); 0 new, 19 grown", run.Stdout);
        Assert.Contains("main.handleRequest", run.Stdout);
    }

    [Fact]
    public void Shrinking_exits_0()
    {
        Assert.Equal(0, Cli.Run("diff", Dump("leakzoo.scale3.debug2.txt"), Dump("leakzoo.scale1.debug2.txt")).ExitCode);
    }

    [Fact]
    public void Thresholds_above_the_growth_exit_0()
    {
        Assert.Equal(0, Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug2.txt"), "--min-ratio", "3.5").ExitCode);
        Assert.Equal(0, Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug2.txt"), "--min-growth", "107").ExitCode);
        Assert.Equal(0, Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug2.txt"), "--fail-on", "new").ExitCode);
    }

    [Fact]
    public void Json_lists_every_change_with_its_leak_verdict()
    {
        var run = Cli.Run("diff", Dump("leakzoo.scale1.debug1.txt"), Dump("leakzoo.scale3.debug2.txt"), "--format", "json", "--min-growth", "100");
        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("goroscope.diff/v1", root.GetProperty("schema").GetString());
        Assert.Equal(1, root.GetProperty("leaks").GetInt32());
        var leak = root.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("leak").GetBoolean());
        Assert.Equal(("grown", 53, 159), (leak.GetProperty("kind").GetString(), leak.GetProperty("baseline").GetInt32(), leak.GetProperty("current").GetInt32()));
        Assert.Equal("main.handleRequest", leak.GetProperty("blockingSite").GetProperty("function").GetString());
    }

    [Fact]
    public void Unreadable_side_is_one_line_and_exit_2()
    {
        var run = Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), "/nonexistent.txt");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("goroscope: cannot open /nonexistent.txt: no such file", run.Stderr.Trim());
    }

    [Fact]
    public void Ratio_below_one_is_a_usage_error()
    {
        Assert.Equal(2, Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug2.txt"), "--min-ratio", "0.5").ExitCode);
    }
}
