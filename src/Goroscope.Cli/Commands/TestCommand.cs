using System.CommandLine;
using Goroscope.Reports;
using Goroscope.Sources;
using Goroscope.Traces.Attribution;
using Spectre.Console;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope test [go test args...]`: runs the tests with tracing and names, per test, the goroutines it leaked.</summary>
internal static class TestCommand
{
    private static readonly Argument<string[]> GoTestArgs = new("go test arguments")
    {
        Description = "Packages and go test flags, as for `go test` (single-dash flags: -run, -count=1, -race...).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string> Go = new("--go")
    {
        Description = "The go command to run.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GOROSCOPE_GO") ?? "go",
    };

    private static readonly Option<string?> KeepTraces = new("--keep-traces")
    {
        Description = "Keep each package's execution trace in this directory (by default they are deleted).",
    };

    private static readonly ReportFormats<Report> Formats = new(
        "text: a report after each package; json: one document at the end (the tests' output then goes to standard error); github: Actions annotations at each leak's go statement.",
        [],
        ReportFormat<Report>.Console("text", WriteSummary),
        ReportFormat<Report>.Stream("json", (stream, r) => TestReports.WriteJson(stream, r.Packages)),
        ReportFormat<Report>.Writer("github", (writer, r) => TestReports.WriteGitHub(writer, r.Packages, r.RepositoryRoot)));

    private sealed record Report(IReadOnlyList<PackageLeaks> Packages, string? RepositoryRoot);

    // Each package's report is written as it finishes; at the end, a summary when there were several.
    private static void WriteSummary(IAnsiConsole console, Report report)
    {
        if (report.Packages.Count > 1)
            TestReports.WriteSummary(console, report.Packages);
    }

    private static readonly Option<string?> Output = ReportOutput.Option("Write the report to this file instead of standard output (the tests' own output stays there).");

    private static readonly Option<string?> RepoRoot = new("--repo-root")
    {
        Description = "With --format github: paths under this directory are written relative to it (default: $GITHUB_WORKSPACE).",
    };

    private static readonly IgnoreOptions Ignore = new();

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("test", "Run `go test` with execution tracing and name, per test, the goroutines it left running — by creation ancestry, so also under t.Parallel.")
        {
            GoTestArgs, Go, KeepTraces, Formats.Option, Output, RepoRoot,
        };
        foreach (var option in Ignore.All)
            command.Options.Add(option);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel) => Failures.GuardAsync(io.Stderr, async () =>
    {
        var goArgs = GoTestArguments.Parse([.. args.GetValue(GoTestArgs) ?? [], .. args.UnmatchedTokens]);
        var (ignore, _) = Ignore.Resolve(args);
        var format = Formats.Chosen(args);
        using var output = ReportOutput.Open(args.GetValue(Output), io.Stdout);
        var keep = args.GetValue(KeepTraces);
        var directory = keep ?? Directory.CreateTempSubdirectory("goroscope-test-").FullName;
        Directory.CreateDirectory(directory);
        try
        {
            var runner = new GoTestRunner(args.GetValue(Go)!, goArgs.Directory, directory);
            // With JSON on standard output, the tests' own output goes to standard error.
            var testOutput = format == "json" ? io.Stderr : io.Stdout;
            var packages = new List<PackageLeaks>();
            var directories = await runner.ListPackagesAsync(goArgs.Packages, goArgs.BuildFlags, cancel);
            var goExitCode = await runner.TestAsync(goArgs.Packages, directories, goArgs.Flags, goArgs.Exec, testOutput, run =>
            {
                var result = PackageLeaks.Of(run, ignore);
                packages.Add(result);
                if (format == "text")
                    TestReports.WriteText(output.Console(), result);
            }, cancel);
            // go test's last line when a package failed.
            if (goExitCode == 1 || packages.Any(p => p.ExitCode != 0))
                testOutput.WriteLine("FAIL");
            Formats.Write(args, output, new Report(packages, args.GetValue(RepoRoot) ?? Environment.GetEnvironmentVariable("GITHUB_WORKSPACE")));
            // go test's verdict first, as go test would exit; leaks when the tests themselves passed.
            return goExitCode switch
            {
                0 => packages.Any(p => p.Leaks.Count > 0) ? ExitCode.TestsLeaked : ExitCode.Ok,
                2 => ExitCode.BadInput,
                _ => ExitCode.Findings,
            };
        }
        finally
        {
            if (keep is null)
                Directory.Delete(directory, recursive: true);
        }
    });
}
