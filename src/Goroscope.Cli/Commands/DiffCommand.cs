using System.CommandLine;
using Goroscope.Analysis.Diff;
using Goroscope.Reports;
using Goroscope.Sources;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope diff BASELINE CURRENT`: what is new, what grew, what shrank; exit 1 on a leak.</summary>
internal static class DiffCommand
{
    private static readonly Argument<string> Baseline = new("baseline") { Description = "The earlier snapshot: any source `analyze` reads." };
    private static readonly Argument<string> Current = new("current") { Description = "The later snapshot of the same program, in any format." };

    private static readonly ReportFormats<Report> Formats = new("Output format.",
        ReportFormat<Report>.Console("text", (console, r) => DiffTextReport.Write(console, r.Diff, r.Gate, r.Baseline, r.Current, r.ShowUnchanged)),
        ReportFormat<Report>.Stream("json", (stream, r) => DiffJsonReport.Write(stream, r.Diff, r.Gate, r.Baseline, r.Current)),
        ReportFormat<Report>.Writer("github", (writer, r) => DiffGitHubReport.Write(writer, r.Diff, r.Gate, r.RepositoryRoot)),
        ReportFormat<Report>.Stream("junit", (stream, r) => DiffJUnitReport.Write(stream, r.Diff, r.Gate, r.Baseline, r.Current)));

    private sealed record Report(DiffResult Diff, LeakGate Gate, ReportContext Baseline, ReportContext Current, bool ShowUnchanged, string? RepositoryRoot);

    private static readonly Option<string?> RepoRoot = new("--repo-root")
    {
        Description = "With --format github: paths under this directory are written relative to it, so annotations land on the files (default: $GITHUB_WORKSPACE).",
    };

    private static readonly Option<string?> Output = ReportOutput.Option();
    private static readonly Option<bool> All = new("--all") { Description = "List unchanged and ignored stacks too." };
    private static readonly Option<string> Settle = CommonOptions.Duration("--settle",
        "While leaks show, fetch the current side again until they go or this much time has passed (e.g. 2s): goroutines that are just finishing settle.", "0s");
    private static readonly LeakOptions Leak = new();
    private static readonly Option<string> Timeout = CommonOptions.Timeout();
    private static readonly Option<long> MaxBytes = CommonOptions.MaxBytes();

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("diff", "Compare two snapshots of one program by stable stack signatures; exit 1 when a stack is new or grew past the thresholds.")
        {
            Baseline, Current, Formats.Option, Output, RepoRoot, AnalyzeCommand.Group, All, Settle, Timeout, MaxBytes,
        };
        foreach (var option in Leak.All)
            command.Options.Add(option);
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel)
    {
        var options = new SourceOptions(args.Value(Timeout)!.Value, args.GetValue(MaxBytes), StandardInput: io.Stdin);
        var grouping = Analysing.ParseGrouping(args.GetValue(AnalyzeCommand.Group)!);
        return await Failures.GuardAsync(io.Stderr, async () =>
        {
            var (ignore, gate) = Leak.Resolve(args);
            using var output = ReportOutput.Open(args.GetValue(Output), io.Stdout);
            var settle = args.Value(Settle)!.Value;
            if (settle > TimeSpan.Zero && args.GetValue(Current) == "-")
                throw new UsageException("--settle reads the current side again: give it a URL or a file, not -");
            var (baseline, baselineContext) = await Analysing.LoadAsync(args.GetValue(Baseline)!, options, 0, grouping, io, cancel);
            var (current, currentContext) = await Analysing.LoadAsync(args.GetValue(Current)!, options, 0, grouping, io, cancel);
            var diff = SnapshotDiff.Compare(baseline, current, ignore);
            // goleak retries for a moment because goroutines that are just returning look leaked; so does --settle.
            var started = DateTime.UtcNow;
            while (diff.Changes.Any(gate.IsLeak) && DateTime.UtcNow - started < settle)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancel);
                (current, currentContext) = await Analysing.LoadAsync(args.GetValue(Current)!, options, 0, grouping, io, cancel);
                diff = SnapshotDiff.Compare(baseline, current, ignore);
            }
            if (Leak.WriteBaselinePath(args) is { } path)
                BaselineFile.Write(path, current);
            Formats.Write(args, output, new Report(diff, gate, baselineContext, currentContext, args.GetValue(All),
                args.GetValue(RepoRoot) ?? Environment.GetEnvironmentVariable("GITHUB_WORKSPACE")));
            return diff.Changes.Any(gate.IsLeak) ? ExitCode.Findings : ExitCode.Ok;
        });
    }
}
