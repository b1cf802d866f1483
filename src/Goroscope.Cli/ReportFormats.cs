using System.CommandLine;
using Spectre.Console;

namespace Goroscope.Cli;

/// <summary>One value of a verb's `--format`: its name and how it writes the verb's report to the output.</summary>
internal sealed record ReportFormat<TReport>(string Name, Action<ReportOutput, TReport> Render)
{
    /// <summary>Text through a Spectre console over the output's writer: it fits the width, coloured only on a terminal.</summary>
    public static ReportFormat<TReport> Console(string name, Action<IAnsiConsole, TReport> write) =>
        new(name, (output, report) => write(output.Console(), report));

    /// <summary>UTF-8 (JSON, XML, SARIF) written to a stream, streamed to the output as it is written.</summary>
    public static ReportFormat<TReport> Stream(string name, Action<Stream, TReport> write) =>
        new(name, (output, report) => output.Write(stream => write(stream, report)));

    /// <summary>Characters written as they are (HTML, GitHub annotations, plain text).</summary>
    public static ReportFormat<TReport> Writer(string name, Action<TextWriter, TReport> write) =>
        new(name, (output, report) => write(output.Writer, report));
}

/// <summary>
/// A verb's `--format/-f` option and the renderer of each of its values: the first value is the default, and any
/// other word is refused by the parser (<see cref="Usage"/> names the allowed ones), so a verb only says which
/// formats it has and hands its report to <see cref="Write"/>.
/// </summary>
internal sealed class ReportFormats<TReport>
{
    private readonly Dictionary<string, ReportFormat<TReport>> _formats;

    public ReportFormats(string description, params ReportFormat<TReport>[] formats)
        : this(description, ["-f"], formats)
    {
    }

    /// <param name="aliases">The option's other names: `test` has none, as its single-dash flags are go test's.</param>
    public ReportFormats(string description, string[] aliases, params ReportFormat<TReport>[] formats)
    {
        _formats = formats.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Option = new Option<string>("--format", aliases)
        {
            Description = description,
            DefaultValueFactory = _ => formats[0].Name,
        }.AcceptOnlyFromAmong([.. _formats.Keys]);
    }

    public Option<string> Option { get; }

    /// <summary>The format the user chose, for a verb that also writes as it goes in some formats.</summary>
    public string Chosen(ParseResult args) => args.GetValue(Option)!;

    public void Write(ParseResult args, ReportOutput output, TReport report) => _formats[Chosen(args)].Render(output, report);
}
