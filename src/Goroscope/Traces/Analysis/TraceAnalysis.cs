using Goroscope.Analysis;
using Goroscope.Stacks;
using Goroscope.Traces.Timelines;

namespace Goroscope.Traces.Analysis;

/// <summary>A bucket of goroutines still blocked when the trace ended, with how long they had been blocked.</summary>
/// <param name="BlockedAtLeastSinceStart">Some were already blocked when the trace started: their time is a lower bound.</param>
public sealed record TraceSuspect(Bucket Bucket, long MinBlocked, long MaxBlocked, bool BlockedAtLeastSinceStart, IReadOnlyList<GoroutineLife> Goroutines);

/// <summary>What `goroscope trace` reports: leak suspects, creation and scheduling latency, and where time went.</summary>
public sealed class TraceAnalysis
{
    public required Timeline Timeline { get; init; }

    /// <summary>The goroutines blocked (waiting or in a syscall) at the end, or those asked for, bucketed and classified like a dump's.</summary>
    public required AnalysisResult Blocked { get; init; }

    /// <summary>One entry per bucket of <see cref="Blocked"/>, in the same order.</summary>
    public required IReadOnlyList<TraceSuspect> Buckets { get; init; }

    public static TraceAnalysis Of(Timeline timeline, Grouping grouping = Grouping.Exact) =>
        Of(timeline, timeline.Alive.Where(l => l.State is GoState.Waiting or GoState.Syscall), grouping);

    /// <summary>Buckets, classifies and scores the given goroutines alive at the end of the trace.</summary>
    public static TraceAnalysis Of(Timeline timeline, IEnumerable<GoroutineLife> alive, Grouping grouping = Grouping.Exact)
    {
        var blocked = alive.ToList();
        var byId = blocked.ToDictionary(l => l.Id);
        var snapshot = new Snapshot
        {
            Format = DumpFormat.ExecutionTrace,
            Goroutines = [.. blocked.Select(life => ToGoroutine(life, timeline))],
        };
        var analysed = Analyzer.Analyze(snapshot, grouping);
        var buckets = analysed.Buckets.Select(bucket =>
        {
            var lives = bucket.Ids.Select(id => byId[id]).ToList();
            var durations = lives.Select(l => l.InStateFor(timeline.End)).ToList();
            bucket.SetScoreTerms(Scoring.TermsInTrace(bucket, lives.Min(l => ParkedShare(l, timeline))));
            return new TraceSuspect(bucket, durations.Min(), durations.Max(), lives.Any(l => l.ExistedAtStart && l.Blocks == 0), lives);
        }).OrderByDescending(s => s.Bucket.Score).ThenByDescending(s => s.Bucket.Count).ThenBy(s => s.Bucket.Id, StringComparer.Ordinal).ToList();
        var result = new AnalysisResult
        {
            Snapshot = analysed.Snapshot,
            Grouping = analysed.Grouping,
            Buckets = [.. buckets.Select(s => s.Bucket)],
            Warnings = analysed.Warnings,
        };
        return new TraceAnalysis { Timeline = timeline, Blocked = result, Buckets = buckets };
    }

    /// <summary>How much of its time in the trace the goroutine has spent in its last state: 1 when it parked at once and never woke.</summary>
    private static double ParkedShare(GoroutineLife life, Timeline timeline)
    {
        var inTrace = timeline.End - Math.Max(life.CreatedAt, timeline.Start);
        return inTrace <= 0 ? 0 : Math.Clamp((double)life.InStateFor(timeline.End) / inTrace, 0, 1);
    }

    private static Goroutine ToGoroutine(GoroutineLife life, Timeline timeline)
    {
        var stack = timeline.Stacks[life.StateStack];
        var creation = timeline.Stacks[life.CreationStack].Frames;
        return new Goroutine
        {
            Id = life.Id,
            ParentId = Math.Max(0, life.CreatorId),
            State = TraceWaitStates.Of(life, stack),
            Stack = stack,
            CreatedBy = creation.Count > 0 ? creation[0] : null,
            WaitMinutes = (int)(life.InStateFor(timeline.End) / 60_000_000_000),
        };
    }
}
