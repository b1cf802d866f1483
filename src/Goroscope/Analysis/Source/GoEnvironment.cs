using System.Diagnostics;

namespace Goroscope.Analysis.Source;

/// <summary>Where this machine keeps Go's own sources and downloaded modules, as the go command would say.</summary>
internal static class GoEnvironment
{
    public static string? GoRoot() => Environment.GetEnvironmentVariable("GOROOT") is { Length: > 0 } set ? set : AskGo("GOROOT");

    public static string? ModuleCache()
    {
        if (Environment.GetEnvironmentVariable("GOMODCACHE") is { Length: > 0 } cache)
            return cache;
        var gopath = Environment.GetEnvironmentVariable("GOPATH") is { Length: > 0 } set
            ? set.Split(Path.PathSeparator)[0]
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "go");
        return Path.Combine(gopath, "pkg", "mod");
    }

    /// <summary>`go env NAME` when a go command is on the PATH; null when there is none or it fails.</summary>
    private static string? AskGo(string name)
    {
        try
        {
            using var go = Process.Start(new ProcessStartInfo("go", ["env", name])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (go is null)
                return null;
            var value = go.StandardOutput.ReadToEnd().Trim();
            return go.WaitForExit(5000) && go.ExitCode == 0 && value.Length > 0 ? value : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no go command on the PATH
        }
    }
}
