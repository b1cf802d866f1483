using System.CommandLine;
using Goroscope.Cli.Commands;

namespace Goroscope.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool as the command line would; tests call this with their own streams.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin = null)
    {
        var io = new ConsoleStreams(stdout, stderr, stdin);
        var root = new RootCommand("Goroscope finds, explains and prevents goroutine leaks in Go programs.");
        foreach (var command in Commands(io))
            root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        if (Usage.FirstError(parsed) is { } error)
        {
            var help = parsed.CommandResult.Command is RootCommand ? "goroscope --help" : $"goroscope {parsed.CommandResult.Command.Name} --help";
            stderr.WriteLine($"goroscope: {error} (see `{help}`)");
            return (int)ExitCode.BadInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static IEnumerable<Command> Commands(ConsoleStreams io)
    {
        yield return AnalyzeCommand.Create(io);
        yield return DiffCommand.Create(io);
        yield return CheckCommand.Create(io);
        yield return TraceCommand.Create(io);
        yield return TestCommand.Create(io);
        yield return ParseCommand.Create(io);
        yield return LintCommand.Create(io);
        yield return WatchCommand.Create(io);
    }
}
