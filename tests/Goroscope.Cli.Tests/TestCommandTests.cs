using Goroscope.Tests;

namespace Goroscope.Cli.Tests;

/// <summary>
/// `goroscope test` end to end on testdata/programs/leakytests with the real Go toolchain: five tests leak (one
/// through a helper goroutine, one in parallel with a clean test, one in a subtest), the clean ones must not show.
/// </summary>
public class TestCommandTests
{
    private static readonly string Package = Path.Combine(Paths.TestData, "programs", "leakytests");

    static TestCommandTests()
    {
        Environment.SetEnvironmentVariable("GOTOOLCHAIN", "local");
        Environment.SetEnvironmentVariable("GOPROXY", "off");
        Environment.SetEnvironmentVariable("GOFLAGS", "-mod=mod");
        Environment.SetEnvironmentVariable("GOCACHE", Path.Combine(Path.GetTempPath(), "goroscope-tests", "gocache"));
    }

    private static Cli.Outcome RunTests(params string[] args) =>
        Cli.Run(["test", "--go", $"{GoProgram.Toolchain}/bin/go", "-C", Package, "-count=1", .. args]);

    [Fact]
    public void Each_leak_is_attributed_to_the_test_that_made_it()
    {
        var outcome = RunTests(".");
        Assert.Equal(3, outcome.ExitCode);
        var leaks = outcome.Stdout.Split('\n').Where(l => l.StartsWith("--- LEAK: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["--- LEAK: TestFetchTimeout (2 goroutines)", "--- LEAK: TestLeakThroughHelper (1 goroutine)",
             "--- LEAK: TestParallelLeaky (1 goroutine)", "--- LEAK: TestSubtests/leaky (1 goroutine)"],
            leaks);
        Assert.Contains("created at leakytests.Fetch leaky.go:12", outcome.Stdout);
        Assert.Contains("at leakytests.Subscribe.func1 leaky.go:28, created at leakytests.Subscribe leaky.go:27", outcome.Stdout);
    }

    [Fact]
    public void Test_output_passes_through()
    {
        var outcome = RunTests("-run", "TestClean", ".");
        Assert.Contains("--- PASS: TestClean", outcome.Stdout);
        Assert.Contains("ok  \tleakytests", outcome.Stdout);
    }

    [Fact]
    public void Clean_tests_exit_0()
    {
        var outcome = RunTests("-run", "TestClean|TestParallelClean|TestSubtests/clean", ".");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("goroscope: no test in leakytests leaked goroutines", outcome.Stdout);
    }

    [Fact]
    public void Ignore_rules_drop_matching_leaks()
    {
        var outcome = RunTests("--ignore-created-by", "leakytests.Fetch", "-run", "TestFetchTimeout", ".");
        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public void Json_report_lists_leaks_per_test_and_sends_test_output_to_stderr()
    {
        var outcome = RunTests("--format", "json", "-run", "TestFetchTimeout|TestClean", ".");
        Assert.Equal(3, outcome.ExitCode);
        Assert.Contains("--- PASS: TestClean", outcome.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(outcome.Stdout);
        var package = json.RootElement.GetProperty("packages")[0];
        Assert.Equal("goroscope.test/v1", json.RootElement.GetProperty("schema").GetString());
        Assert.Equal("leakytests", package.GetProperty("package").GetString());
        var leak = Assert.Single(package.GetProperty("leaks").EnumerateArray());
        Assert.Equal(("TestFetchTimeout", 2), (leak.GetProperty("test").GetString(), leak.GetProperty("goroutines").GetInt32()));
        // The workers sleep 10 ms before their doomed send: depending on timing the trace ends before or after it.
        Assert.All(leak.GetProperty("buckets").EnumerateArray(), b => Assert.Equal("leakytests.Fetch", b.GetProperty("bucket").GetProperty("createdBy").GetProperty("function").GetString()));
    }

    [Fact]
    public void GitHub_annotations_point_at_the_go_statement()
    {
        var outcome = RunTests("--format", "github", "--repo-root", Package, "-run", "TestLeakThroughHelper", ".");
        Assert.Equal(3, outcome.ExitCode);
        var error = Assert.Single(outcome.Stdout.Split('\n'), l => l.StartsWith("::error ", StringComparison.Ordinal));
        Assert.StartsWith("::error file=leaky.go,line=27,title=goroutine leak in TestLeakThroughHelper%3A 1 × chan-receive::TestLeakThroughHelper left 1 goroutine chan receive at leakytests.Subscribe.func1 leaky.go:28", error);
        Assert.Contains("::notice::goroscope test: 1 package, 1 test leaked goroutines", outcome.Stdout);
    }

    [Fact]
    public void A_failing_test_exits_1_as_go_test_does()
    {
        var outcome = Cli.Run("test", "--go", $"{GoProgram.Toolchain}/bin/go", "-C", Path.Combine(Paths.TestData, "programs", "failingtests"), "-count=1", ".");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--- FAIL: TestFails", outcome.Stdout);
    }

    [Fact]
    public void Trace_flag_is_goroscopes_own()
    {
        var outcome = RunTests("-trace=x.out", ".");
        Assert.Equal((2, "goroscope: -trace=x.out: goroscope test sets -trace itself\n"), (outcome.ExitCode, outcome.Stderr));
    }

    [Fact]
    public void A_missing_go_command_is_one_line()
    {
        var outcome = Cli.Run("test", "--go", "/nonexistent/go", ".");
        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("goroscope: cannot run /nonexistent/go:", outcome.Stderr);
    }
}
