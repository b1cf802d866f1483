using System.CommandLine;
using System.Diagnostics;
using Goroscope.Analysis;
using Goroscope.Analysis.Diff;
using Goroscope.Analysis.Trend;
using Goroscope.Config;
using Goroscope.Live;
using Goroscope.Reports;
using Goroscope.Sources;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope check URL`: samples a live process over a window and fails when a stack grows steadily.</summary>
internal static class CheckCommand
{
    private static readonly Argument<string> Target = new("target")
    {
        Description = "A live Go process: host:port or an http(s) URL (sampled as its /debug/pprof/goroutine?debug=0), a URL with a path prefix, or a full /debug/pprof/PROFILE URL.",
    };

    private static readonly Option<string> Duration = CommonOptions.Duration("--duration", "How long to sample.", "30s", positive: true);
    private static readonly Option<string> Interval = NoLongerThanDuration(CommonOptions.Duration("--interval", "Time between samples.", "5s", positive: true));
    private static readonly ReportFormats<Report> Formats = new("Output format: text prints each sample as it comes; json prints one document at the end.",
        ReportFormat<Report>.Console("text", (console, r) => CheckReport.WriteVerdicts(console, r.Verdicts, r.Gate)),
        ReportFormat<Report>.Stream("json", (stream, r) => CheckReport.WriteJson(stream, r.Target, r.Verdicts, r.Samples, r.Interval, r.Gate)));
    private static readonly Option<string?> Output = ReportOutput.Option();
    private static readonly Option<string> Timeout = CommonOptions.Timeout();
    private static readonly Option<long> MaxBytes = CommonOptions.MaxBytes();
    private static readonly LeakOptions Leak = new();

    private sealed record Report(string Target, IReadOnlyList<Growth> Verdicts, int Samples, TimeSpan Interval, LeakGate Gate);

    private static Option<string> NoLongerThanDuration(Option<string> interval)
    {
        interval.Validators.Add(result =>
        {
            // A value that is no duration has its own error already.
            if (result.GetValue(interval) is { } every && result.GetValue(Duration) is { } window
                && GoDuration.TryParse(every, out var a) && GoDuration.TryParse(window, out var b) && a > b)
                result.AddError($"--interval {every}: must be no longer than --duration ({window})");
        });
        return interval;
    }

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("check", "Sample a live Go process over a window; exit 1 when a stack's goroutine count grows steadily past the thresholds.")
        {
            Target, Duration, Interval, Formats.Option, Output, Timeout, MaxBytes,
        };
        foreach (var option in Leak.All)
            command.Options.Add(option);
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel)
    {
        var options = new SourceOptions(args.Value(Timeout)!.Value, args.GetValue(MaxBytes));
        return await Failures.GuardAsync(io.Stderr, async () =>
        {
            var target = args.GetValue(Target)!;
            if (!PprofEndpoint.IsLive(target))
                throw new UsageException($"check samples a live process: {target} is no host:port or http(s) URL");
            var endpoint = DumpSource.Endpoint(target);
            var duration = args.Value(Duration)!.Value;
            var interval = args.Value(Interval)!.Value;
            var (ignore, gate) = Leak.Resolve(args);
            using var output = ReportOutput.Open(args.GetValue(Output), io.Stdout);
            var sampled = (endpoint.Profile ?? endpoint.Goroutine(0)).ToString();
            var samples = (int)(duration / interval) + 1;
            var eachSample = Formats.Chosen(args) == "text";
            var check = new GrowthCheck(ignore, gate);
            var clock = Stopwatch.StartNew();
            AnalysisResult? first = null, last = null;
            for (var i = 0; i < samples; i++)
            {
                var due = interval * i;
                if (clock.Elapsed < due)
                    await Task.Delay(due - clock.Elapsed, cancel);
                var (sample, _) = await Analysing.LoadAsync(sampled, options, 0, Grouping.Exact, io, cancel);
                first ??= sample;
                last = sample;
                check.Add(sample);
                if (eachSample)
                    CheckReport.WriteSample(output.Console(), i, samples, clock.Elapsed, sample, first, check);
            }
            var verdicts = check.Verdicts();
            Formats.Write(args, output, new Report(sampled, verdicts, check.Samples, interval, gate));
            if (Leak.WriteBaselinePath(args) is { } path)
                BaselineFile.Write(path, last!);
            return verdicts.Any(v => v.Leak) ? ExitCode.Findings : ExitCode.Ok;
        });
    }
}
