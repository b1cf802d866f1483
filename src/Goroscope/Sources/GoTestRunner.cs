using System.Diagnostics;
using System.Text.Json;

namespace Goroscope.Sources;

/// <summary>The outcome of one package's `go test -json -trace` run.</summary>
/// <param name="Tests">Test names in the order they started (`"Action":"run"` events).</param>
/// <param name="Trace">The execution trace, or null when the test binary did not run (build failure, no test files).</param>
/// <param name="Crash">The first line of the panic or fatal error that ended the test binary early, or null.</param>
public sealed record PackageTestRun(string Package, int ExitCode, IReadOnlyList<string> Tests, IReadOnlyList<string> Failed, string? Trace, string? Crash);

/// <summary>
/// Runs `go test` one package per go command — `-trace` takes one package — with `-json`, several packages at a
/// time as `go test -p` does, passing the tests' own output and the compiler's messages through as go test
/// prints them, and keeps each package's trace for attribution.
/// </summary>
/// <param name="directory">Where go runs (its -C), or null for the current directory.</param>
public sealed class GoTestRunner(string go, string? directory, string traceDirectory)
{
    private readonly string[] _inDirectory = directory is null ? [] : ["-C", directory];

    /// <summary>The package import paths <paramref name="patterns"/> name (`./...`, `example.com/x`), as `go list` expands them.</summary>
    public async Task<IReadOnlyList<string>> ListPackagesAsync(IReadOnlyList<string> patterns, IReadOnlyList<string> buildFlags, CancellationToken cancel)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await RunAsync(["list", .. _inDirectory, .. buildFlags, .. patterns.Count == 0 ? ["."] : patterns], stdout.WriteLine, stderr.WriteLine, cancel);
        if (exitCode != 0)
            throw new SourceException($"go list {string.Join(' ', patterns)} failed: {FirstLine(stderr.ToString())}");
        return [.. stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>
    /// Tests <paramref name="packages"/>, at most <paramref name="parallel"/> at once, each analysed by
    /// <paramref name="analyse"/> as soon as it ends. As go test does, a lone package's output streams to
    /// <paramref name="output"/>; several packages' outputs are held and written whole, in the order of
    /// <paramref name="packages"/>, each followed by <paramref name="report"/> of its result.
    /// </summary>
    public async Task TestAllAsync<T>(IReadOnlyList<string> packages, IReadOnlyList<string> testFlags, int parallel, TextWriter output,
        Func<PackageTestRun, T> analyse, Action<T> report, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var slots = new SemaphoreSlim(parallel);
        var runs = packages.Select(async package =>
        {
            await slots.WaitAsync(stop.Token);
            try
            {
                var held = packages.Count == 1 ? null : new StringWriter();
                var run = await TestAsync(package, testFlags, held ?? output, stop.Token);
                return (Output: held?.ToString(), Result: analyse(run));
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        try
        {
            foreach (var run in runs)
            {
                var (held, result) = await run;
                output.Write(held);
                report(result);
            }
        }
        finally
        {
            // A failure in one package stops the others' go commands rather than leaving them running.
            await stop.CancelAsync();
            await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private async Task<PackageTestRun> TestAsync(string package, IReadOnlyList<string> testFlags, TextWriter output, CancellationToken cancel)
    {
        var trace = Path.GetFullPath(Path.Combine(traceDirectory, package.Replace('/', '_') + ".trace"));
        var tests = new List<string>();
        var failed = new List<string>();
        string? crash = null;
        var gate = new Lock();
        void Write(string text)
        {
            lock (gate)
                output.Write(text);
        }
        var exitCode = await RunAsync(["test", .. _inDirectory, "-json", $"-trace={trace}", .. testFlags, package], line =>
        {
            // Before Go 1.24 a build failure's "FAIL x [build failed]" is a plain line, not an event.
            if (!line.StartsWith('{'))
            {
                Write(line + "\n");
                return;
            }
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var action = root.TryGetProperty("Action", out var a) ? a.GetString() : null;
            var test = root.TryGetProperty("Test", out var t) ? t.GetString() : null;
            if (action is "output" or "build-output" && root.TryGetProperty("Output", out var property) && property.GetString() is { } text)
            {
                Write(text);
                if (action == "output" && crash is null && (text.StartsWith("panic: ", StringComparison.Ordinal) || text.StartsWith("fatal error: ", StringComparison.Ordinal)))
                    crash = text.TrimEnd();
            }
            else if (action == "run" && test is not null)
                tests.Add(test);
            else if (action == "fail" && test is not null)
                failed.Add(test);
        }, line => Write(line + "\n"), cancel); // before Go 1.24 the compiler's messages come on standard error
        return new PackageTestRun(package, exitCode, tests, failed, File.Exists(trace) && new FileInfo(trace).Length > 0 ? trace : null, crash);
    }

    private async Task<int> RunAsync(IReadOnlyList<string> arguments, Action<string> onStdout, Action<string> onStderr, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(go, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SourceException($"cannot run {go}: {e.Message} (is Go installed? --go names the go command)");
        }
        using (process)
        using (cancel.Register(() => process.Kill(entireProcessTree: true)))
        {
            await Task.WhenAll(ReadLinesAsync(process.StandardOutput, onStdout, cancel), ReadLinesAsync(process.StandardError, onStderr, cancel));
            await process.WaitForExitAsync(cancel);
            return process.ExitCode;
        }
    }

    private static async Task ReadLinesAsync(StreamReader reader, Action<string> onLine, CancellationToken cancel)
    {
        while (await reader.ReadLineAsync(cancel) is { } line)
            onLine(line);
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no output";
}
