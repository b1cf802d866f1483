namespace Goroscope.Lint;

/// <summary>How loud a finding is; ordered so that a higher value is more severe.</summary>
public enum Severity
{
    Note = 0,
    Warning = 1,
    Error = 2,
}

/// <summary>
/// One lint rule, in the spirit of go/analysis's Analyzer: an id, its documentation, a default
/// severity and a run over a <see cref="Pass"/> that reports diagnostics.
/// </summary>
internal sealed record Analyzer
{
    /// <summary>The rule id as LEAK-PATTERNS.md writes it, e.g. "lost-cancel".</summary>
    public required string Id { get; init; }

    /// <summary>One line: what the rule finds.</summary>
    public required string Title { get; init; }

    /// <summary>A paragraph: why the code can leak and what to write instead.</summary>
    public required string Doc { get; init; }

    public Severity DefaultSeverity { get; init; } = Severity.Warning;

    /// <summary>False for a rule that has not reached the precision bar on real code (docs/lint-precision.md).</summary>
    public bool EnabledByDefault { get; init; } = true;

    public required Action<Pass> Run { get; init; }

    /// <summary>The rule's page, relative to the repository root.</summary>
    public string HelpPath => $"docs/rules/{Id}.md";

    public override string ToString() => Id;
}
