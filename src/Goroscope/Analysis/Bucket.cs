using Goroscope.Analysis.Source;
using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>Goroutines that share a signature: stuck in the same place for the same reason, made by the same `go` statement.</summary>
public sealed class Bucket
{
    private const int MaxExampleIds = 10;
    private const int MaxLabelSets = 20;
    private readonly HashSet<long> _parentIds = [];
    private readonly Dictionary<string, LabelSet> _labelSets = [];

    internal Bucket(string key, WaitState state, Stack stack, IReadOnlyList<Frame> significantFrames, Frame? createdBy, BlockingSite site)
    {
        Key = key;
        Id = Signature.Id(key);
        State = state;
        Stack = stack;
        SignificantFrames = significantFrames;
        CreatedBy = createdBy;
        BlockingSite = site;
    }

    /// <summary>The stable short id of the signature (12 hex digits), equal across runs and processes.</summary>
    public string Id { get; }

    /// <summary>The signature itself as text.</summary>
    public string Key { get; }

    public WaitState State { get; }

    /// <summary>The stack of the first goroutine seen in the bucket (members differ at most in what the grouping ignores).</summary>
    public Stack Stack { get; }

    /// <summary>The stack without the runtime's frames at either end: what the signature compares.</summary>
    public IReadOnlyList<Frame> SignificantFrames { get; }

    public Frame? CreatedBy { get; }

    public BlockingSite BlockingSite { get; }

    public long Count { get; private set; }

    public int MinMinutes { get; private set; } = int.MaxValue;

    public int MaxMinutes { get; private set; }

    /// <summary>Goroutines the runtime marked ` (leaked)`.</summary>
    public long Leaked { get; private set; }

    public long LockedToThread { get; private set; }

    /// <summary>Every member's id (tracebacks only; aggregated formats have none).</summary>
    public List<long> Ids { get; } = [];

    public IEnumerable<long> ExampleIds => Ids.Take(MaxExampleIds);

    /// <summary>Distinct creator ids (`created by … in goroutine N`), ascending.</summary>
    public IReadOnlyList<long> ParentIds => [.. _parentIds.Order()];

    /// <summary>Distinct pprof label sets with how many members carry each, most common first; at most 20 are kept.</summary>
    public IReadOnlyList<LabelSet> LabelSets => [.. _labelSets.Values.OrderByDescending(l => l.Count)];

    public LeakPattern Pattern { get; internal set; } = LeakPatterns.Unknown;

    /// <summary>The known background role (a server loop, a pool worker) this bucket plays, or null.</summary>
    public string? Background { get; internal set; }

    /// <summary>The blocking statement as its source file says, when the source was found and read; null otherwise.</summary>
    public SourceReading? Source { get; internal set; }

    /// <summary>Why the bucket is a healthy pile that wakes by itself, and how much that lowers its score; null when nothing says so.</summary>
    public HealthyPile? Healthy { get; internal set; }

    /// <summary>Leak suspicion, 0–100: the total of <see cref="ScoreTerms"/> (docs/scoring.md).</summary>
    public double Score { get; private set; }

    /// <summary>What the score is made of, term by term, with the evidence for each.</summary>
    public IReadOnlyList<ScoreTerm> ScoreTerms => _scoreTerms;

    private List<ScoreTerm> _scoreTerms = [];

    /// <summary>Sets the terms and the score they add up to.</summary>
    internal void SetScoreTerms(List<ScoreTerm> terms)
    {
        _scoreTerms = terms;
        Score = Scoring.Total(terms);
    }

    /// <summary>Adds one term of evidence gathered beyond the bucket (the process, the source) and rescores.</summary>
    internal void AddScoreTerm(ScoreTerm term)
    {
        _scoreTerms.Add(term);
        Score = Scoring.Total(_scoreTerms);
    }

    public bool IsSuspect => Score >= Scoring.SuspectThreshold;

    /// <param name="hasIds">The dump prints goroutine ids (tracebacks); aggregated formats do not.</param>
    internal void Add(Goroutine g, bool hasIds)
    {
        Count += g.Count;
        MinMinutes = Math.Min(MinMinutes, g.WaitMinutes);
        MaxMinutes = Math.Max(MaxMinutes, g.WaitMinutes);
        if (g.Leaked)
            Leaked += g.Count;
        if (g.LockedToThread)
            LockedToThread += g.Count;
        if (hasIds)
            Ids.Add(g.Id);
        if (g.ParentId != 0)
            _parentIds.Add(g.ParentId);
        if (g.Labels.Count > 0)
        {
            var key = string.Join('\0', g.Labels.Select(l => $"{l.Key}\0{l.Value}"));
            if (_labelSets.TryGetValue(key, out var set))
                set.Count += g.Count;
            else if (_labelSets.Count < MaxLabelSets)
                _labelSets.Add(key, new LabelSet(g.Labels) { Count = g.Count });
        }
    }
}

/// <summary>One combination of pprof labels and how many goroutines of a bucket carry it.</summary>
public sealed class LabelSet(IReadOnlyList<KeyValuePair<string, string>> labels)
{
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    public long Count { get; internal set; }
}
