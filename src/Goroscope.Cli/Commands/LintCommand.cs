using System.CommandLine;
using Goroscope.Config;
using Goroscope.GoTypes;
using Goroscope.Lint;
using Goroscope.Lint.Reports;
using Goroscope.Lint.Rules;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope lint [paths...]`: find leak-prone Go code; exit 1 when a finding reaches --fail-level.</summary>
internal static class LintCommand
{
    private static readonly Argument<string[]> Paths = new("paths")
    {
        Description = "Go files or directories (walked recursively; `./...` works too). Default: the current directory.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly ReportFormats<LintReport> Formats = new("Output format.",
        ReportFormat<LintReport>.Writer("text", TextLintReport.Write),
        ReportFormat<LintReport>.Stream("json", JsonLintReport.Write),
        ReportFormat<LintReport>.Stream("sarif", (stream, report) => SarifLintReport.Write(stream, report, Environment.CurrentDirectory, ToolVersion)),
        ReportFormat<LintReport>.Writer("github", GitHubLintReport.Write));

    private static string ToolVersion => typeof(LintCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static readonly Option<string> FailLevel = new Option<string>("--fail-level")
    {
        Description = "Exit 1 when a finding is at or above this severity (none: never).",
        DefaultValueFactory = _ => "warning",
    }.AcceptOnlyFromAmong("error", "warning", "note", "none");

    private static readonly Option<string?> Output = ReportOutput.Option();
    private static readonly Option<string?> Go = new("--go") { Description = "Go version the code is built with (e.g. 1.22); overrides the `go` line of go.mod for the timer rules." };
    private static readonly Option<string?> BaselinePath = new("--baseline") { Description = "Leave out findings recorded in this baseline file." };
    private static readonly Option<string?> WriteBaseline = new("--write-baseline") { Description = "Record every current finding in this baseline file." };
    private static readonly Option<string?> ConfigPath = new("--config") { Description = $"Settings file; by default the nearest {GoroscopeConfig.FileName} in this directory or above." };
    private static readonly Option<string?> Tags = new("--tags") { Description = "Comma-separated build tags that are set, as for `go build -tags`: which files are in the build when types are resolved." };
    private static readonly Option<bool> IncludeTests = new("--include-tests") { Description = "Lint the _test.go files of the directories walked too (a test file named on its own always is)." };
    private static readonly Option<string[]> Enable = new("--enable") { Description = "Turn rules on by id (repeatable), off-by-default ones included.", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string[]> Disable = new("--disable") { Description = "Turn rules off by id (repeatable).", Arity = ArgumentArity.ZeroOrMore };

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("lint", "Find leak-prone Go code: lost cancels, unstopped tickers, goroutines blocked on sends nobody receives, and more.")
        {
            Paths, Formats.Option, Output, FailLevel, Go, Tags, BaselinePath, WriteBaseline, ConfigPath, IncludeTests, Enable, Disable,
        };
        command.SetAction((result, cancel) => Failures.GuardAsync(io.Stderr, () => Task.FromResult(Run(result, io))));
        return command;
    }

    private static ExitCode Run(ParseResult args, ConsoleStreams io)
    {
        var settings = RuleSettings(args);
        int? goMinor = args.GetValue(Go) is { } go
            ? GoModVersion.ParseMinor(go) ?? throw new UsageException($"--go {go}: expected a Go version such as 1.22")
            : null;
        var tags = BuildTags(args.GetValue(Tags));
        var baseline = args.GetValue(BaselinePath) is { } baselinePath ? ReadBaseline(baselinePath) : null;
        var paths = args.GetValue(Paths) is { Length: > 0 } given ? given : ["."];
        using var output = ReportOutput.Open(args.GetValue(Output), io.Stdout);

        LoadResult load;
        using (var bar = Progress.Counter(io.Stderr, "parsing", "files"))
            load = PackageLoader.Load(paths, new LoadOptions
            {
                IncludeTests = args.GetValue(IncludeTests),
                GoMinor = goMinor,
                Progress = bar is null ? null : bar.Report,
                Types = new TypeResolution(() => GoEnvironment.Discover(buildTags: tags)),
            });
        // Resolving types and running the rules is most of the time: a bar of its own.
        LintResult result;
        using (var bar = Progress.Counter(io.Stderr, "linting", "packages"))
            result = Linter.Run(load, settings, bar is null ? null : bar.Report);

        if (args.GetValue(WriteBaseline) is { } writePath)
            Baseline.Write(writePath, result.Diagnostics);
        var findings = baseline is null ? result.Diagnostics : result.Diagnostics.Where(d => !baseline.Contains(d.Fingerprint)).ToList();
        var report = new LintReport(findings, result, result.Diagnostics.Count - findings.Count);
        Formats.Write(args, output, report);
        foreach (var problem in result.Problems)
            io.Stderr.WriteLine($"goroscope: {problem}");
        if (result.Problems.Count > 0)
            return ExitCode.BadInput;
        var failAt = LintReport.ParseLevel(args.GetValue(FailLevel)!);
        return failAt is { } level && findings.Any(f => f.Severity >= level) ? ExitCode.Findings : ExitCode.Ok;
    }

    // "a,b" (go build -tags takes the same form; spaces were its old separator and are accepted too).
    private static string[] BuildTags(string? given)
    {
        var tags = (given ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var tag in tags)
        {
            if (!tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                throw new UsageException($"--tags {given}: `{tag}` is not a build tag (letters, digits, `_` and `.`)");
        }
        return tags;
    }

    // Defaults, then .goroscope.yml's `lint: rules:`, then --enable / --disable.
    private static Dictionary<string, RuleSetting> RuleSettings(ParseResult args)
    {
        var settings = new Dictionary<string, RuleSetting>(Linter.DefaultSettings(), StringComparer.Ordinal);
        var config = IgnoreOptions.LoadConfig(args.GetValue(ConfigPath));
        foreach (var entry in config.LintRules)
        {
            if (!settings.TryGetValue(entry.Rule, out var current))
                throw new UsageException($"{config.Path}:{entry.Line}: unknown lint rule `{entry.Rule}` ({string.Join(", ", RuleSet.Ids)})");
            settings[entry.Rule] = entry.Setting switch
            {
                "off" or "false" => current with { Enabled = false },
                "on" or "true" => current with { Enabled = true },
                var level => new RuleSetting(true, LintReport.ParseLevel(level)!.Value),
            };
        }
        foreach (var (option, enabled) in new[] { (Enable, true), (Disable, false) })
        {
            foreach (var id in args.GetValue(option) ?? [])
            {
                if (!settings.TryGetValue(id, out var current))
                    throw new UsageException($"{option.Name} {id}: unknown rule ({string.Join(", ", RuleSet.Ids)})");
                settings[id] = current with { Enabled = enabled };
            }
        }
        return settings;
    }

    private static IReadOnlySet<string> ReadBaseline(string path)
    {
        try
        {
            return Baseline.Read(path);
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"--baseline {path}: no such file");
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
