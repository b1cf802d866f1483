using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Goroscope.GoTypes;

/// <summary>
/// The build configuration `go` would use: where the standard library, GOPATH and the module cache are,
/// the target GOOS/GOARCH, whether cgo is on, and the tags that are set.
/// </summary>
public sealed record GoEnvironment
{
    public required string GoRoot { get; init; }

    public string GoOs { get; init; } = "linux";

    public string GoArch { get; init; } = "amd64";

    /// <summary>GOPATH entries (GOPATH mode and the default module cache live here).</summary>
    public IReadOnlyList<string> GoPath { get; init; } = [];

    /// <summary>The module cache (GOMODCACHE, else the first GOPATH entry's pkg/mod).</summary>
    public string? ModCache { get; init; }

    public bool CgoEnabled { get; init; }

    /// <summary>The toolchain's tags: goexperiment.* and the architecture level (e.g. amd64.v1).</summary>
    public IReadOnlyList<string> ToolTags { get; init; } = [];

    /// <summary>go1.1 … go1.N for the toolchain's release.</summary>
    public IReadOnlyList<string> ReleaseTags { get; init; } = [];

    /// <summary>Module mode (GO111MODULE other than "off"); off, go.mod files are ignored and imports come from GOPATH.</summary>
    public bool Modules { get; init; } = true;

    /// <summary>Tags given with --tags.</summary>
    public IReadOnlyList<string> BuildTags { get; init; } = [];

    /// <summary>
    /// Asks the go command (<paramref name="goBinary"/>, else `go` on PATH, else /opt/go/1.27/bin/go) for its
    /// configuration, as `go list` sees it; falls back to the machine's GOOS/GOARCH and the GOROOT's VERSION file.
    /// </summary>
    public static GoEnvironment Discover(string? goBinary = null, IReadOnlyList<string>? buildTags = null)
    {
        var go = goBinary ?? FindOnPath("go") ?? (File.Exists("/opt/go/1.27/bin/go") ? "/opt/go/1.27/bin/go" : null);
        var tags = buildTags ?? [];
        if (go is not null && AskGo(go) is { } asked)
        {
            return asked with { BuildTags = tags };
        }
        var goRoot = Environment.GetEnvironmentVariable("GOROOT") ?? "/opt/go/1.27";
        return Fallback(goRoot) with { BuildTags = tags };
    }

    /// <summary>Defaults without a go command: this machine's GOOS/GOARCH, release tags from GOROOT/VERSION.</summary>
    public static GoEnvironment Fallback(string goRoot)
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var goPath = (Environment.GetEnvironmentVariable("GOPATH") ?? Path.Combine(home, "go")).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return new GoEnvironment
        {
            GoRoot = goRoot,
            GoOs = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux",
            GoArch = RuntimeInformation.OSArchitecture switch
            {
                Architecture.Arm64 => "arm64",
                Architecture.X86 => "386",
                Architecture.Arm => "arm",
                _ => "amd64",
            },
            GoPath = goPath,
            ModCache = Environment.GetEnvironmentVariable("GOMODCACHE") is { Length: > 0 } cache ? cache : goPath.Length > 0 ? Path.Combine(goPath[0], "pkg", "mod") : null,
            CgoEnabled = Environment.GetEnvironmentVariable("CGO_ENABLED") == "1",
            Modules = Environment.GetEnvironmentVariable("GO111MODULE") != "off",
            ReleaseTags = ReleaseTagsOf(goRoot),
        };
    }

    private static GoEnvironment? AskGo(string go)
    {
        const string Format = "{{context.GOROOT}}|{{context.GOOS}}|{{context.GOARCH}}|{{context.GOPATH}}|{{context.CgoEnabled}}|{{join context.ToolTags \",\"}}|{{join context.ReleaseTags \",\"}}";
        var list = Run(go, "list", "-e", "-f", Format, "unsafe");
        var goEnv = Run(go, "env", "GOMODCACHE", "GO111MODULE")?.Split('\n');
        var fields = list?.Trim().Split('|');
        if (fields is not { Length: 7 })
        {
            return null;
        }
        return new GoEnvironment
        {
            GoRoot = fields[0],
            GoOs = fields[1],
            GoArch = fields[2],
            GoPath = fields[3].Split(':', StringSplitOptions.RemoveEmptyEntries),
            CgoEnabled = fields[4] == "true",
            ToolTags = fields[5].Split(',', StringSplitOptions.RemoveEmptyEntries),
            ReleaseTags = fields[6].Split(',', StringSplitOptions.RemoveEmptyEntries),
            ModCache = goEnv?[0].Trim() is { Length: > 0 } cache ? cache : null,
            Modules = goEnv is not { Length: > 1 } || goEnv[1].Trim() != "off",
        };
    }

    private static string? Run(string program, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    // GOROOT/VERSION starts with "go1.27.3": go1.1 … go1.27 are set.
    private static string[] ReleaseTagsOf(string goRoot)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(goRoot, "VERSION")).FirstOrDefault() ?? "";
            var minor = first.StartsWith("go1.", StringComparison.Ordinal) ? new string(first[4..].TakeWhile(char.IsAsciiDigit).ToArray()) : "";
            return int.TryParse(minor, out var n) ? Enumerable.Range(1, n).Select(i => $"go1.{i}").ToArray() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
