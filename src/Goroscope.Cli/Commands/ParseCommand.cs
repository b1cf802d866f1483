using System.CommandLine;

namespace Goroscope.Cli.Commands;

/// <summary>`goroscope parse`: the Go parser on the command line, like `gofmt -e -l`.</summary>
internal static class ParseCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "Go files or directories to parse.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("parse", "Parse Go source files and report syntax errors.") { paths };
        command.SetAction(result =>
        {
            stderr.WriteLine("goroscope parse: not built yet");
            return (int)ExitCode.BadInput;
        });
        return command;
    }
}
