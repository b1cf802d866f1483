using System.Collections.Concurrent;
using Goroscope.Lint.Rules;

namespace Goroscope.Lint;

/// <summary>Whether a rule runs and how severe its findings are.</summary>
public sealed record RuleSetting(bool Enabled, Severity Severity);

/// <summary>The result of a lint run: findings after suppression, what was skipped, and counts.</summary>
public sealed record LintResult(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<LoadProblem> Problems, int FileCount, int PackageCount, int Suppressed)
{
    /// <summary>Of the packages whose types a rule asked for: how many resolved with every expression's type known, and how many had unknowns.</summary>
    public TypeCoverage Types { get; init; } = new(0, 0);

    /// <summary>Files found in the directories walked and not linted because the build leaves them out (GOOS/GOARCH, build constraints, --tags).</summary>
    public int OutsideBuild { get; init; }
}

/// <summary>How many packages' types were resolved completely (<see cref="Full"/>) or with some expressions unknown (<see cref="WithUnknowns"/>).</summary>
public sealed record TypeCoverage(int Full, int WithUnknowns)
{
    public int Resolved => Full + WithUnknowns;

    /// <summary>Counts the packages whose types were resolved during the run (rules ask for them on first use).</summary>
    public static TypeCoverage Of(IEnumerable<GoPackage> packages)
    {
        var resolved = packages.Where(p => p.TypesResolved).ToList();
        var full = resolved.Count(p => p.TypesResolvedFully);
        return new TypeCoverage(full, resolved.Count - full);
    }
}

/// <summary>Runs the enabled analyzers over packages, in parallel, and applies //goroscope:ignore comments.</summary>
public static class Linter
{
    /// <summary>The settings every rule has when nothing is configured.</summary>
    public static IReadOnlyDictionary<string, RuleSetting> DefaultSettings() =>
        RuleSet.All.ToDictionary(a => a.Id, a => new RuleSetting(a.EnabledByDefault, a.DefaultSeverity), StringComparer.Ordinal);

    /// <param name="progress">Told (packages done, packages in all) as each package is analysed.</param>
    public static LintResult Run(LoadResult load, IReadOnlyDictionary<string, RuleSetting>? settings = null, Action<int, int>? progress = null)
    {
        settings ??= DefaultSettings();
        var enabled = RuleSet.All.Where(a => settings.TryGetValue(a.Id, out var s) ? s.Enabled : a.EnabledByDefault).ToList();
        var known = RuleSet.All.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var found = new ConcurrentBag<Diagnostic>();
        var suppressed = 0;
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(load.Packages, options, package =>
        {
            var (kept, silenced) = Analyze(package, enabled, settings, known);
            package.ReleaseAnalysis();
            Interlocked.Add(ref suppressed, silenced);
            foreach (var d in kept)
                found.Add(d);
            progress?.Invoke(Interlocked.Increment(ref done), load.Packages.Count);
        });
        return new LintResult(Fingerprint.Assign(found), load.Problems, load.FileCount, load.Packages.Count, suppressed) { Types = TypeCoverage.Of(load.Packages), OutsideBuild = load.OutsideBuild };
    }

    /// <summary>Runs the analyzers over one package; returns the findings no ignore comment silences (and bad ignore comments), and how many were silenced.</summary>
    internal static (List<Diagnostic> Kept, int Suppressed) Analyze(GoPackage package, IEnumerable<Analyzer> analyzers, IReadOnlyDictionary<string, RuleSetting> settings, IReadOnlySet<string> knownRules)
    {
        var diagnostics = new List<Diagnostic>();
        var facts = new PackageFacts(package);
        foreach (var analyzer in analyzers)
        {
            var severity = settings.TryGetValue(analyzer.Id, out var s) ? s.Severity : analyzer.DefaultSeverity;
            analyzer.Run(new Pass(analyzer, package, facts, severity, diagnostics));
        }
        var kept = new List<Diagnostic>();
        var byFile = package.Files.ToDictionary(f => f.Path, f => Suppressions.Read(f, knownRules, kept), StringComparer.Ordinal);
        var suppressed = 0;
        foreach (var d in diagnostics.Distinct())
        {
            if (byFile[d.File].Silences(d))
                suppressed++;
            else
                kept.Add(d);
        }
        return (kept, suppressed);
    }
}
