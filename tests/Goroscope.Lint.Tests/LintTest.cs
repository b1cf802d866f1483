using System.Text;
using System.Text.RegularExpressions;
using Goroscope.GoSyntax;
using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests;

/// <summary>
/// analysistest for Goroscope: Go source where each expected finding is marked on its line with
/// `// want "rule-id"`; every mark must be matched at its line and nothing else reported.
/// </summary>
internal static partial class LintTest
{
    /// <summary>Lints the files (name → source) as one package with only <paramref name="rule"/> on, and checks the want marks.</summary>
    public static IReadOnlyList<Diagnostic> Check(Analyzer rule, string source, int? goMinor = null) =>
        CheckFiles(rule, [("a.go", source)], goMinor);

    /// <summary>As <see cref="Check"/>, with the package's types resolved (the standard library from the installed Go).</summary>
    public static IReadOnlyList<Diagnostic> CheckTyped(Analyzer rule, string source, int? goMinor = null) =>
        CheckFiles(rule, [("a.go", source)], goMinor, Types.Value);

    /// <summary>As <see cref="CheckTyped"/>, against the standard library of Go 1.27 (for APIs newer than the go on PATH: `sync.WaitGroup.Go`).</summary>
    public static IReadOnlyList<Diagnostic> CheckTypedGo127(Analyzer rule, string source) =>
        CheckFiles(rule, [("a.go", source)], null, Types127.Value);

    public static IReadOnlyList<Diagnostic> CheckFiles(Analyzer rule, IReadOnlyList<(string Name, string Source)> files, int? goMinor = null, TypeResolution? types = null)
    {
        var found = Lint(rule, files, goMinor, types);
        var wanted = Wants(files).ToHashSet();
        var got = found.Select(d => (d.File, d.Start.Line, d.RuleId)).ToHashSet();
        var missing = wanted.Except(got).Select(w => $"missing {w.RuleId} at {w.File}:{w.Line}");
        var unexpected = found.Where(d => !wanted.Contains((d.File, d.Start.Line, d.RuleId))).Select(d => $"unexpected {d.RuleId} at {d.File}:{d.Start}: {d.Message}");
        var problems = missing.Concat(unexpected).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return found;
    }

    private static readonly Lazy<TypeResolution> Types = new(() => new TypeResolution());

    private static readonly Lazy<TypeResolution> Types127 = new(() => new TypeResolution(() => Goroscope.GoTypes.GoEnvironment.Discover("/opt/go/1.27/bin/go")));

    public static IReadOnlyList<Diagnostic> Lint(Analyzer rule, IReadOnlyList<(string Name, string Source)> files, int? goMinor = null, TypeResolution? types = null)
    {
        var package = Package(files, goMinor, types);
        var known = RuleSet.All.Select(a => a.Id).ToHashSet();
        return Linter.Analyze(package, [rule], Linter.DefaultSettings(), known).Kept;
    }

    public static GoPackage Package(IReadOnlyList<(string Name, string Source)> files, int? goMinor = null, TypeResolution? types = null)
    {
        var sources = new List<SourceFile>();
        foreach (var (name, source) in files)
        {
            var parsed = Parser.ParseFile(name, Encoding.UTF8.GetBytes(source));
            Assert.True(parsed.Errors.Count == 0, string.Join("\n", parsed.Errors));
            sources.Add(parsed.File);
        }
        var scope = new Lazy<PackageScope>(() => new PackageScope(sources));
        var lintFiles = sources.Select(s => new LintFile(s.Text.Name, s, scope)).ToList();
        return new GoPackage(".", sources[0].Name.Name, lintFiles, goMinor, types);
    }

    /// <summary>(file, line, rule) for each `// want "rule"` mark.</summary>
    public static IEnumerable<(string File, int Line, string RuleId)> Wants(IReadOnlyList<(string Name, string Source)> files)
    {
        foreach (var (name, source) in files)
        {
            var lines = source.Split('\n');
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in WantMark().Matches(lines[i]))
                    foreach (Capture rule in m.Groups["rule"].Captures)
                        yield return (name, i + 1, rule.Value);
        }
    }

    [GeneratedRegex(@"// want(?:\s+""(?<rule>[a-z0-9-]+)"")+")]
    private static partial Regex WantMark();
}
