using Spectre.Console;
using Spectre.Console.Rendering;

namespace Goroscope.Reports;

/// <summary>
/// Lines of prose in the text reports, never wrapped: the console's width is for tables (<see cref="TextTable"/>),
/// while a summary or a "created at" line stays one line — whole in a pipe, soft-wrapped by a terminal — and
/// never gets a hard break with trailing spaces.
/// </summary>
public static class ConsoleLines
{
    private const int NoWrap = 1 << 20;

    public static void Line(this IAnsiConsole console, string markup)
    {
        console.Write(new Unwrapped(new Markup(markup)));
        console.WriteLine();
    }

    private sealed class Unwrapped(IRenderable inner) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, NoWrap);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => inner.Render(options, NoWrap);
    }
}
