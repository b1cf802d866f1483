using Goroscope.GoSyntax;

namespace Goroscope.Lint;

/// <summary>A 1-based line and byte column, as go/token prints them.</summary>
public readonly record struct LineColumn(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>Replace the text between <see cref="Start"/> and <see cref="End"/> with <see cref="NewText"/>.</summary>
public sealed record SuggestedEdit(LineColumn Start, LineColumn End, string NewText, string Description);

/// <summary>A second place a finding points at: the cause (the lock already held, the callee that locks again).</summary>
public sealed record RelatedLocation(string File, LineColumn Start, string Message);

/// <summary>One finding: which rule, where, why the code can leak and what to write instead.</summary>
public sealed record Diagnostic
{
    public required string RuleId { get; init; }

    /// <summary>The file as it was given or found (relative when the path given was relative).</summary>
    public required string File { get; init; }

    public required LineColumn Start { get; init; }

    public required LineColumn End { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>Why the code can leak.</summary>
    public required string Message { get; init; }

    /// <summary>What to write instead.</summary>
    public required string Fix { get; init; }

    public SuggestedEdit? Edit { get; init; }

    /// <summary>The places that cause the finding (SARIF relatedLocations), in the order a reader follows them.</summary>
    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];

    /// <summary>The source line the finding starts on, without its line break (for carets and fingerprints).</summary>
    public string SourceLine { get; init; } = "";

    /// <summary>Identifies the finding across unrelated edits: rule, file, the trimmed source line and its occurrence number.</summary>
    public string Fingerprint { get; init; } = "";
}
