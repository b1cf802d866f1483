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
    public void File_path_is_a_usage_error()
    {
        var run = Cli.Run("check", "dump.txt");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no http(s) URL", run.Stderr);
    }

    [Fact]
    public void Bad_duration_is_a_usage_error()
    {
        var run = Cli.Run("check", "http://127.0.0.1:1", "--duration", "soon");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--duration soon: not a duration", run.Stderr);
    }
}
