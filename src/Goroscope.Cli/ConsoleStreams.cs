namespace Goroscope.Cli;

/// <summary>The streams a command talks to: the process's own, or a test's.</summary>
/// <param name="Stdin">Null for the process's standard input.</param>
public sealed record ConsoleStreams(TextWriter Stdout, TextWriter Stderr, Stream? Stdin);
