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
    public void Github_format_annotates_each_leak_at_its_blocking_site()
    {
        // The dumps hold the paths of the checkout they were recorded in (testdata/dumps/SOURCES.md), wherever this one is.
        var run = Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug2.txt"), "--format", "github", "--repo-root", "/work/main");
        Assert.Equal(1, run.ExitCode);
        var errors = run.Stdout.Split('\n').Where(l => l.StartsWith("::error ", StringComparison.Ordinal)).ToList();
        Assert.Equal(16, errors.Count);
        Assert.StartsWith("::error file=testdata/programs/leakzoo/main.go,line=385,", errors[0]);
    }

    [Fact]
    public void Junit_format_fails_one_test_case_per_leak()
    {
        var run = Cli.Run("diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug2.txt"), "--format", "junit");
        Assert.Equal(1, run.ExitCode);
        var suite = System.Xml.Linq.XDocument.Parse(run.Stdout).Root!;
        Assert.Equal("16", suite.Attribute("failures")!.Value);
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

/// <summary>Ignore rules, .goroscope.yml and baseline files, as `diff` applies them.</summary>
public class DiffSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("goroscope-settings-").FullName;

    private static string Dump(string name) => Path.Combine(Paths.TestData, "dumps", "go1.27", name);

    private Cli.Outcome Diff(params string[] extra) =>
        Cli.Run(["diff", Dump("leakzoo.scale1.debug2.txt"), Dump("leakzoo.scale3.debug2.txt"), "--format", "json", .. extra]);

    private static int Leaks(Cli.Outcome run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("leaks").GetInt32();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Presets_leave_out_net_http_keep_alive_loops()
    {
        Assert.Equal(16, Leaks(Diff()));
        Assert.Equal(19, Leaks(Diff("--no-presets")));
        Assert.Equal(19, Leaks(Diff("--no-preset", "net-http")));
    }

    [Fact]
    public void Ignore_flags_take_goleak_rules_state_and_package()
    {
        Assert.Equal(15, Leaks(Diff("--ignore-top-function", "main.handleRequest")));
        Assert.Equal(15, Leaks(Diff("--ignore-created-by", "main.leakLogShipping")));
        Assert.Equal(11, Leaks(Diff("--ignore-state", "sync\\..*")));
        Assert.Equal(0, Leaks(Diff("--ignore-package", "mai?")));
    }

    [Fact]
    public void Settings_file_gives_rules_presets_and_thresholds()
    {
        var config = Path.Combine(_dir, ".goroscope.yml");
        File.WriteAllText(config, """
            version: 1
            ignore:
              - top-function: main.handleRequest
            presets:
              net-http: false
            diff:
              min-growth: 20
            """);
        var run = Diff("--config", config);
        // net-http off: 19 grown stacks; less handleRequest (ignored) and the 8 that grew by under 20.
        Assert.Equal(10, Leaks(run));
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void Bad_settings_file_is_one_line_naming_file_and_line()
    {
        var config = Path.Combine(_dir, ".goroscope.yml");
        File.WriteAllText(config, "version: 1\nignore:\n  - top-functon: x\n");
        var run = Diff("--config", config);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"goroscope: {config}:3: unknown ignore rule `top-functon` (top-function, any-function, created-by, state, package)", run.Stderr.Trim());
    }

    [Fact]
    public void Written_baseline_accepts_the_current_state()
    {
        var baseline = Path.Combine(_dir, "accepted.json");
        Assert.Equal(1, Diff("--write-baseline", baseline).ExitCode);
        var again = Diff("--baseline", baseline);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, Leaks(again));
    }

    [Fact]
    public void Missing_baseline_file_is_a_usage_error()
    {
        var run = Diff("--baseline", Path.Combine(_dir, "none.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such file", run.Stderr);
    }

    [Fact]
    public void Baseline_file_listing_a_stack_twice_is_one_line_and_exit_2()
    {
        var path = Path.Combine(_dir, "twice.json");
        File.WriteAllText(path, """{"schema": "goroscope.baseline/v1", "stacks": [{"id": "a", "count": 1}, {"id": "a", "count": 2}]}""");
        var run = Diff("--baseline", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"goroscope: {path}: stack id a is listed twice", run.Stderr.Trim());
    }

    [Fact]
    public void Baseline_file_with_a_fractional_count_names_the_file()
    {
        var path = Path.Combine(_dir, "half.json");
        File.WriteAllText(path, """{"schema": "goroscope.baseline/v1", "stacks": [{"id": "a", "count": 1.5}]}""");
        var run = Diff("--baseline", path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"goroscope: {path}: stack 0 needs", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("diff:\n  fail-on: grown, any\n", ":2: fail-on is new, grown or any")]
    [InlineData("ignore:\n  - top-function: [a, b]\n", ":2: `top-function` takes one value")]
    [InlineData("ignore:\n  - state: \"(unclosed\"\n", ":2: `(unclosed` is not a valid regular expression")]
    [InlineData("version: 2\n", ":1: unsupported version 2")]
    public void Settings_file_mistakes_are_refused_with_file_and_line(string yaml, string expected)
    {
        var config = Path.Combine(_dir, ".goroscope.yml");
        File.WriteAllText(config, yaml);
        var run = Diff("--config", config);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(config + expected, run.Stderr);
    }

    [Fact]
    public void Settle_with_standard_input_is_a_usage_error()
    {
        var run = Cli.RunWithInput(File.ReadAllBytes(Dump("leakzoo.scale3.debug2.txt")), "diff", Dump("leakzoo.scale1.debug2.txt"), "-", "--settle", "1s");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--settle reads the current side again", run.Stderr);
    }
}
