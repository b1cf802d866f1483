using System.CommandLine;
using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Reports;
using Goroscope.Sources;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope analyze SOURCE`: group, classify and rank the goroutines of one dump.</summary>
internal static class AnalyzeCommand
{
    private static readonly Argument<string> Source = new("source")
    {
        Description = "A dump file, - for standard input, or a live Go process: host:port or an http(s) URL (its /debug/pprof/goroutine?debug=2 and goroutineleak), a URL with a path prefix, or a full /debug/pprof/PROFILE URL.",
    };

    private static readonly ReportFormats<Report> Formats = new("Output format.",
        ReportFormat<Report>.Console("text", (console, r) => TextReport.Write(console, r.Result, r.Context, new TextReportOptions(Top: r.Top))),
        ReportFormat<Report>.Stream("json", (stream, r) => JsonReport.Write(stream, r.Result, r.Context)),
        ReportFormat<Report>.Writer("html", (writer, r) => HtmlReport.Write(writer, r.Result, r.Context, r.EditorUrl)));

    private sealed record Report(AnalysisResult Result, ReportContext Context, int Top, string? EditorUrl);

    private static readonly Option<string?> Output = ReportOutput.Option();

    internal static readonly Option<string> Group = new Option<string>("--group")
    {
        Description = "How alike goroutines must be to share a bucket: exact (same frames and lines), similar (same functions, any line or recursion depth), loose (same blocking site and creator).",
        DefaultValueFactory = _ => "exact",
    }.AcceptOnlyFromAmong("exact", "similar", "loose");

    private static readonly Option<double?> FailOnScore = new Option<double?>("--fail-on-score")
    {
        Description = "Exit 1 when any bucket scores at or above this (0-100).",
    }.Between(0, 100);

    private static readonly Option<int> Top = new Option<int>("--top")
    {
        Description = "Buckets in the text table; 0 shows all.",
        DefaultValueFactory = _ => 25,
    }.AtLeast(0);

    private static readonly Option<int> Snapshot = new Option<int>("--snapshot")
    {
        Description = "Which dump to analyse when the input holds several (1 is the first); 0 means the last.",
        DefaultValueFactory = _ => 0,
    }.AtLeast(0);

    private static readonly Option<string[]> SourceDirs = new("--source")
    {
        Description = "A checkout of the program's source (repeatable). Frames' paths are mapped onto it by their longest matching suffix; without it, source is still read where the dump's own paths, GOROOT, the module cache or Debian's Go sources hold it.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string?> EditorUrl = EditorLink(new Option<string?>("--editor-url")
    {
        Description = "With --format html: link each file:line to your editor, {path} and {line} filled in (e.g. vscode://file/{path}:{line}).",
    });

    private static readonly IgnoreOptions Ignore = new();
    private static readonly Option<string> Timeout = CommonOptions.Timeout();
    private static readonly Option<long> MaxBytes = CommonOptions.MaxBytes();

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("analyze", "Group a goroutine dump's goroutines, classify why each group is stuck and rank leak suspects.")
        {
            Source, Formats.Option, Output, Group, FailOnScore, Top, Snapshot, SourceDirs, EditorUrl, Timeout, MaxBytes,
        };
        foreach (var option in Ignore.All)
            command.Options.Add(option);
        command.SetAction((result, cancel) => RunAsync(result, io, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult args, ConsoleStreams io, CancellationToken cancel)
    {
        var source = args.GetValue(Source)!;
        var options = new SourceOptions(args.Value(Timeout)!.Value, args.GetValue(MaxBytes), StandardInput: io.Stdin);
        return await Failures.GuardAsync(io.Stderr, async () =>
        {
            var checkouts = args.GetValue(SourceDirs) ?? [];
            foreach (var checkout in checkouts)
                if (!Directory.Exists(checkout))
                    throw new UsageException($"--source {checkout}: no such directory");
            var reader = new SourceReader(SourceLocator.ForMachine(checkouts));
            using var output = ReportOutput.Open(args.GetValue(Output), io.Stdout);
            var (ignore, _) = Ignore.Resolve(args);
            var (loaded, context) = await Analysing.LoadAsync(
                source, options, args.GetValue(Snapshot), Analysing.ParseGrouping(args.GetValue(Group)!), io, cancel, reader);
            var result = ignore.Apply(loaded);
            Formats.Write(args, output, new Report(result, context, args.GetValue(Top), args.GetValue(EditorUrl)));
            var threshold = args.GetValue(FailOnScore);
            return threshold is { } s && result.Buckets.Any(b => b.Score >= s) ? ExitCode.Findings : ExitCode.Ok;
        });
    }

    private static Option<string?> EditorLink(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } template && !template.Contains("{path}", StringComparison.Ordinal))
                result.AddError($"{option.Name} {template}: needs {{path}} where the file goes (and {{line}} for the line), e.g. vscode://file/{{path}}:{{line}}");
        });
        return option;
    }
}
