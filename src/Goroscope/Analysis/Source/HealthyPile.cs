namespace Goroscope.Analysis.Source;

/// <summary>
/// Evidence that a bucket is a pile of goroutines that each wake by themselves — a ticker or timer case in their
/// select, or one goroutine per live network connection — rather than a pile of stuck ones.
/// </summary>
/// <param name="Reason">What the output prints: `wakes on a ticker: scrape.go:1266`.</param>
/// <param name="Factor">What the score is multiplied by (docs/scoring.md).</param>
public sealed record HealthyPile(string Reason, double Factor)
{
    /// <summary>A wait that ends by itself is not stuck, however many goroutines wait there.</summary>
    public const double WakesByItself = 0.5;

    public static HealthyPile Wakes(WakeCase wake, SourceReading reading) =>
        new($"wakes on a {wake.Kind.ToString().ToLowerInvariant()}: {Path.GetFileName(reading.File)}:{wake.Line}", WakesByItself);
}
