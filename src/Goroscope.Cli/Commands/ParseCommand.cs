using System.CommandLine;
using Goroscope.GoSyntax;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope parse`: the Go parser on the command line, like `gofmt -e -l`.</summary>
internal static class ParseCommand
{
    private static readonly Argument<string[]> Paths = new("paths") { Description = "Go files, or directories to walk for *.go files.", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<bool> Stats = new("--stats") { Description = "Print files, bytes, seconds and MB/s." };
    private static readonly Option<bool> AllErrors = new("--all-errors", "-e") { Description = "Report every syntax error, not only the first ten per file." };
    private static readonly Option<string[]> Skip = new("--skip")
    {
        Description = "Directory names not to walk into, e.g. testdata or vendor (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Command Create(ConsoleStreams io)
    {
        var command = new Command("parse", "Parse Go source files: one file:line:col: message line per syntax error; exit 1 when there is any.")
        {
            Paths, Stats, AllErrors, Skip,
        };
        command.SetAction(args => (int)(ParseTool.Run(
            args.GetValue(Paths)!,
            new ParseToolOptions { Stats = args.GetValue(Stats), AllErrors = args.GetValue(AllErrors), SkipDirectories = args.GetValue(Skip) ?? [] },
            io.Stdout,
            new PrefixedLines(io.Stderr, "goroscope: ")) switch
        {
            ParseToolResult.Clean => ExitCode.Ok,
            ParseToolResult.SyntaxErrors => ExitCode.Findings,
            _ => ExitCode.BadInput,
        }));
        return command;
    }
}
