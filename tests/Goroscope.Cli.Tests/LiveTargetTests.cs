using Goroscope.Tests;
using System.Text.Json;

namespace Goroscope.Cli.Tests;

/// <summary>`goroscope analyze http://…` against a real Go process serving net/http/pprof on 127.0.0.1.</summary>
public class LiveTargetTests
{
    [Fact]
    public void Base_url_reads_the_debug2_dump_and_finds_the_leak()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "25");
        var run = Cli.Run("analyze", target.Url, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("traceback", root.GetProperty("format").GetString());
        var leak = root.GetProperty("buckets").EnumerateArray()
            .Single(b => b.GetProperty("blockingSite").GetProperty("function").GetString() == "main.leakedSender");
        Assert.Equal(25, leak.GetProperty("count").GetInt64());
        Assert.Equal("chan-send", leak.GetProperty("pattern").GetString());
    }

    [Fact] // needs Go 1.26+ for the goroutineleak profile; .ci/run installs 1.27
    public void Goroutines_the_runtime_proved_leaked_are_marked()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "7");
        var run = Cli.Run("analyze", target.Url, "--format", "json");
        using var json = JsonDocument.Parse(run.Stdout);
        var leak = json.RootElement.GetProperty("buckets").EnumerateArray()
            .Single(b => b.GetProperty("blockingSite").GetProperty("function").GetString() == "main.leakedSender");
        Assert.Equal(7, leak.GetProperty("leaked").GetInt64());
    }

    [Fact]
    public void Full_pprof_url_is_taken_as_given()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "4");
        var run = Cli.Run("analyze", target.Url + "/debug/pprof/goroutine?debug=0", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("pprof", json.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void Refused_connection_is_one_line_and_exit_2()
    {
        var run = Cli.Run("analyze", "http://127.0.0.1:1", "--timeout", "5");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("goroscope: cannot fetch http://127.0.0.1:1/debug/pprof/goroutine?debug=2: ", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Missing_page_is_one_line_naming_the_status()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        var run = Cli.Run("analyze", target.Url + "/no/such/page");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("answered 404", run.Stderr);
    }
}
