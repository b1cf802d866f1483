using System.Text.Json;

namespace Goroscope.Cli.Tests;

/// <summary>`goroscope lint` wired up: formats, exit codes, config, baselines.</summary>
public class LintCommandTests : IDisposable
{
    private const string Leaky = """
        package svc

        import "net/http"

        func handle(url string) {
        	resp, _ := http.Get(url)
        	_ = resp.StatusCode
        }

        func drain(files chan string) {
        	for name := range files {
        		f := open(name)
        		defer f.Close()
        	}
        }

        type file struct{}

        func (file) Close() {}

        func open(string) file { return file{} }
        """;

    private const string OnlyAWarning = "package svc\n\nfunc drain(files chan string) {\n\tfor name := range files {\n\t\tf := open(name)\n\t\tdefer f.Close()\n\t}\n}\n\ntype file struct{}\n\nfunc (file) Close() {}\n\nfunc open(string) file { return file{} }\n";

    private readonly string dir = Directory.CreateTempSubdirectory("goroscope-lint-cli-").FullName;

    public LintCommandTests() => File.WriteAllText(Path.Combine(dir, "svc.go"), Leaky);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Findings_print_as_text_and_exit_1()
    {
        var run = Cli.Run("lint", dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("6:13: error [unclosed-response-body]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("13:3: warning [defer-in-loop]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 findings (1 error, 1 warning); 1 file in 1 package linted", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_level_error_ignores_warnings_and_none_never_fails()
    {
        File.WriteAllText(Path.Combine(dir, "svc.go"), OnlyAWarning);
        Assert.Equal(0, Cli.Run("lint", dir, "--fail-level", "error").ExitCode);
        Assert.Equal(1, Cli.Run("lint", dir).ExitCode);
        File.WriteAllText(Path.Combine(dir, "svc.go"), Leaky);
        Assert.Equal(0, Cli.Run("lint", dir, "--fail-level", "none").ExitCode);
    }

    [Fact]
    public void Clean_code_exits_0()
    {
        File.WriteAllText(Path.Combine(dir, "svc.go"), "package svc\n\nfunc f() {}\n");
        var run = Cli.Run("lint", dir);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("no findings; 1 file in 1 package linted", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The official SARIF 2.1.0 schema, as Microsoft's Sarif.Sdk package ships it (downloaded at restore).</summary>
    private static Task<NJsonSchema.JsonSchema> SarifSchema() => NJsonSchema.JsonSchema.FromFileAsync(
        typeof(LintCommandTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "SarifSchema").Value!);

    [Fact]
    public async Task Sarif_of_the_recall_corpus_is_valid_against_the_official_2_1_0_schema()
    {
        var schema = await SarifSchema();
        var outcome = Cli.Run("lint", Path.Combine(Goroscope.Tests.Paths.TestData, "lint"), "--format", "sarif");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("\"results\"", outcome.Stdout);
        var errors = schema.Validate(outcome.Stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.ToString())));
    }

    [Fact]
    public async Task Schema_validation_catches_a_broken_log()
    {
        var schema = await SarifSchema();
        var sarif = Cli.Run("lint", Path.Combine(Goroscope.Tests.Paths.TestData, "lint"), "--format", "sarif").Stdout.Replace("\"level\": \"warning\"", "\"level\": \"bogus\"");
        Assert.NotEmpty(schema.Validate(sarif));
    }

    [Fact]
    public void Json_and_sarif_are_valid_json_with_the_findings()
    {
        using var json = JsonDocument.Parse(Cli.Run("lint", dir, "--format", "json").Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("findings").GetArrayLength());
        using var sarif = JsonDocument.Parse(Cli.Run("lint", dir, "--format", "sarif").Stdout);
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Equal(2, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
    }

    [Fact]
    public void GitHub_format_prints_one_annotation_per_finding()
    {
        var lines = Cli.Run("lint", dir, "--format", "github").Stdout.Split('\n');
        Assert.StartsWith("::error file=", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("::warning file=", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_hides_existing_findings_and_lets_new_ones_fail()
    {
        var baseline = Path.Combine(dir, "baseline.json");
        Assert.Equal(1, Cli.Run("lint", dir, "--write-baseline", baseline).ExitCode);
        Assert.Equal(0, Cli.Run("lint", dir, "--baseline", baseline).ExitCode);
        // Lines shift above the old findings and a new one appears: only the new one counts.
        File.WriteAllText(Path.Combine(dir, "svc.go"), Leaky.Replace("import \"net/http\"", "import \"net/http\"\n\n// moved\n", StringComparison.Ordinal) + "\nfunc more(in chan string) {\n\tfor range in {\n\t\tf := open(\"x\")\n\t\tdefer f.Close()\n\t}\n}\n");
        var run = Cli.Run("lint", dir, "--baseline", baseline);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("1 finding (1 warning)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 in the baseline", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_turns_rules_off_and_on_and_changes_severity()
    {
        var config = Path.Combine(dir, "lint.yml");
        File.WriteAllText(config, "lint:\n  rules:\n    defer-in-loop: off\n    unclosed-response-body: note\n    select-forever: warning\n");
        File.AppendAllText(Path.Combine(dir, "svc.go"), "\nfunc park() {\n\tselect {}\n}\n");
        var run = Cli.Run("lint", dir, "--config", config, "--fail-level", "warning");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("6:13: note [unclosed-response-body]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning [select-forever]", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("defer-in-loop", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_by_default_rules_run_with_enable_and_default_ones_stop_with_disable()
    {
        File.AppendAllText(Path.Combine(dir, "svc.go"), "\nfunc park() {\n\tselect {}\n}\n");
        Assert.DoesNotContain("select-forever", Cli.Run("lint", dir).Stdout, StringComparison.Ordinal);
        Assert.Contains("select-forever", Cli.Run("lint", dir, "--enable", "select-forever").Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Cli.Run("lint", dir, "--disable", "unclosed-response-body", "--disable", "defer-in-loop").ExitCode);
        Assert.Equal(2, Cli.Run("lint", dir, "--enable", "no-such-rule").ExitCode);
    }

    [Fact]
    public void Unknown_rule_in_config_is_a_usage_error_with_file_and_line()
    {
        var config = Path.Combine(dir, "lint.yml");
        File.WriteAllText(config, "lint:\n  rules:\n    lost-cancle: off\n");
        var run = Cli.Run("lint", dir, "--config", config);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"goroscope: {config}:3: unknown lint rule `lost-cancle`", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_go_version_missing_path_and_syntax_error_exit_2()
    {
        Assert.Equal(2, Cli.Run("lint", dir, "--go", "latest").ExitCode);
        Assert.Equal(2, Cli.Run("lint", Path.Combine(dir, "nope")).ExitCode);
        File.WriteAllText(Path.Combine(dir, "bad.go"), "package svc\nfunc {\n");
        var run = Cli.Run("lint", dir);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.go: 2:6: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Go_flag_switches_the_timer_rules_on_for_old_versions()
    {
        File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/svc\n\ngo 1.24\n");
        File.WriteAllText(Path.Combine(dir, "svc.go"), "package svc\n\nimport \"time\"\n\nfunc poll(done chan struct{}, f func()) {\n\ttick := time.Tick(time.Second)\n\tfor {\n\t\tselect {\n\t\tcase <-tick:\n\t\t\tf()\n\t\tcase <-done:\n\t\t\treturn\n\t\t}\n\t}\n}\n");
        Assert.Equal(0, Cli.Run("lint", dir, "--enable", "time-tick").ExitCode);
        var run = Cli.Run("lint", dir, "--enable", "time-tick", "--go", "1.22");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[time-tick]", run.Stdout, StringComparison.Ordinal);
    }

    // Two files define helper(): the one with `foo` set takes s.mu, which Add already holds; the other does not.
    private const string Gated = """
        package svc

        import "sync"

        type S struct{ mu sync.Mutex }

        func (s *S) Add() {
        	s.mu.Lock()
        	defer s.mu.Unlock()
        	s.helper()
        }
        """;

    [Fact]
    public void Tags_choose_which_gated_files_the_types_come_from()
    {
        File.WriteAllText(Path.Combine(dir, "svc.go"), Gated);
        File.WriteAllText(Path.Combine(dir, "foo.go"), "//go:build foo\n\npackage svc\n\nfunc (s *S) helper() {\n\ts.mu.Lock()\n\ts.mu.Unlock()\n}\n");
        File.WriteAllText(Path.Combine(dir, "nofoo.go"), "//go:build !foo\n\npackage svc\n\nfunc (s *S) helper() {}\n");
        var without = Cli.Run("lint", dir);
        Assert.Equal(0, without.ExitCode);
        var with = Cli.Run("lint", dir, "--tags", "bar,foo");
        Assert.Equal(1, with.ExitCode);
        Assert.Contains("10:2: error [double-lock]", with.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_tag_is_a_usage_error()
    {
        var run = Cli.Run("lint", dir, "--tags", "foo,-bar");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("goroscope: --tags foo,-bar: `-bar` is not a build tag", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Last_line_counts_the_packages_resolved_fully_and_with_unknowns()
    {
        // Both packages lock something, so the lock rules ask for their types; the second imports a package that is not there.
        File.WriteAllText(Path.Combine(dir, "svc.go"), "package svc\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc f() {\n\tmu.Lock()\n\tmu.Unlock()\n}\n");
        var other = Directory.CreateDirectory(Path.Combine(dir, "other")).FullName;
        File.WriteAllText(Path.Combine(other, "other.go"), "package other\n\nimport (\n\t\"sync\"\n\n\t\"example.com/not/there\"\n)\n\nvar mu sync.Mutex\n\nfunc f() {\n\tmu.Lock()\n\tthere.Do()\n\tmu.Unlock()\n}\n");
        var run = Cli.Run("lint", dir);
        Assert.EndsWith("types resolved for 2 packages: 1 fully, 1 with unknowns\n", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(Cli.Run("lint", dir, "--format", "json").Stdout);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("packagesTypedFully").GetInt32());
        Assert.Equal(1, summary.GetProperty("packagesTypedWithUnknowns").GetInt32());
    }

    [Fact]
    public void Output_option_writes_the_report_to_the_file_and_nothing_to_stdout()
    {
        var report = Path.Combine(dir, "report.json");
        var run = Cli.Run("lint", dir, "-o", report, "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(2, json.RootElement.GetProperty("findings").GetArrayLength());
    }
}
