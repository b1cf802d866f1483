namespace Goroscope.Analysis.Ignore;

/// <summary>The rules in force: the user's own plus the presets left on.</summary>
public sealed class IgnoreRules(IReadOnlyList<IgnoreRule> rules, IReadOnlyCollection<string> presets)
{
    public static IgnoreRules None { get; } = new([], []);

    public IReadOnlyList<IgnoreRule> Rules { get; } = rules;

    /// <summary>The names of the presets in force.</summary>
    public IReadOnlyCollection<string> Presets { get; } = presets;

    /// <summary>
    /// The analysis without the buckets these rules leave out, counting what they left out. The process evidence in
    /// the scores still saw every goroutine: ignoring one hides it, it does not take it out of the process.
    /// </summary>
    public AnalysisResult Apply(AnalysisResult result)
    {
        var (ignored, kept) = (new List<Bucket>(), new List<Bucket>());
        foreach (var bucket in result.Buckets)
            (Match(bucket) is null ? kept : ignored).Add(bucket);
        return new AnalysisResult
        {
            Snapshot = result.Snapshot,
            Grouping = result.Grouping,
            Buckets = kept,
            MissingGoroutines = result.MissingGoroutines,
            Warnings = result.Warnings,
            IgnoredGoroutines = result.IgnoredGoroutines + ignored.Sum(b => b.Count),
            IgnoredBuckets = result.IgnoredBuckets + ignored.Count,
        };
    }

    /// <summary>The rule that leaves this bucket out, or null.</summary>
    public IgnoreRule? Match(Bucket bucket)
    {
        foreach (var rule in Rules)
            if (rule.Matches(bucket))
                return rule;
        foreach (var preset in Presets)
            foreach (var rule in IgnorePresets.All[preset])
                if (rule.Matches(bucket))
                    return rule;
        return null;
    }
}
