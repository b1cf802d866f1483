using System.CommandLine;
using Goroscope.Analysis.Ignore;
using Goroscope.Reports;
using Goroscope.Sources;
using Goroscope.Traces;
using Goroscope.Traces.Analysis;
using Goroscope.Traces.Attribution;
using Goroscope.Traces.Timelines;
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

    private static readonly IgnoreOptions Ignore = new();

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("test", "Run `go test` with execution tracing and name, per test, the goroutines it left running — by creation ancestry, so also under t.Parallel.")
        {
            GoTestArgs, Go, KeepTraces,
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
        var keep = args.GetValue(KeepTraces);
        var directory = keep ?? Directory.CreateTempSubdirectory("goroscope-test-").FullName;
        Directory.CreateDirectory(directory);
        try
        {
            var runner = new GoTestRunner(args.GetValue(Go)!, goArgs.Directory, directory, io.Stdout);
            var console = Consoles.For(io.Stdout, colour: true);
            var goFailed = 0;
            var leakyTests = 0;
            foreach (var package in await runner.ListPackagesAsync(goArgs.Packages, goArgs.BuildFlags, cancel))
            {
                var run = await runner.TestAsync(package, goArgs.Flags, cancel);
                if (run.ExitCode != 0)
                    goFailed = run.ExitCode;
                if (run.Trace is null)
                    continue;
                Timeline timeline;
                using (var file = File.OpenRead(run.Trace))
                    timeline = Timeline.Read(TraceReader.Open(file));
                leakyTests += Report(console, run, timeline, ignore);
            }
            return leakyTests > 0 ? ExitCode.Findings : goFailed != 0 ? (ExitCode)goFailed : ExitCode.Ok;
        }
        finally
        {
            if (keep is null)
                Directory.Delete(directory, recursive: true);
        }
    });

    /// <summary>Prints the package's leaking tests; returns how many leaked.</summary>
    private static int Report(IAnsiConsole console, PackageTestRun run, Timeline timeline, IgnoreRules ignore)
    {
        var (leaks, _) = TestAttribution.Attribute(timeline, run.Tests);
        var reported = leaks
            .Select(leak => (leak.Test, Buckets: TraceAnalysis.Of(timeline, leak.Goroutines).Buckets
                .Where(s => s.Bucket.Pattern.Id != "runtime-internal" && ignore.Match(s.Bucket) is null).ToList()))
            .Where(t => t.Buckets.Count > 0)
            .ToList();
        if (reported.Count == 0)
        {
            console.MarkupLine($"[green]goroscope: no test in {Markup.Escape(run.Package)} leaked goroutines[/]");
            return 0;
        }
        var total = reported.Sum(t => t.Buckets.Sum(b => b.Bucket.Count));
        console.MarkupLine($"[bold red]goroscope: {reported.Count} test{(reported.Count == 1 ? "" : "s")} in {Markup.Escape(run.Package)} leaked {total} goroutine{(total == 1 ? "" : "s")}[/]");
        foreach (var (test, buckets) in reported)
        {
            var count = buckets.Sum(b => b.Bucket.Count);
            console.MarkupLine($"[bold]--- LEAK: {Markup.Escape(test)}[/] ({count} goroutine{(count == 1 ? "" : "s")})");
            foreach (var suspect in buckets)
            {
                var b = suspect.Bucket;
                console.MarkupLine($"    {b.Count} × [red]{Markup.Escape(b.State.Reason)}[/] ({Markup.Escape(b.Pattern.Id)}) for {TraceDurations.Format(suspect.MaxBlocked)}"
                    + $" at {Site(b.BlockingSite.Frame)}, created at {Site(b.CreatedBy)}");
            }
        }
        return reported.Count;
    }

    private static string Site(Goroscope.Stacks.Frame? frame) => frame is null
        ? "?"
        : $"{Markup.Escape(frame.Function)} [blue]{Markup.Escape(Path.GetFileName(frame.File))}:{frame.Line}[/]";
}
