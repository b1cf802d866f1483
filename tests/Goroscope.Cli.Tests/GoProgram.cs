using Goroscope.Tests;
using System.Diagnostics;

namespace Goroscope.Cli.Tests;

/// <summary>
/// A Go program of testdata/programs built with the newest Go toolchain under /opt/go (installed by
/// .ci/run through ../shared/tools/install-go.sh) and started as a real process.
/// </summary>
internal sealed class GoProgram : IDisposable
{
    private static readonly object BuildLock = new();
    private readonly Process _process;

    private GoProgram(Process process, string firstLine)
    {
        _process = process;
        FirstLine = firstLine;
    }

    public string FirstLine { get; }

    public static string Toolchain { get; } = new[] { "1.27", "1.23", "1.19" }
        .Select(v => $"/opt/go/{v}")
        .FirstOrDefault(root => File.Exists($"{root}/bin/go"))
        ?? throw new InvalidOperationException("no Go toolchain under /opt/go: run ../shared/tools/install-go.sh");

    public static string Build(string program)
    {
        var output = Path.Combine(Path.GetTempPath(), "goroscope-tests", $"{program}-{Path.GetFileName(Toolchain)}");
        lock (BuildLock)
        {
            var build = new ProcessStartInfo($"{Toolchain}/bin/go", ["build", "-o", output, "."])
            {
                WorkingDirectory = Path.Combine(Paths.TestData, "programs", program),
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            build.Environment["GOROOT"] = Toolchain;
            build.Environment["GOTOOLCHAIN"] = "local";
            build.Environment["GOPROXY"] = "off";
            build.Environment["GOFLAGS"] = "-mod=mod";
            build.Environment["CGO_ENABLED"] = "0";
            build.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "goroscope-tests", "gocache");
            using var go = Process.Start(build)!;
            var errors = go.StandardError.ReadToEnd();
            go.WaitForExit();
            if (go.ExitCode != 0)
                throw new InvalidOperationException($"go build {program} failed: {errors}");
        }
        return output;
    }

    /// <summary>Starts the program and waits for its first line of output (e.g. `listening on 127.0.0.1:PORT`).</summary>
    public static GoProgram Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(Build(program), args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"{program} exited before saying anything: {process.StandardError.ReadToEnd()}");
        return new GoProgram(process, line);
    }

    /// <summary>The `http://127.0.0.1:PORT` a `listening on 127.0.0.1:PORT` program serves.</summary>
    public string Url => "http://" + FirstLine["listening on ".Length..];

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
