namespace Goroscope.Cli.Commands;

/// <summary>
/// A `go test` command line taken apart: package patterns, test flags, the build flags `go list` needs too, the
/// directory of `-C`, which go wants before every other flag, and the program of `-exec`, which goroscope's own
/// wrapper runs in turn.
/// </summary>
internal sealed record GoTestArguments(IReadOnlyList<string> Packages, IReadOnlyList<string> Flags, IReadOnlyList<string> BuildFlags, string? Directory, string? Exec)
{
    // go test and build flags that take their value as the next argument when not written -flag=value.
    private static readonly HashSet<string> TakesValue =
    [
        "run", "skip", "bench", "benchtime", "count", "cpu", "parallel", "timeout", "list", "shuffle", "fuzz", "fuzztime",
        "fuzzminimizetime", "coverprofile", "covermode", "coverpkg", "cpuprofile", "memprofile", "memprofilerate", "blockprofile",
        "blockprofilerate", "mutexprofile", "mutexprofilefraction", "outputdir", "exec", "o", "vet", "tags", "p", "ldflags",
        "gcflags", "asmflags", "mod", "modfile", "overlay", "pgo", "toolexec", "C",
    ];

    private static readonly HashSet<string> BuildFlagNames = ["tags", "mod", "modfile", "overlay"];

    public static GoTestArguments Parse(IReadOnlyList<string> args)
    {
        var packages = new List<string>();
        var flags = new List<string>();
        var build = new List<string>();
        string? directory = null;
        string? exec = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                packages.Add(arg);
                continue;
            }
            var name = arg.TrimStart('-').Split('=', 2)[0];
            if (name is "trace" or "json")
                throw new UsageException($"{arg}: goroscope test sets -{name} itself");
            var taken = new List<string> { arg };
            if (!arg.Contains('=') && TakesValue.Contains(name) && i + 1 < args.Count)
                taken.Add(args[++i]);
            if (name == "C")
            {
                directory = taken.Count == 2 ? taken[1] : arg.Split('=', 2)[1];
                continue;
            }
            if (name == "exec")
            {
                exec = taken.Count == 2 ? taken[1] : arg.Split('=', 2)[1];
                continue;
            }
            flags.AddRange(taken);
            if (BuildFlagNames.Contains(name))
                build.AddRange(taken);
        }
        return new GoTestArguments(packages, flags, build, directory, exec);
    }
}
