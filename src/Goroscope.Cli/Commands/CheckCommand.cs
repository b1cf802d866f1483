using System.CommandLine;
using System.Diagnostics;
using Goroscope.Analysis;
using Goroscope.Analysis.Trend;
using Goroscope.Reports;
using Goroscope.Sources;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope check URL`: samples a live process over a window and fails when a stack grows steadily.</summary>
internal static class CheckCommand
{
    private static readonly Argument<string> Target = new("target")
    {
        Description = "A live Go process: http://host:port (sampled as /debug/pprof/goroutine?debug=0) or a full pprof URL.",
    };

    private static readonly Option<string> Duration = new("--duration") { Description = "How long to sample.", DefaultValueFactory = _ => "30s" };
    private static readonly Option<string> Interval = new("--interval") { Description = "Time between samples.", DefaultValueFactory = _ => "5s" };
    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Output format: text prints each sample as it comes; json prints one document at the end.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");
    private static readonly Option<double> Timeout = CommonOptions.Timeout();
    private static readonly Option<long> MaxBytes = CommonOptions.MaxBytes();
    private static readonly LeakOptions Leak = new();

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("check", "Sample a live Go process over a window; exit 1 when a stack's goroutine count grows steadily past the thresholds.")
        {
            Target, Duration, Interval, Format, Timeout, MaxBytes,
        };
        foreach (var option in Leak.All)
            command.Options.Add(option);
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel)
    {
        var options = new SourceOptions(TimeSpan.FromSeconds(args.GetValue(Timeout)), args.GetValue(MaxBytes));
        return await Failures.GuardAsync(io.Stderr, async () =>
        {
            var target = args.GetValue(Target)!;
            if (!DumpSource.IsUrl(target))
                throw new UsageException($"check samples a live process: {target} is no http(s) URL");
            var duration = Durations.Parse(args.GetValue(Duration)!, "--duration");
            var interval = Durations.Parse(args.GetValue(Interval)!, "--interval");
            if (interval <= TimeSpan.Zero || duration < interval)
                throw new UsageException("--interval must be positive and no longer than --duration");
            var (ignore, gate) = Leak.Resolve(args);
            var uri = new Uri(target);
            var sampled = uri.AbsolutePath is "" or "/" && uri.Query.Length == 0 ? new Uri(uri, "/debug/pprof/goroutine?debug=0").ToString() : target;
            var samples = (int)(duration / interval) + 1;
            var json = args.GetValue(Format) == "json";
            var console = Consoles.For(io.Stdout, colour: true);
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
                if (!json)
                    CheckReport.WriteSample(console, i, samples, clock.Elapsed, sample, first, check);
            }
            var verdicts = check.Verdicts();
            if (json)
                io.Stdout.WriteLine(CheckReport.Json(sampled, verdicts, check.Samples, interval, gate));
            else
                CheckReport.WriteVerdicts(console, verdicts, gate);
            if (Leak.WriteBaselinePath(args) is { } path)
                Goroscope.Analysis.Diff.BaselineFile.Write(path, last!);
            return verdicts.Any(v => v.Leak) ? ExitCode.Findings : ExitCode.Ok;
        });
    }
}
