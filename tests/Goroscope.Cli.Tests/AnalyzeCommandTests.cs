using Goroscope.Tests;
using System.Text.Json;

namespace Goroscope.Cli.Tests;

/// <summary>`goroscope analyze` as a user runs it: outputs, exit codes and one-line errors.</summary>
public class AnalyzeCommandTests
{
    private static readonly string Leakzoo = Path.Combine(Paths.TestData, "dumps", "go1.27", "leakzoo.debug2.txt");

    [Fact]
    public void Text_report_opens_with_the_summary_line()
    {
        var run = Cli.Run("analyze", Leakzoo);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("241 goroutines in ", run.Stdout);
        Assert.Contains("leak suspects", run.Stdout.Split('\n')[0]);
        Assert.Contains("main.handleRequest", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Text_report_has_no_colour_codes_when_not_on_a_terminal()
    {
        Assert.DoesNotContain("\u001b[", Cli.Run("analyze", Leakzoo).Stdout);
    }

    [Fact]
    public void Json_report_follows_the_documented_schema()
    {
        var run = Cli.Run("analyze", Leakzoo, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("goroscope.analyze/v1", root.GetProperty("schema").GetString());
        Assert.Equal(241, root.GetProperty("goroutines").GetInt64());
        var top = root.GetProperty("buckets")[0];
        foreach (var field in new[] { "count", "state", "pattern", "score", "blockingSite", "createdBy", "minutes", "leaked", "frames" })
            Assert.True(top.TryGetProperty(field, out _), field);
        Assert.Equal("main.handleRequest", top.GetProperty("blockingSite").GetProperty("function").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
    }

    [Fact]
    public void Output_option_writes_the_report_to_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"goroscope-{Guid.NewGuid():N}.json");
        try
        {
            var run = Cli.Run("analyze", Leakzoo, "--format", "json", "-o", path);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("", run.Stdout);
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(241, json.RootElement.GetProperty("goroutines").GetInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fail_on_score_exits_1_when_a_bucket_reaches_it()
    {
        Assert.Equal(1, Cli.Run("analyze", Leakzoo, "--fail-on-score", "40").ExitCode);
    }

    [Fact]
    public void Fail_on_score_exits_0_when_no_bucket_reaches_it()
    {
        Assert.Equal(0, Cli.Run("analyze", Leakzoo, "--fail-on-score", "50").ExitCode);
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("similar")]
    [InlineData("loose")]
    public void Every_grouping_keeps_every_goroutine(string grouping)
    {
        var run = Cli.Run("analyze", Leakzoo, "--format", "json", "--group", grouping);
        using var json = JsonDocument.Parse(run.Stdout);
        var buckets = json.RootElement.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(241, buckets.Sum(b => b.GetProperty("count").GetInt64()) + json.RootElement.GetProperty("ignoredGoroutines").GetInt64());
    }

    [Fact]
    public void Dash_reads_standard_input()
    {
        var run = Cli.RunWithInput(File.ReadAllBytes(Path.Combine(Paths.TestData, "dumps", "go1.27", "leakzoo.debug1.txt")), "analyze", "-", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("standard input", json.RootElement.GetProperty("source").GetString());
        Assert.Equal("debug1", json.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void Empty_standard_input_is_refused()
    {
        var run = Cli.RunWithInput([], "analyze", "-");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("goroscope: standard input: the input is empty", run.Stderr.Trim());
    }

    [Fact]
    public void Html_report_is_one_self_contained_page()
    {
        var run = Cli.Run("analyze", Leakzoo, "--format", "html");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", run.Stdout.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script src", run.Stdout);
        Assert.DoesNotContain("<link", run.Stdout);
    }

    [Fact]
    public void Missing_file_is_one_line_and_exit_2()
    {
        var run = Cli.Run("analyze", "/nonexistent/dump.txt");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("goroscope: cannot open /nonexistent/dump.txt: no such file\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Directory_is_refused()
    {
        var run = Cli.Run("analyze", Paths.TestData);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a directory", run.Stderr);
    }

    [Fact]
    public void Empty_file_is_one_line_and_exit_2()
    {
        var path = Path.GetTempFileName();
        try
        {
            var run = Cli.Run("analyze", path);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"goroscope: {path}: the input is empty", run.Stderr.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        var run = Cli.Run("analyze", Leakzoo, "--format", "xml");
        Assert.Equal(2, run.ExitCode);
        Assert.NotEqual("", run.Stderr);
    }

    [Fact]
    public void Snapshot_out_of_range_is_a_usage_error()
    {
        var run = Cli.Run("analyze", Leakzoo, "--snapshot", "3");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("holds 1 dump(s)", run.Stderr);
    }
}

/// <summary>`goroscope analyze` applies `.goroscope.yml` and the ignore presets as `diff`, `check` and `test` do.</summary>
public sealed class AnalyzeIgnoreTests : IDisposable
{
    private static readonly string Leakzoo = Path.Combine(Paths.TestData, "dumps", "go1.27", "leakzoo.debug2.txt");
    private readonly string _dir = Directory.CreateTempSubdirectory("goroscope-analyze-ignore-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Json(params string[] args)
    {
        var run = Cli.Run(["analyze", Leakzoo, "--format", "json", .. args]);
        Assert.Equal(0, run.ExitCode);
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    [Fact]
    public void Presets_leave_out_the_servers_background_goroutines_and_the_summary_counts_them()
    {
        var run = Cli.Run("analyze", Leakzoo);
        Assert.StartsWith("241 goroutines in 18 buckets; 5 leak suspects; 50 ignored", run.Stdout);
        Assert.DoesNotContain("net/http.(*conn).serve", run.Stdout);
    }

    [Fact]
    public void No_presets_keeps_every_bucket()
    {
        var root = Json("--no-presets");
        Assert.Equal(23, root.GetProperty("bucketCount").GetInt32());
        Assert.Equal(0, root.GetProperty("ignoredGoroutines").GetInt64());
    }

    [Fact]
    public void A_settings_file_rule_leaves_out_its_goroutines_and_json_counts_them()
    {
        var config = Path.Combine(_dir, ".goroscope.yml");
        File.WriteAllText(config, "version: 1\nignore:\n  - top-function: main.handleRequest\n");
        var root = Json("--config", config, "--no-presets");
        Assert.Equal(53, root.GetProperty("ignoredGoroutines").GetInt64());
        Assert.Equal(1, root.GetProperty("ignoredBuckets").GetInt32());
        Assert.DoesNotContain(root.GetProperty("buckets").EnumerateArray(), b => b.GetProperty("blockingSite").GetProperty("function").GetString() == "main.handleRequest");
    }

    [Fact]
    public void An_unknown_preset_is_a_usage_error()
    {
        var run = Cli.Run("analyze", Leakzoo, "--no-preset", "bogus");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("goroscope: --no-preset bogus: no such preset", run.Stderr);
    }
}
