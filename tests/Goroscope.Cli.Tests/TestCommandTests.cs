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

    private static readonly string Module = Path.Combine(Paths.TestData, "programs", "gotestmodule");

    private static Cli.Outcome RunModuleTests(params string[] args) =>
        Cli.Run(["test", "--go", $"{GoProgram.Toolchain}/bin/go", "-C", Module, "-count=1", .. args]);

    [Fact]
    public void A_package_that_does_not_build_shows_the_compilers_message()
    {
        var outcome = RunModuleTests("./doesnotbuild");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("broken.go:5:9: cannot use \"forty-two\" (untyped string constant) as int value in return statement", outcome.Stdout);
        Assert.Contains("FAIL\tgotestmodule/doesnotbuild [build failed]", outcome.Stdout);
    }

    [Fact]
    public void A_test_binary_that_panics_is_reported_as_its_panic()
    {
        var outcome = RunModuleTests("./panics");
        Assert.Equal((1, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.Contains("goroscope: the test binary of gotestmodule/panics died: panic: assignment to entry in nil map", outcome.Stdout);
    }

    [Fact]
    public void Several_packages_end_with_go_tests_FAIL_and_a_summary()
    {
        var outcome = RunModuleTests("./doesnotbuild", "./panics", "./rendezvous");
        Assert.Equal(1, outcome.ExitCode);
        Assert.EndsWith("\nFAIL\ngoroscope: 3 packages, no test leaked goroutines, 1 crashed\n", outcome.Stdout);
    }

    [Fact]
    public void Packages_are_tested_at_the_same_time_and_reported_in_order()
    {
        // Each rendezvous test passes only while the other package's test binary runs too.
        var meeting = Directory.CreateTempSubdirectory("goroscope-rendezvous-");
        Environment.SetEnvironmentVariable("GOROSCOPE_RENDEZVOUS", meeting.FullName);
        try
        {
            var outcome = RunModuleTests("-p", "2", "./rendezvous/...");
            Assert.Equal(0, outcome.ExitCode);
            var results = outcome.Stdout.Split('\n').Where(l => l.StartsWith("ok  \t", StringComparison.Ordinal)).Select(l => l.Split('\t')[1]).ToList();
            Assert.Equal(["gotestmodule/rendezvous/left", "gotestmodule/rendezvous/right"], results);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOROSCOPE_RENDEZVOUS", null);
            meeting.Delete(recursive: true);
        }
    }

    [Fact]
    public void Kept_traces_are_one_file_per_package_that_ran_tests()
    {
        var kept = Directory.CreateTempSubdirectory("goroscope-kept-");
        try
        {
            var outcome = RunModuleTests("--keep-traces", kept.FullName, "./...");
            Assert.Equal(1, outcome.ExitCode);
            Assert.Equal(["gotestmodule_panics.trace", "gotestmodule_rendezvous_left.trace", "gotestmodule_rendezvous_right.trace"],
                kept.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
            Assert.Empty(kept.GetDirectories());
        }
        finally
        {
            kept.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_users_own_exec_program_still_runs_the_test_binaries()
    {
        var work = Directory.CreateTempSubdirectory("goroscope-exec-");
        try
        {
            var marker = Path.Combine(work.FullName, "ran");
            var exec = Path.Combine(work.FullName, "exec.sh");
            File.WriteAllText(exec, $"#!/bin/sh\ntouch '{marker}'\nexec \"$@\"\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(exec, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var outcome = RunTests("-exec", exec, "-run", "TestFetchTimeout", ".");
            Assert.Equal(3, outcome.ExitCode);
            Assert.Contains("--- LEAK: TestFetchTimeout (2 goroutines)", outcome.Stdout);
            Assert.True(File.Exists(marker), "the user's -exec program was not run");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
