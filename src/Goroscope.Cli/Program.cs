using System.CommandLine;
using Goroscope.Cli.Commands;

namespace Goroscope.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool as the command line would; tests call this with their own writers.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Goroscope finds, explains and prevents goroutine leaks in Go programs.");
        foreach (var command in Commands(stdout, stderr))
            root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var command = string.Join(' ', parsed.CommandResult.Command is RootCommand ? ["goroscope"] : ["goroscope", parsed.CommandResult.Command.Name]);
            foreach (var error in parsed.Errors)
                stderr.WriteLine($"goroscope: {OneLine(error.Message)} (see `{command} --help`)");
            return (int)ExitCode.BadInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static string OneLine(string message) => string.Join(' ', message.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<Command> Commands(TextWriter stdout, TextWriter stderr)
    {
        yield return AnalyzeCommand.Create(stdout, stderr);
        yield return ParseCommand.Create(stdout, stderr);
    }
}
