namespace Goroscope.Analysis.Ignore;

/// <summary>The rules in force: the user's own plus the presets left on.</summary>
public sealed class IgnoreRules(IReadOnlyList<IgnoreRule> rules, IReadOnlyCollection<string> presets)
{
    public static IgnoreRules None { get; } = new([], []);

    public IReadOnlyList<IgnoreRule> Rules { get; } = rules;

    /// <summary>The names of the presets in force.</summary>
    public IReadOnlyCollection<string> Presets { get; } = presets;

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
