using System.Diagnostics;
using Xunit;

namespace Goroscope.Tests;

/// <summary>
/// Runs one of this folder's playwright-core scripts in headless Chromium, as the report's and the dashboard's browser
/// tests do; compiled into each test project that has one (linked, like Paths.cs).
/// </summary>
internal static class BrowserCheck
{
    private static string Folder => Path.Combine(Paths.RepoRoot, "tests", "browser");

    /// <summary>Where the scripts put their screenshots: $GOROSCOPE_SCREENSHOTS (.ci/run names the folder CI keeps), else artifacts/screenshots.</summary>
    public static string Screenshots => Environment.GetEnvironmentVariable("GOROSCOPE_SCREENSHOTS") is { Length: > 0 } named ? named
        : Path.Combine(Paths.RepoRoot, "artifacts", "screenshots");

    /// <summary>Fails unless playwright-core and Chromium are installed: a browser test that cannot run is a failure, not a skip.</summary>
    public static void RequireBrowser()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")))
            throw new InvalidOperationException($"playwright-core is not installed: run `npm ci` in {Folder} (.ci/run does)");
        if (!File.Exists("/usr/bin/chromium"))
            throw new InvalidOperationException("/usr/bin/chromium is not installed: run `apt-get install -y chromium` (.ci/run does)");
    }

    /// <summary>Runs `node SCRIPT ARGS…`, fails with its output unless it exits 0 within <paramref name="limit"/>; returns what it printed.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(limit))
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail($"the browser check did not finish in {limit.TotalSeconds:0} s");
        }
        Assert.True(node.ExitCode == 0, $"browser check failed:\n{await stdout}\n{await stderr}");
        return await stdout;
    }

    /// <summary>Asserts each screenshot was written and holds more than a blank page.</summary>
    public static void AssertScreenshots(IEnumerable<string> files) =>
        Assert.All(files, f => Assert.True(new FileInfo(Path.Combine(Screenshots, f)).Length > 10_000, f));
}
