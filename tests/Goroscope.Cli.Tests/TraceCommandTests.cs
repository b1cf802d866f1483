using System.Text.Json;
using Goroscope.Tests;

namespace Goroscope.Cli.Tests;

public class TraceCommandTests
{
    private static readonly string Trace = Path.Combine(Paths.TestData, "traces", "go1.27", "traceleak.trace");

    [Fact]
    public void Text_report_lists_the_leaks_first()
    {
        var outcome = Cli.Run("trace", Trace);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("5 leak suspects", outcome.Stdout);
        Assert.Contains("main.leakWait main.go:111", outcome.Stdout);
        Assert.Contains("create → first run", outcome.Stdout);
        Assert.Contains("main.worker", outcome.Stdout);
    }

    [Fact]
    public void Json_report_has_the_documented_schema()
    {
        var outcome = Cli.Run("trace", Trace, "--format", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        var root = json.RootElement;
        Assert.Equal("goroscope.trace/v1", root.GetProperty("schema").GetString());
        Assert.Equal("1.26", root.GetProperty("traceFormat").GetString());
        Assert.Equal(5, root.GetProperty("suspects").GetInt32());
        var first = root.GetProperty("blocked")[0];
        Assert.True(first.GetProperty("bucket").GetProperty("suspect").GetBoolean());
        Assert.True(first.GetProperty("blockedNs").GetProperty("max").GetInt64() > 0);
        Assert.True(root.GetProperty("latency").GetProperty("createToFirstRun").GetProperty("count").GetInt64() > 0);
        Assert.Contains(root.GetProperty("groups").EnumerateArray(), g => g.GetProperty("name").GetString() == "main.worker");
    }

    [Fact]
    public void Fail_on_score_exits_1_when_a_blocked_bucket_reaches_it()
    {
        Assert.Equal(1, Cli.Run("trace", Trace, "--fail-on-score", "40").ExitCode);
        Assert.Equal(0, Cli.Run("trace", Trace, "--fail-on-score", "99").ExitCode);
    }

    [Fact]
    public void Pprof_writes_a_gzipped_profile_to_the_output_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"goroscope-sched-{Guid.NewGuid():N}.pb.gz");
        try
        {
            Assert.Equal(0, Cli.Run("trace", Trace, "--pprof", "sched", "-o", path).ExitCode);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal((0x1f, 0x8b), (bytes[0], bytes[1]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pprof_without_an_output_file_is_a_usage_error()
    {
        var outcome = Cli.Run("trace", Trace, "--pprof", "sync");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("goroscope: --pprof writes a binary profile: give a file with -o\n", outcome.Stderr);
    }

    [Fact]
    public void A_dump_is_no_trace()
    {
        var outcome = Cli.Run("trace", Paths.Dump("go1.27", "leakzoo.debug2.txt"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("goroscope: not a Go execution trace: the file does not start with `go 1.N trace`\n", outcome.Stderr);
    }

    [Fact]
    public void Analyze_points_a_trace_to_the_trace_verb()
    {
        var outcome = Cli.Run("analyze", Trace);
        Assert.Equal((2, $"goroscope: {Trace}: the input is a Go execution trace, not a goroutine dump: read it with `goroscope trace`\n"), (outcome.ExitCode, outcome.Stderr));
    }

    [Fact]
    public void A_cut_trace_says_so_in_one_line()
    {
        var bytes = File.ReadAllBytes(Trace);
        var outcome = Cli.RunWithInput(bytes[..(bytes.Length / 2)], "trace", "-");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("goroscope: ", outcome.Stderr);
        Assert.Contains("truncated", outcome.Stderr);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Goroutine_option_prints_its_life_change_by_change()
    {
        var outcome = Cli.Run("trace", Trace, "--goroutine", "16");
        Assert.Equal(0, outcome.ExitCode);
        var story = outcome.Stdout[outcome.Stdout.IndexOf("goroutine 16 main.leakWait", StringComparison.Ordinal)..];
        Assert.Contains("created by goroutine 1 at main.main main.go:54", story);
        Assert.Contains("NotExist → Runnable", story);
        Assert.Contains("Running → Waiting (sync)  at sync.(*WaitGroup).Wait", story);
        Assert.Contains("still waiting at the end", story);
    }

    [Fact]
    public void Unknown_goroutine_is_a_usage_error()
    {
        var outcome = Cli.Run("trace", Trace, "--goroutine", "999");
        Assert.Equal((2, "goroscope: --goroutine 999: no such goroutine in the trace\n"), (outcome.ExitCode, outcome.Stderr));
    }

    [Fact]
    public void Live_process_is_recorded_for_the_asked_seconds_and_its_leaks_found()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-every", "20ms");
        var outcome = Cli.Run("trace", target.Url, "--seconds", "1");
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("/debug/pprof/trace?seconds=1", outcome.Stdout);
        Assert.Contains("main.leakedSender", outcome.Stdout);
        Assert.Matches(@"[1-9]\d* leak suspects?", outcome.Stdout);
    }

    [Fact]
    public void Unreachable_process_is_one_line()
    {
        var outcome = Cli.Run("trace", "http://127.0.0.1:9/", "--seconds", "1", "--timeout", "2s");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("goroscope: cannot fetch http://127.0.0.1:9/debug/pprof/trace?seconds=1: ", outcome.Stderr);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var outcome = Cli.Run("trace", "/nonexistent/trace.out");
        Assert.Equal((2, "goroscope: cannot open /nonexistent/trace.out: no such file\n"), (outcome.ExitCode, outcome.Stderr));
    }
}
