using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

/// <summary>
/// Decides which files of a directory belong to the build, as go/build does: file-name suffixes
/// (_GOOS, _GOARCH, _GOOS_GOARCH, _test), //go:build lines (or the older // +build lines), and cgo.
/// </summary>
public sealed class BuildContext
{
    private static readonly HashSet<string> KnownOs = new(StringComparer.Ordinal)
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd",
        "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
    };

    private static readonly HashSet<string> KnownArch = new(StringComparer.Ordinal)
    {
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le",
        "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
    };

    private static readonly HashSet<string> UnixOs = new(StringComparer.Ordinal)
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux", "netbsd", "openbsd", "solaris",
    };

    private readonly HashSet<string> tags;

    public BuildContext(GoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        tags = new HashSet<string>(StringComparer.Ordinal) { environment.GoOs, environment.GoArch, "gc" };
        tags.UnionWith(environment.ToolTags);
        tags.UnionWith(environment.ReleaseTags);
        tags.UnionWith(environment.BuildTags);
        if (environment.CgoEnabled)
        {
            tags.Add("cgo");
        }
        if (UnixOs.Contains(environment.GoOs))
        {
            tags.Add("unix");
        }
        // GOOS=android also matches linux files, illumos solaris files, ios darwin files.
        switch (environment.GoOs)
        {
            case "android":
                tags.Add("linux");
                break;
            case "illumos":
                tags.Add("solaris");
                break;
            case "ios":
                tags.Add("darwin");
                break;
        }
    }

    public GoEnvironment Environment { get; }

    public bool HasTag(string tag) => tags.Contains(tag);

    /// <summary>Whether a file of this name can be in the build (its suffixes; "_" and "." files never are).</summary>
    public bool MatchesFileName(string fileName, bool includeTests)
    {
        if (!fileName.EndsWith(".go", StringComparison.Ordinal) || fileName.StartsWith('_') || fileName.StartsWith('.'))
        {
            return false;
        }
        var name = fileName[..^3];
        if (name.EndsWith("_test", StringComparison.Ordinal))
        {
            if (!includeTests)
            {
                return false;
            }
            name = name[..^5];
        }
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            name = name[..dot];
        }
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore < 0)
        {
            return true; // "linux.go" is not constrained: only suffixes after an underscore count
        }
        var parts = name[(underscore + 1)..].Split('_');
        var n = parts.Length;
        if (n >= 2 && KnownOs.Contains(parts[n - 2]) && KnownArch.Contains(parts[n - 1]))
        {
            return HasTag(parts[n - 2]) && HasTag(parts[n - 1]);
        }
        if (KnownOs.Contains(parts[n - 1]) || KnownArch.Contains(parts[n - 1]))
        {
            return HasTag(parts[n - 1]);
        }
        return true;
    }

    /// <summary>Whether the file's constraint lines (before the package clause) are satisfied, and it needs no cgo when cgo is off.</summary>
    public bool MatchesConstraints(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string? goBuild = null;
        var plusBuild = new List<string>();
        foreach (var group in file.Comments)
        {
            if (file.Package >= 0 && group.Pos >= file.Package)
            {
                break;
            }
            foreach (var comment in group.List)
            {
                var text = comment.Text;
                if (text.StartsWith("//go:build", StringComparison.Ordinal))
                {
                    goBuild ??= text;
                }
                else if (text.StartsWith("// +build ", StringComparison.Ordinal))
                {
                    plusBuild.Add(text["// +build ".Length..]);
                }
            }
        }
        bool matched;
        if (goBuild is not null)
        {
            matched = BuildConstraint.Evaluate(goBuild, HasTag) ?? false;
        }
        else
        {
            matched = plusBuild.All(MatchesPlusBuildLine);
        }
        if (!matched)
        {
            return false;
        }
        return Environment.CgoEnabled || !file.Imports.Any(i => i.Path.Value == "\"C\"");
    }

    // "// +build a,!b c": an OR of space-separated options, each an AND of comma-separated (possibly negated) tags.
    private bool MatchesPlusBuildLine(string line) =>
        line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Any(option => option.Split(',').All(term => term.StartsWith('!') ? !HasTag(term[1..]) : HasTag(term)));
}
