using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>
/// The leak-suspicion score of a bucket, 0–100, as a list of terms (docs/scoring.md explains each with an example):
/// <code>
///   count            35 · min(1, log10(count) / 3)              1 → 0, 10 → 11.7, 100 → 23.3, 1000+ → 35
///   minutes          20 · min(1, log10(1 + max) / log10(61))     1 → 3.4, 10 → 11.7, 60+ → 20
///   site             15 when the blocking frame is in the user's own code
///   pattern          the pattern's weight, 0–25 (nil-chan 25 … syscall 2)
///   creator-returned +10 a sender whose creator is gone (the receiver that returned early)
///   family-blocked   +15 a WaitGroup waiter and the goroutines it started, all blocked (+5 when none it started is left)
///   wait-for         +15 a lock or WaitGroup waiter whose every sharer of the object is blocked too
///   background       × 0.5 for a known background goroutine
///   not-waiting      × 0.25 for a state that is no wait (running, runtime-internal)
///   healthy-pile     × 0.5 when the source or the dump shows the pile wakes by itself (<see cref="Source.HealthyPile"/>)
///   runtime-leaked   at least 90 when the runtime marked members (leaked)
///   process-asleep   at least 80 when nothing left in the process can wake anyone (Go's "all goroutines are asleep");
///                    +25 when only the goroutine that wrote the dump is left, which may yet wake them
/// </code>
/// Points are summed, factors multiply the sum, floors lift the result; then it is clamped to 0–100.
/// In an execution trace, where waits last seconds rather than minutes, the minutes term gives way to how much of
/// its time in the trace each goroutine has spent parked where it ended (<see cref="ScoreInTrace"/>).
/// </summary>
public static class Scoring
{
    public const double SuspectThreshold = 40;

    public const string CountTerm = "count";
    public const string MinutesTerm = "minutes";
    public const string ParkedTerm = "parked";
    public const string SiteTerm = "site";
    public const string PatternTerm = "pattern";
    public const string BackgroundTerm = "background";
    public const string NotWaitingTerm = "not-waiting";
    public const string HealthyPileTerm = "healthy-pile";
    public const string RuntimeLeakedTerm = "runtime-leaked";
    public const string ProcessAsleepTerm = "process-asleep";
    public const string CreatorReturnedTerm = "creator-returned";
    public const string FamilyBlockedTerm = "family-blocked";
    public const string WaitForTerm = "wait-for";

    public const double ProcessAsleepFloor = 80;
    public const double ProcessAsleepPoints = 25;
    public const double CreatorReturnedPoints = 10;
    public const double FamilyBlockedPoints = 15;
    public const double FamilyGonePoints = 5;
    public const double WaitForPoints = 15;

    /// <summary>The terms of a bucket's own shape, for a dump: count, minutes, site, pattern, and the runtime's verdict.</summary>
    public static List<ScoreTerm> TermsOf(Bucket bucket)
    {
        var minutes = 20 * Math.Min(1, Math.Log10(1 + bucket.MaxMinutes) / Math.Log10(61));
        var terms = ShapeTerms(bucket);
        terms.Insert(1, new ScoreTerm(MinutesTerm, ScoreTermKind.Points, minutes,
            bucket.MaxMinutes == 0 ? "no `N minutes` in the headers" : $"waiting up to {bucket.MaxMinutes} minute{(bucket.MaxMinutes == 1 ? "" : "s")}"));
        return terms;
    }

    /// <param name="parkedShare">The least share, over the bucket's goroutines, of their time in the trace spent in their last state (0–1).</param>
    public static List<ScoreTerm> TermsInTrace(Bucket bucket, double parkedShare)
    {
        var share = Math.Clamp(parkedShare, 0, 1);
        var terms = ShapeTerms(bucket);
        terms.Insert(1, new ScoreTerm(ParkedTerm, ScoreTermKind.Points, 20 * share, $"parked where it ended for {share:P0} of its time in the trace"));
        return terms;
    }

    public static double Score(Bucket bucket) => Total(TermsOf(bucket));

    public static double ScoreInTrace(Bucket bucket, double parkedShare) => Total(TermsInTrace(bucket, parkedShare));

    /// <summary>The score the terms add up to: points summed, factors multiplied in, floors applied, clamped to 0–100, one decimal.</summary>
    public static double Total(IEnumerable<ScoreTerm> terms)
    {
        double points = 0, factor = 1, floor = 0;
        foreach (var term in terms)
        {
            switch (term.Kind)
            {
                case ScoreTermKind.Points:
                    points += term.Value;
                    break;
                case ScoreTermKind.Factor:
                    factor *= term.Value;
                    break;
                default:
                    floor = Math.Max(floor, term.Value);
                    break;
            }
        }
        return Math.Round(Math.Clamp(Math.Max(points * factor, floor), 0, 100), 1);
    }

    private static List<ScoreTerm> ShapeTerms(Bucket bucket)
    {
        var terms = new List<ScoreTerm>
        {
            new(CountTerm, ScoreTermKind.Points, 35 * Math.Min(1, Math.Log10(Math.Max(1, bucket.Count)) / 3),
                $"{bucket.Count:N0} goroutine{(bucket.Count == 1 ? "" : "s")} blocked alike"),
            new(SiteTerm, ScoreTermKind.Points, bucket.BlockingSite.InUserCode ? 15 : 0,
                bucket.BlockingSite.InUserCode ? "blocked in the program's own code" : "blocked in the Go distribution's code",
                bucket.BlockingSite.Frame is { } site ? Location(site) : null),
            new(PatternTerm, ScoreTermKind.Points, bucket.Pattern.Weight, $"pattern {bucket.Pattern.Id}"),
        };
        if (bucket.Background is { } background)
            terms.Add(new ScoreTerm(BackgroundTerm, ScoreTermKind.Factor, 0.5, $"known background goroutine: {background}"));
        if (!bucket.Pattern.IsStuck)
            terms.Add(new ScoreTerm(NotWaitingTerm, ScoreTermKind.Factor, 0.25, $"{bucket.State.Reason}: not a wait"));
        if (bucket.Healthy is { } healthy)
            terms.Add(new ScoreTerm(HealthyPileTerm, ScoreTermKind.Factor, healthy.Factor, healthy.Reason));
        if (bucket.Leaked > 0)
            terms.Add(new ScoreTerm(RuntimeLeakedTerm, ScoreTermKind.Floor, 90 + 10 * Math.Min(1, Math.Log10(bucket.Leaked) / 3),
                $"the runtime proved {bucket.Leaked:N0} of them leaked (goroutineleak)"));
        return terms;
    }

    /// <summary>`main.go:42`: a frame's place as evidence.</summary>
    public static string Location(Frame frame) => $"{Path.GetFileName(frame.File)}:{frame.Line}";
}
