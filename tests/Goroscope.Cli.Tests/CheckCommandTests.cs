using System.Text.Json;

namespace Goroscope.Cli.Tests;

/// <summary>`goroscope check` against real Go processes on 127.0.0.1: one leaking on a timer, one not.</summary>
public class CheckCommandTests
{
    [Fact]
    public void Leak_on_a_timer_fails_within_the_window_and_names_the_stack()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-every", "50ms");
        var run = Cli.Run("check", target.Url, "--duration", "2s", "--interval", "500ms");
        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.StartsWith("sample 1/5", run.Stdout);
        Assert.Contains("LEAK", run.Stdout);
        Assert.Contains("main.leakedSender", run.Stdout);
    }

    [Fact]
    public void Same_program_without_the_leak_passes()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "20");
        var run = Cli.Run("check", target.Url, "--duration", "2s", "--interval", "500ms");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("no stack grew steadily", run.Stdout);
    }

    [Fact]
    public void Ignored_stack_does_not_fail_the_check()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-every", "50ms");
        var run = Cli.Run("check", target.Url, "--duration", "1s", "--interval", "500ms", "--ignore-top-function", "main.leakedSender", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var stack = json.RootElement.GetProperty("stacks").EnumerateArray()
            .Single(s => s.GetProperty("blockingSite").GetProperty("function").GetString() == "main.leakedSender");
        Assert.Equal("top-function: main.leakedSender", stack.GetProperty("ignoredBy").GetString());
    }

    [Fact]
    public void Written_baseline_holds_the_leaking_stack_at_its_count()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "12");
        var path = Path.Combine(Path.GetTempPath(), $"goroscope-baseline-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, Cli.Run("check", target.Url, "--duration", "500ms", "--interval", "500ms", "--write-baseline", path).ExitCode);
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var stack = json.RootElement.GetProperty("stacks").EnumerateArray()
                .Single(s => s.GetProperty("blockingSite").GetString()!.StartsWith("main.leakedSender ", StringComparison.Ordinal));
            Assert.Equal(12, stack.GetProperty("count").GetInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void File_path_is_a_usage_error()
    {
        var run = Cli.Run("check", "dump.txt");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("goroscope: check samples a live process: dump.txt is no host:port or http(s) URL\n", run.Stderr);
    }

    [Fact]
    public void Bad_duration_is_a_usage_error()
    {
        var run = Cli.Run("check", "http://127.0.0.1:1", "--duration", "soon");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--duration soon: not a duration", run.Stderr);
    }
}

/// <summary>`diff --settle` between two live processes.</summary>
public class SettleTests
{
    [Fact]
    public void Settle_keeps_sampling_the_current_side_while_leaks_persist()
    {
        using var before = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        using var after = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "5");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = Cli.Run("diff", before.Url + "/debug/pprof/goroutine?debug=2", after.Url + "/debug/pprof/goroutine?debug=2", "--settle", "1s");
        Assert.Equal(1, run.ExitCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"gave up after {clock.Elapsed}");
        Assert.Contains("main.leakedSender", run.Stdout);
    }

    [Fact]
    public void Settle_returns_at_once_when_nothing_leaks()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "5");
        var url = target.Url + "/debug/pprof/goroutine?debug=2";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, Cli.Run("diff", url, url, "--settle", "30s").ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }
}
