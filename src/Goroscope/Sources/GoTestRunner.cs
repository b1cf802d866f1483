using System.Diagnostics;
using System.Text.Json;

namespace Goroscope.Sources;

/// <summary>The outcome of one package's `go test -json -trace` run.</summary>
/// <param name="Tests">Test names in the order they started (`"Action":"run"` events).</param>
/// <param name="Trace">The execution trace, or null when the test binary did not run (build failure, no test files).</param>
public sealed record PackageTestRun(string Package, int ExitCode, IReadOnlyList<string> Tests, IReadOnlyList<string> Failed, string? Trace);

/// <summary>
/// Runs `go test` one package at a time — `-trace` takes one package — with `-json`, passing the tests' own output
/// through as it comes, and keeps each package's trace for attribution.
/// </summary>
/// <param name="directory">Where go runs (its -C), or null for the current directory.</param>
public sealed class GoTestRunner(string go, string? directory, string traceDirectory, TextWriter output)
{
    private readonly string[] _inDirectory = directory is null ? [] : ["-C", directory];

    /// <summary>The package import paths <paramref name="patterns"/> name (`./...`, `example.com/x`), as `go list` expands them.</summary>
    public async Task<IReadOnlyList<string>> ListPackagesAsync(IReadOnlyList<string> patterns, IReadOnlyList<string> buildFlags, CancellationToken cancel)
    {
        var (exitCode, stdout, stderr) = await RunAsync(["list", .. _inDirectory, .. buildFlags, .. patterns.Count == 0 ? ["."] : patterns], null, cancel);
        if (exitCode != 0)
            throw new SourceException($"go list {string.Join(' ', patterns)} failed: {FirstLine(stderr)}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public async Task<PackageTestRun> TestAsync(string package, IReadOnlyList<string> testFlags, CancellationToken cancel)
    {
        var trace = Path.GetFullPath(Path.Combine(traceDirectory, package.Replace('/', '_') + ".trace"));
        var tests = new List<string>();
        var failed = new List<string>();
        var (exitCode, _, stderr) = await RunAsync(["test", .. _inDirectory, "-json", $"-trace={trace}", .. testFlags, package], line =>
        {
            if (!line.StartsWith('{'))
            {
                output.WriteLine(line);
                return;
            }
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var action = root.TryGetProperty("Action", out var a) ? a.GetString() : null;
            var test = root.TryGetProperty("Test", out var t) ? t.GetString() : null;
            if (action == "output" && root.TryGetProperty("Output", out var text))
                output.Write(text.GetString());
            else if (action == "run" && test is not null)
                tests.Add(test);
            else if (action == "fail" && test is not null)
                failed.Add(test);
        }, cancel);
        if (stderr.Length > 0)
            output.Write(stderr);
        return new PackageTestRun(package, exitCode, tests, failed, File.Exists(trace) && new FileInfo(trace).Length > 0 ? trace : null);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> arguments, Action<string>? onLine, CancellationToken cancel)
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
        {
            var stderr = process.StandardError.ReadToEndAsync(cancel);
            var stdout = new System.Text.StringBuilder();
            while (await process.StandardOutput.ReadLineAsync(cancel) is { } line)
            {
                if (onLine is null)
                    stdout.AppendLine(line);
                else
                    onLine(line);
            }
            await process.WaitForExitAsync(cancel);
            return (process.ExitCode, stdout.ToString(), await stderr);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no output";
}
