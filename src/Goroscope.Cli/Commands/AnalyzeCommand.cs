using System.CommandLine;
using Goroscope.Analysis;
using Goroscope.Reports;
using Goroscope.Sources;
using Spectre.Console;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope analyze SOURCE`: group, classify and rank the goroutines of one dump.</summary>
internal static class AnalyzeCommand
{
    private static readonly Argument<string> Source = new("source")
    {
        Description = "A dump file, - for standard input, or a live Go process: http://host:port (its /debug/pprof/goroutine?debug=2) or a full pprof URL.",
    };

    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Output format.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json", "html");

    private static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
    };

    internal static readonly Option<string> Group = new Option<string>("--group")
    {
        Description = "How alike goroutines must be to share a bucket: exact (same frames and lines), similar (same functions, any line or recursion depth), loose (same blocking site and creator).",
        DefaultValueFactory = _ => "exact",
    }.AcceptOnlyFromAmong("exact", "similar", "loose");

    private static readonly Option<double?> FailOnScore = new("--fail-on-score")
    {
        Description = "Exit 1 when any bucket scores at or above this (0-100).",
    };

    private static readonly Option<int> Top = new("--top")
    {
        Description = "Buckets in the text table; 0 shows all.",
        DefaultValueFactory = _ => 25,
    };

    private static readonly Option<int> Snapshot = new("--snapshot")
    {
        Description = "Which dump to analyse when the input holds several (1 is the first); 0 means the last.",
        DefaultValueFactory = _ => 0,
    };

    private static readonly IgnoreOptions Ignore = new();
    private static readonly Option<double> Timeout = CommonOptions.Timeout();
    private static readonly Option<long> MaxBytes = CommonOptions.MaxBytes();

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("analyze", "Group a goroutine dump's goroutines, classify why each group is stuck and rank leak suspects.")
        {
            Source, Format, Output, Group, FailOnScore, Top, Snapshot, Timeout, MaxBytes,
        };
        foreach (var option in Ignore.All)
            command.Options.Add(option);
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel)
    {
        var source = args.GetValue(Source)!;
        var options = new SourceOptions(TimeSpan.FromSeconds(args.GetValue(Timeout)), args.GetValue(MaxBytes), StandardInput: io.Stdin);
        return await Failures.GuardAsync(io.Stderr, async () =>
        {
            var (ignore, _) = Ignore.Resolve(args);
            var (loaded, context) = await Analysing.LoadAsync(
                source, options, args.GetValue(Snapshot), Analysing.ParseGrouping(args.GetValue(Group)!), io, cancel);
            var result = ignore.Apply(loaded);
            Render(args, result, context, io.Stdout);
            var threshold = args.GetValue(FailOnScore);
            return threshold is { } s && result.Buckets.Any(b => b.Score >= s) ? ExitCode.Findings : ExitCode.Ok;
        });
    }

    private static void Render(ParseResult args, AnalysisResult result, ReportContext context, TextWriter stdout)
    {
        var path = args.GetValue(Output);
        var format = args.GetValue(Format);
        using var file = path is null ? null : File.Create(path);
        switch (format)
        {
            case "json":
                if (file is not null)
                    JsonReport.Write(file, result, context);
                else
                    StreamOutput.WriteTo(stdout, stream => JsonReport.Write(stream, result, context));
                break;
            case "html":
                var html = HtmlReport.Render(result, context);
                if (file is not null)
                    file.Write(System.Text.Encoding.UTF8.GetBytes(html));
                else
                    stdout.Write(html);
                break;
            default:
                using (var writer = file is null ? null : new StreamWriter(file))
                {
                    var console = Consoles.For(writer ?? stdout, colour: writer is null);
                    TextReport.Write(console, result, context, new TextReportOptions(Top: args.GetValue(Top)));
                }
                break;
        }
    }
}
