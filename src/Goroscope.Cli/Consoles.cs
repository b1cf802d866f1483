using System.Globalization;
using Spectre.Console;

namespace Goroscope.Cli;

/// <summary>
/// Spectre consoles over the tool's writers: colour only on a real terminal and without NO_COLOR; the width the
/// terminal's (80 when it cannot tell), or `COLUMNS` when output is piped or written to a file, or else
/// unbounded — a pipe gets whole lines (grep finds a bucket's row), never hard wraps.
/// </summary>
internal static class Consoles
{
    /// <summary>The width used for piped output without `COLUMNS`: wider than any line the reports write.</summary>
    public const int Unbounded = 4096;

    /// <summary>The width when the terminal cannot tell its own.</summary>
    public const int DefaultTerminalWidth = 80;

    public static IAnsiConsole For(TextWriter writer, bool colour)
    {
        var terminal = colour && ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal && !noColor ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        console.Profile.Width = terminal ? TerminalWidth() : PipedWidth();
        return console;
    }

    /// <summary>`COLUMNS` when set to a positive number, else unbounded.</summary>
    private static int PipedWidth() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : Unbounded;

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : DefaultTerminalWidth;
        }
        catch (IOException)
        {
            return DefaultTerminalWidth;
        }
    }
}
