using Goroscope.Sources;
using Spectre.Console;

namespace Goroscope.Cli;

/// <summary>A progress line on stderr for slow fetches and large files, shown only on a terminal.</summary>
internal static class Progress
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(700);

    public static async Task<T> RunAsync<T>(TextWriter stderr, string source, SourceOptions options, Func<SourceOptions, Task<T>> load)
    {
        if (!ReferenceEquals(stderr, Console.Error) || Console.IsErrorRedirected)
            return await load(options);
        var started = DateTime.UtcNow;
        var lastDraw = DateTime.MinValue;
        var drew = false;
        void Report(long bytes, long? total)
        {
            var now = DateTime.UtcNow;
            if (now - started < Delay || now - lastDraw < TimeSpan.FromMilliseconds(100))
                return;
            lastDraw = now;
            drew = true;
            var of = total is > 0 ? $" of {total.Value / 1048576.0:0.0} MiB ({100.0 * bytes / total.Value:0}%)" : "";
            stderr.Write($"\r\u001b[2Kreading {source}: {bytes / 1048576.0:0.0} MiB{of}");
        }
        try
        {
            return await load(options with { Progress = Report });
        }
        finally
        {
            if (drew)
                stderr.Write("\r\u001b[2K");
        }
    }
}
