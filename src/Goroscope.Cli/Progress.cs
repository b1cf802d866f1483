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

    /// <summary>
    /// A "label [####....] done/total units" bar for work over many items, drawn at most ten times a second once it
    /// has run for a moment; null when stderr is not a terminal (whatever stdout is: `lint ./... > out.txt` shows it).
    /// Dispose clears the line.
    /// </summary>
    public static CountProgress? Counter(TextWriter stderr, string label, string units) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new CountProgress(stderr, label, units) : null;

    internal sealed class CountProgress(TextWriter stderr, string label, string units) : IDisposable
    {
        private readonly DateTime started = DateTime.UtcNow;
        private long lastDrawTicks;
        private int drew;

        public void Report(int done, int total)
        {
            var now = DateTime.UtcNow;
            var last = Interlocked.Read(ref lastDrawTicks);
            if (now - started < Delay || now.Ticks - last < TimeSpan.TicksPerMillisecond * 100 || Interlocked.CompareExchange(ref lastDrawTicks, now.Ticks, last) != last)
                return;
            Volatile.Write(ref drew, 1);
            const int width = 30;
            var filled = (int)((long)width * done / Math.Max(1, total));
            lock (stderr)
                stderr.Write($"\r\u001b[2K{label} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {units}");
        }

        public void Dispose()
        {
            if (Volatile.Read(ref drew) == 1)
                lock (stderr)
                    stderr.Write("\r\u001b[2K");
        }
    }
}
