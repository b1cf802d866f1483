namespace Goroscope.Analysis;

/// <summary>How a term enters the score: summed, multiplied in after the sum, or as a least value the score is lifted to.</summary>
public enum ScoreTermKind
{
    Points,
    Factor,
    Floor,
}

/// <summary>
/// One documented piece of a bucket's score (docs/scoring.md): its name, what it contributes, one line saying why,
/// and where in the dump the evidence is. <see cref="Scoring.Total"/> is the one place that adds terms up, so a new
/// kind of evidence is one more term, not a new formula.
/// </summary>
/// <param name="Name">The stable term name: `count`, `wait-for`, `process-asleep`...</param>
/// <param name="Value">Points for <see cref="ScoreTermKind.Points"/>, the multiplier for a factor, the least score for a floor.</param>
/// <param name="Reason">One line for a person: `every goroutine it shares 0xc000010000 with is blocked too`.</param>
/// <param name="Evidence">Where to look: `goroutine 7`, `goroutines 7, 9`, `main.go:42`; null when the bucket itself is the evidence.</param>
public sealed record ScoreTerm(string Name, ScoreTermKind Kind, double Value, string Reason, string? Evidence = null)
{
    /// <summary>Terms that come from evidence beyond the bucket's own shape: what the text report names for a suspect.</summary>
    public bool IsEvidence => Name is not (Scoring.CountTerm or Scoring.MinutesTerm or Scoring.ParkedTerm or Scoring.SiteTerm
        or Scoring.PatternTerm or Scoring.BackgroundTerm or Scoring.NotWaitingTerm);

    /// <summary>`+15`, `×0.5`, `≥ 80`: the contribution as a person reads it.</summary>
    public string Contribution => Kind switch
    {
        ScoreTermKind.Points => $"+{Value:0.#}",
        ScoreTermKind.Factor => $"×{Value:0.##}",
        _ => $"≥{Value:0.#}",
    };
}
