namespace Goroscope.Cli.Tests;

/// <summary>
/// The command line's rules, on every verb: an unknown option or verb, a value that is none, a value out of
/// range, an output file that cannot be written — each one line on stderr naming the problem, and exit 2.
/// </summary>
public class UsageTests
{
    private static readonly string Dump = Path.Combine(Goroscope.Tests.Paths.TestData, "dumps", "go1.27", "leakzoo.debug2.txt");
    private static readonly string Unwritable = Path.Combine(Path.GetTempPath(), $"goroscope-no-such-dir-{Guid.NewGuid():N}", "report.txt");

    /// <summary>Each verb with the arguments it needs to get past the parser (nothing is fetched or run before the error).</summary>
    private static readonly Dictionary<string, string[]> Needs = new()
    {
        ["analyze"] = ["analyze", Dump],
        ["diff"] = ["diff", Dump, Dump],
        ["check"] = ["check", "127.0.0.1:1"],
        ["trace"] = ["trace", "trace.out"],
        ["test"] = ["test", "--go", "/nonexistent/go", "."],
        ["parse"] = ["parse", "."],
        ["lint"] = ["lint", "."],
        ["watch"] = ["watch", "--target", "127.0.0.1:1"],
    };

    public static TheoryData<string> Verbs => new(Needs.Keys);

    private static string[] Args(string verb, params string?[] more) => [.. Needs[verb], .. more.OfType<string>()];

