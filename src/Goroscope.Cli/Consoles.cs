using Spectre.Console;

namespace Goroscope.Cli;

/// <summary>Spectre consoles over the tool's writers: colour only on a real terminal and without NO_COLOR.</summary>
internal static class Consoles
{
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
        if (!terminal)
            console.Profile.Width = 160;
        return console;
    }
}
