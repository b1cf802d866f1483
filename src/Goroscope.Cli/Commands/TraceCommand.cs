using System.CommandLine;
using Goroscope.Reports;
using Goroscope.Sources;
using Goroscope.Traces;
using Goroscope.Traces.Analysis;
using Goroscope.Traces.Timelines;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope trace FILE`: goroutine lifecycles from a Go execution trace — leak suspects, latency, time split, pprof.</summary>
internal static class TraceCommand
{
    private static readonly Argument<string> Source = new("trace")
    {
        Description = "A Go execution trace (runtime/trace, go test -trace) of Go 1.11 or later, - for standard input, or a live Go process: host:port or an http(s) URL (records its /debug/pprof/trace for --seconds), a URL with a path prefix, or a full /debug/pprof/trace URL.",
    };

    private static readonly ReportFormats<Report> Formats = new("Output format of the report.",
        ReportFormat<Report>.Console("text", (console, r) => TraceTextReport.Write(console, r.Analysis, r.Source, r.Top)),
        ReportFormat<Report>.Stream("json", (stream, r) => TraceJsonReport.Write(stream, r.Analysis, r.Source)));

    private sealed record Report(TraceAnalysis Analysis, string Source, int Top);

    private static readonly Option<string?> Output = ReportOutput.Option("Write the report (or the profile) to this file instead of standard output.");

    private static readonly Option<string?> Pprof = new Option<string?>("--pprof")
    {
        Description = "Write a pprof profile of time spent runnable (sched), blocked on sync or the network, or in syscalls, like `go tool trace -pprof=TYPE`, instead of the report.",
    }.AcceptOnlyFromAmong("sched", "sync", "net", "syscall");

    private static readonly Option<int> Top = new Option<int>("--top")
    {
        Description = "Rows per table in the text report; 0 shows all.",
        DefaultValueFactory = _ => 15,
    }.AtLeast(0);

    private static readonly Option<long[]> Goroutine = new("--goroutine", "-g")
    {
        Description = "Also print this goroutine's life change by change: creation, runs, blocks with reason and site, syscalls, end (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<double> Seconds = new Option<double>("--seconds")
    {
        Description = "How long to record a live process's trace.",
        DefaultValueFactory = _ => 5,
    }.AboveAndAtMost(0, 3600);

    private static readonly Option<string> Timeout = CommonOptions.Timeout();
    private static readonly Option<long> MaxBytes = CommonOptions.MaxBytes();

    private static readonly Option<double?> FailOnScore = new Option<double?>("--fail-on-score")
    {
        Description = "Exit 1 when a bucket of goroutines blocked at the end scores at or above this (0-100).",
    }.Between(0, 100);

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("trace", "Follow every goroutine through a Go execution trace: goroutines still blocked at the end, creation and scheduling latency, time by goroutine group.")
        {
            Source, Formats.Option, Output, Pprof, Top, Goroutine, AnalyzeCommand.Group, FailOnScore, Seconds, Timeout, MaxBytes,
        };
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel) => Failures.GuardAsync(io.Stderr, async () =>
    {
        var source = args.GetValue(Source)!;
        var seconds = args.GetValue(Seconds);
        var options = new SourceOptions(args.Value(Timeout)!.Value, args.GetValue(MaxBytes), StandardInput: io.Stdin);
        var profile = args.GetValue(Pprof) is { } kind ? Enum.Parse<PprofKind>(kind, ignoreCase: true) : (PprofKind?)null;
        var follow = (args.GetValue(Goroutine) ?? []).ToHashSet();
        if (profile is not null && args.GetValue(Output) is null)
            throw new UsageException("--pprof writes a binary profile: give a file with -o");
        using var output = ReportOutput.Open(args.GetValue(Output), io.Stdout);
        var (input, name) = await TraceSource.OpenAsync(source, TimeSpan.FromSeconds(seconds), options, cancel);
        Timeline timeline;
        using (input)
            timeline = Timeline.Read(TraceReader.Open(input), new TimelineOptions { Profile = profile, Follow = follow });
        if (follow.FirstOrDefault(id => !timeline.Alive.Concat(timeline.EndedLives).Any(l => l.Id == id)) is var missing and > 0)
            throw new UsageException($"--goroutine {missing}: no such goroutine in the trace");

        if (profile is not null)
        {
            TracePprofWriter.Write(output.File!, timeline);
            return ExitCode.Ok;
        }
        var analysis = TraceAnalysis.Of(timeline, Analysing.ParseGrouping(args.GetValue(AnalyzeCommand.Group)!));
        Formats.Write(args, output, new Report(analysis, name, args.GetValue(Top)));
        var threshold = args.GetValue(FailOnScore);
        return threshold is { } s && analysis.Blocked.Buckets.Any(b => b.Score >= s) ? ExitCode.Findings : ExitCode.Ok;
    });
}