    private static void AssertOneLineExit2(Cli.Outcome run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(expected, run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void An_unknown_option_is_refused_on_every_verb(string verb) =>
        AssertOneLineExit2(Cli.Run(Args(verb, "--no-such-option")), $"goroscope: unknown option `--no-such-option` (see `goroscope {verb} --help`)");

    [Theory]
    [InlineData("analyze", "--fromat", "--format")]
    [InlineData("diff", "--fromat", "--format")]
    [InlineData("check", "--intervall", "--interval")]
    [InlineData("trace", "--second", "--seconds")]
    [InlineData("test", "--keep-trace", "--keep-traces")]
    [InlineData("parse", "--stat", "--stats")]
    [InlineData("lint", "--fromat", "--format")]
    [InlineData("watch", "--retension", "--retention")]
    public void A_misspelt_option_says_did_you_mean(string verb, string typo, string meant)
    {
        AssertOneLineExit2(Cli.Run(Args(verb, typo, "1")), $"goroscope: unknown option `{typo}` (did you mean `{meant}`?) (see `goroscope {verb} --help`)");
    }

    [Fact]
    public void A_misspelt_option_is_not_taken_for_a_path()
    {
        // lint and parse take many paths: `--fromat sarif` used to be linted as two missing files.
        AssertOneLineExit2(Cli.Run("lint", "--fromat", "sarif", "-o", "x.sarif"), "goroscope: unknown option `--fromat` (did you mean `--format`?)");
    }

    [Fact]
    public void An_unknown_verb_says_did_you_mean() =>
        AssertOneLineExit2(Cli.Run("analyse", Dump), "goroscope: unknown verb `analyse` (did you mean `analyze`?) (see `goroscope --help`)\n");

    [Fact]
    public void No_verb_lists_the_verbs() =>
        AssertOneLineExit2(Cli.Run(), "goroscope: no verb given: analyze, diff, check, trace, test, parse, lint, watch");

    // parse has no option that takes a value to get wrong: its --stats and --all-errors are switches.
    [Theory]
    [InlineData("analyze", "--top", "x", "--top x: expected a whole number")]
    [InlineData("analyze", "--fail-on-score", "high", "--fail-on-score high: expected a number")]
    [InlineData("analyze", "--group", "fuzzy", "--group fuzzy: expected exact, loose or similar")]
    [InlineData("diff", "--min-growth", "1.5", "--min-growth 1.5: expected a whole number")]
    [InlineData("check", "--interval", "5", "--interval 5: not a duration (write it like 500ms, 30s, 1h30m or 7d)")]
    [InlineData("trace", "--seconds", "x", "--seconds x: expected a number")]
    [InlineData("test", "--format", "jsno", "--format jsno: expected github, json or text (did you mean `json`?)")]
    [InlineData("analyze", "--format", "yaml", "--format yaml: expected html, json or text")]
    [InlineData("lint", "--fail-level", "warn", "--fail-level warn: expected error, none, note or warning")]
    [InlineData("watch", "--concurrency", "many", "--concurrency many: expected a whole number")]
    public void A_bad_value_says_what_was_expected_without_type_names(string verb, string option, string value, string expected)
    {
        var run = Cli.Run(Args(verb, option, value));
        AssertOneLineExit2(run, $"goroscope: {expected} (see `goroscope {verb} --help`)");
        Assert.DoesNotContain("System.", run.Stderr);
    }

    // test, parse and lint take no number.
    [Theory]
    [InlineData("analyze", "--top", "-1", "--top -1: must be at least 0")]
    [InlineData("analyze", "--fail-on-score", "150", "--fail-on-score 150: must be from 0 to 100")]
    [InlineData("analyze", "--snapshot", "-2", "--snapshot -2: must be at least 0")]
    [InlineData("diff", "--min-ratio", "0.5", "--min-ratio 0.5: must be at least 1")]
    [InlineData("check", "--max-bytes", "0", "--max-bytes 0: must be at least 1")]
    [InlineData("trace", "--fail-on-score", "101", "--fail-on-score 101: must be from 0 to 100")]
    [InlineData("trace", "--top", "-5", "--top -5: must be at least 0")]
    [InlineData("watch", "--min-samples", "1", "--min-samples 1: must be at least 2")]
    [InlineData("watch", "--min-monotonicity", "1.5", "--min-monotonicity 1.5: must be from 0 to 1")]
    [InlineData("trace", "--seconds", "0", "--seconds 0: must be more than 0 and at most 3600")]
    [InlineData("trace", "--seconds", "3601", "--seconds 3601: must be more than 0 and at most 3600")]
    [InlineData("check", "--interval", "0s", "--interval 0s: must be more than 0")]
    [InlineData("analyze", "--timeout", "0s", "--timeout 0s: must be more than 0")]
    [InlineData("watch", "--interval", "0s", "--interval 0s: must be more than 0")]
    [InlineData("watch", "--retention", "0", "--retention 0: must be more than 0")]
    [InlineData("watch", "--duration", "0s", "--duration 0s: must be more than 0")]
    [InlineData("check", "--interval", "1m", "--interval 1m: must be no longer than --duration (30s)")]
    public void An_out_of_range_value_is_refused(string verb, string option, string value, string expected)
    {
        AssertOneLineExit2(Cli.Run(Args(verb, option, value)), $"goroscope: {expected} (see `goroscope {verb} --help`)");
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("diff")]
    [InlineData("check")]
    [InlineData("trace")]
    [InlineData("test")]
    [InlineData("lint")]
    public void An_output_file_that_cannot_be_written_is_one_line(string verb)
    {
        AssertOneLineExit2(Cli.Run(Args(verb, "-o", Unwritable)), $"goroscope: cannot write {Unwritable}: no such directory\n");
    }

    [Fact]
    public void An_output_path_that_is_a_directory_is_one_line() =>
        AssertOneLineExit2(Cli.Run("analyze", Dump, "-o", Path.GetTempPath()), $"goroscope: cannot write {Path.GetTempPath()}: ");

    /// <summary>What each verb's text report starts with, to find in the file (check and test: their own tests).</summary>
    public static TheoryData<string, string[], string> TextReports => new()
    {
        { "analyze", ["analyze", Dump], "241 goroutines in 18 buckets" },
        { "diff", ["diff", Dump, Dump], "0 new" },
        { "trace", ["trace", Path.Combine(Goroscope.Tests.Paths.TestData, "traces", "go1.27", "traceleak.trace")], "trace " },
        { "lint", ["lint", Path.Combine(Goroscope.Tests.Paths.TestData, "programs", "leakzoo")], "error [n-senders-one-receive]" },
    };

    [Theory]
    [MemberData(nameof(TextReports))]
    public void The_text_report_goes_to_the_output_file_and_nothing_to_stdout(string verb, string[] args, string expected)
    {
        var directory = Directory.CreateTempSubdirectory($"goroscope-{verb}-");
        try
        {
            var path = Path.Combine(directory.FullName, "report.txt");
            var run = Cli.Run([.. args, "-o", path]);
            Assert.True(run.ExitCode is 0 or 1, run.Stderr);
            Assert.Equal("", run.Stdout);
            var report = File.ReadAllText(path);
            Assert.Contains(expected, report);
            Assert.DoesNotContain("\u001b", report);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_stream_report_goes_to_the_output_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("goroscope-out-").FullName, "diff.json");
        var run = Cli.Run("diff", Dump, Dump, "-f", "json", "-o", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Contains("\"schema\"", File.ReadAllText(path));
    }
}
