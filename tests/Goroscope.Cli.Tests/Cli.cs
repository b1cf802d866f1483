namespace Goroscope.Cli.Tests;

/// <summary>Runs the tool in-process, as the command line would, capturing both streams.</summary>
internal static class Cli
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(params string[] args) => RunWithInput(null, args);

    public static Outcome RunWithInput(byte[]? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr, stdin is null ? Stream.Null : new MemoryStream(stdin));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }
}
