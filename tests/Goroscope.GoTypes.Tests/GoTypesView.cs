using System.Diagnostics;

namespace Goroscope.GoTypes.Tests;

/// <summary>
/// go/types' view of packages, printed by the checker program in checker/ (built with the installed Go 1.27):
/// the concurrency-relevant type of each identifier, selector and call, and the method sets of named types.
/// </summary>
internal sealed record GoTypesView(IReadOnlyDictionary<string, string> Expressions, IReadOnlyDictionary<string, string> MethodSets)
{
    public const string Go = GoSource.GoRoot + "/bin/go";

    private static readonly Lazy<string> Checker = new(BuildChecker, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <param name="packages">import path → directory; an empty import path lets go/build name a GOROOT package.</param>
    /// <param name="all">Every identifier, selector and call, not only the concurrency-relevant ones.</param>
    /// <param name="goEnvironment">Variables for the go/types run on top of CGO_ENABLED=0 (e.g. GO111MODULE=off and GOPATH for Debian's GOPATH tree).</param>
    public static GoTypesView Of(IEnumerable<(string ImportPath, string Directory)> packages, bool all = false, IReadOnlyDictionary<string, string>? goEnvironment = null)
    {
        var args = packages.Select(p => p.ImportPath.Length == 0 ? p.Directory : p.ImportPath + "=" + p.Directory).ToList();
        if (all)
        {
            args.Insert(0, "-all");
        }
        var output = Run(Checker.Value, args, Path.GetTempPath(), goEnvironment);
        var expressions = new Dictionary<string, string>(StringComparer.Ordinal);
        var methodSets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields[0] == "expr")
            {
                expressions[fields[1]] = fields[2];
            }
            else if (fields[0] == "methods")
            {
                methodSets[fields[1]] = fields[2];
            }
        }
        return new GoTypesView(expressions, methodSets);
    }

    private static string BuildChecker()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "checker");
        if (!Directory.Exists(source))
        {
            source = Path.Combine(Repository.Root, "tests", "Goroscope.GoTypes.Tests", "checker");
        }
        var binary = Path.Combine(Path.GetTempPath(), $"goroscope-gotypes-checker-{Environment.ProcessId}");
        Run(Go, ["build", "-o", binary, "."], source);
        return binary;
    }

    private static string Run(string program, IReadOnlyList<string> args, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["CGO_ENABLED"] = "0";
        info.Environment["GOFLAGS"] = "-mod=mod";
        info.Environment["GOTOOLCHAIN"] = "local";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        }
        return stdout;
    }
}
