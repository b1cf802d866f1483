using Goroscope.Tests;
using System.Diagnostics;
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
        var run = Cli.Run("analyze", "http://127.0.0.1:1", "--timeout", "5s");
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

    [Fact]
    public void Host_and_port_alone_work_as_for_watch()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "3");
        var hostPort = target.Url["http://".Length..];
        var run = Cli.Run("analyze", hostPort, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal($"http://{hostPort}/debug/pprof/goroutine?debug=2", json.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public void A_path_that_is_no_profile_is_the_prefix_pprof_is_mounted_under()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        var run = Cli.Run("analyze", target.Url + "/admin");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"goroscope: {target.Url}/admin/debug/pprof/goroutine?debug=2 answered 404 Not Found\n", run.Stderr);
    }

    [Fact]
    public void A_body_over_the_cap_is_refused_in_one_line()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "50");
        var run = Cli.Run("analyze", target.Url, "--max-bytes", "1000");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"goroscope: {target.Url}/debug/pprof/goroutine?debug=2 sent more than the 1000 bytes cap\n", run.Stderr);
    }

    [Fact]
    public void Check_samples_host_and_port_alone()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        var run = Cli.Run("check", target.Url["http://".Length..], "--duration", "200ms", "--interval", "100ms", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"{target.Url}/debug/pprof/goroutine?debug=0", run.Stdout);
    }

    [Fact]
    public async Task Ctrl_c_is_told_from_a_timeout_exit_130()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Goroscope.Cli.dll"), "check", target.Url, "--duration", "60s", "--interval", "1s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var check = Process.Start(start)!;
        var firstSample = await check.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(firstSample);
        using (var interrupt = Process.Start("kill", ["-INT", check.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await interrupt.WaitForExitAsync();
        await check.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((130, "goroscope: interrupted\n"), (check.ExitCode, await check.StandardError.ReadToEndAsync()));
    }
}
