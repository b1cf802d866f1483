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

    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Output format.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    private static readonly Option<string> FailOnOption = new Option<string>("--fail-on")
    {
        Description = "Which changes are leaks: new stacks, grown stacks, or any of both.",
        DefaultValueFactory = _ => "any",
    }.AcceptOnlyFromAmong("new", "grown", "any");

    private static readonly Option<long> MinGrowth = new("--min-growth")
    {
        Description = "A change is a leak only with at least this many more goroutines.",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<double> MinRatio = new("--min-ratio")
    {
        Description = "A grown stack is a leak only at this many times its baseline count or more.",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<bool> All = new("--all") { Description = "List unchanged stacks too." };
    private static readonly Option<double> Timeout = CommonOptions.Timeout();
    private static readonly Option<long> MaxBytes = CommonOptions.MaxBytes();

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("diff", "Compare two snapshots of one program by stable stack signatures; exit 1 when a stack is new or grew past the thresholds.")
        {
            Baseline, Current, Format, FailOnOption, MinGrowth, MinRatio, AnalyzeCommand.Group, All, Timeout, MaxBytes,
        };
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel)
    {
        var options = new SourceOptions(TimeSpan.FromSeconds(args.GetValue(Timeout)), args.GetValue(MaxBytes), StandardInput: io.Stdin);
        var grouping = Analysing.ParseGrouping(args.GetValue(AnalyzeCommand.Group)!);
        return await Failures.GuardAsync(io.Stderr, async () =>
        {
            if (args.GetValue(MinGrowth) < 1 || args.GetValue(MinRatio) < 1)
                throw new UsageException("--min-growth and --min-ratio must be at least 1");
            var (baseline, baselineContext) = await Analysing.LoadAsync(args.GetValue(Baseline)!, options, 0, grouping, io, cancel);
            var (current, currentContext) = await Analysing.LoadAsync(args.GetValue(Current)!, options, 0, grouping, io, cancel);
            var diff = SnapshotDiff.Compare(baseline, current);
            var gate = new LeakGate(Enum.Parse<FailOn>(args.GetValue(FailOnOption)!, ignoreCase: true), args.GetValue(MinGrowth), args.GetValue(MinRatio));
            if (args.GetValue(Format) == "json")
            {
                using var buffer = new MemoryStream();
                DiffJsonReport.Write(buffer, diff, gate, baselineContext, currentContext);
                io.Stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
                DiffTextReport.Write(Consoles.For(io.Stdout, colour: true), diff, gate, baselineContext, currentContext, args.GetValue(All));
            return diff.Changes.Any(gate.IsLeak) ? ExitCode.Findings : ExitCode.Ok;
        });
    }
}
