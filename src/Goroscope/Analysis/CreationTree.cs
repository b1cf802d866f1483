using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>
/// Which buckets started which: bucket A is a parent of bucket B with weight N when N goroutines of B were
/// created by members of A. Creators come from `created by … in goroutine N` (Go 1.21+); where a dump prints no
/// creator id, from the created-by function, matched to the one bucket whose stack runs it.
/// </summary>
/// <remarks>
/// Buckets form a graph (a worker bucket can start more of itself; two buckets can start each other), so the tree
/// is the graph unrolled breadth-first from the roots: each parent–child edge appears exactly once, a bucket's
/// children hang under its first appearance, and later appearances are <see cref="CreationNode.Repeat"/> leaves.
/// The tree therefore has one node per edge plus one per root, however the buckets are connected.
/// </remarks>
public sealed class CreationTree
{
    private CreationTree(IReadOnlyList<CreationNode> roots, bool hasCreators)
    {
        Roots = roots;
        HasCreators = hasCreators;
    }

    /// <summary>
    /// Buckets with goroutines that have no creator (goroutine 1's, first), then one synthetic node per created-by
    /// function whose goroutines' creators are not (identifiably) in the dump, holding the buckets they started.
    /// </summary>
    public IReadOnlyList<CreationNode> Roots { get; }

    /// <summary>False when the dump records no creator at all (debug=1 and pprof formats): every bucket is a root.</summary>
    public bool HasCreators { get; }

    public static CreationTree Build(AnalysisResult result) => Build(result.Snapshot, result.Buckets);

    /// <param name="buckets">In the order children are listed among equal weights (most suspect first).</param>
    public static CreationTree Build(Snapshot snapshot, IReadOnlyList<Bucket> buckets)
    {
        var rank = new Dictionary<Bucket, int>(ReferenceEqualityComparer.Instance);
        var bucketOfGoroutine = new Dictionary<long, Bucket>();
        for (var i = 0; i < buckets.Count; i++)
        {
            rank[buckets[i]] = i;
            foreach (var id in buckets[i].Ids)
                bucketOfGoroutine.TryAdd(id, buckets[i]);
        }

        var edges = new Edges(rank);
        var topLevel = new Dictionary<Bucket, long>(ReferenceEqualityComparer.Instance);
        var orphans = new Dictionary<string, Orphans>(StringComparer.Ordinal);
        Orphans OrphansOf(string function, int candidates) =>
            orphans.TryGetValue(function, out var group) ? group : orphans[function] = new Orphans(new MissingCreator(function, candidates));

        // Members with a creator id are placed one by one; the rest of each bucket by its created-by frame.
        var placedById = new Dictionary<Bucket, long>(ReferenceEqualityComparer.Instance);
        foreach (var g in snapshot.Goroutines)
        {
            if (g.ParentId == 0 || !bucketOfGoroutine.TryGetValue(g.Id, out var child))
                continue;
            placedById[child] = placedById.GetValueOrDefault(child) + g.Count;
            if (bucketOfGoroutine.TryGetValue(g.ParentId, out var parent))
                edges.Add(parent, child, g.Count, inferred: false);
            else
                OrphansOf(g.CreatedBy?.Function ?? "unknown", candidates: 0).Add(child, g.Count);
        }

        Dictionary<string, List<Bucket>>? bucketsRunning = null; // only dumps without creator ids need it
        var hasCreators = placedById.Count > 0;
        foreach (var bucket in buckets)
        {
            var rest = bucket.Count - placedById.GetValueOrDefault(bucket);
            if (rest <= 0)
                continue;
            if (bucket.CreatedBy is not { } creator)
            {
                topLevel[bucket] = rest;
                continue;
            }
            hasCreators = true;
            bucketsRunning ??= BucketsByFunction(buckets);
            var candidates = bucketsRunning.GetValueOrDefault(creator.Function) ?? [];
            if (candidates.Count == 1)
                edges.Add(candidates[0], bucket, rest, inferred: true);
            else
                OrphansOf(creator.Function, candidates.Count).Add(bucket, rest);
        }

        var topLevelRoots = topLevel.OrderBy(r => rank[r.Key]).Select(r => (r.Key, r.Value)).ToList();
        var orphanRoots = orphans.Values.OrderByDescending(o => o.Weight).ThenBy(o => o.Creator.Function, StringComparer.Ordinal).ToList();
        return new CreationTree(Unroll(topLevelRoots, orphanRoots, edges, rank, buckets), hasCreators);
    }

    private static List<CreationNode> Unroll(List<(Bucket Bucket, long Weight)> topLevel, List<Orphans> orphans, Edges edges,
        Dictionary<Bucket, int> rank, IReadOnlyList<Bucket> buckets)
    {
        var expanded = new HashSet<Bucket>(ReferenceEqualityComparer.Instance);
        var pending = new Queue<CreationNode>();
        var result = new List<CreationNode>();

        CreationNode Place(Bucket bucket, long weight, bool inferred)
        {
            var node = new CreationNode(bucket, null, weight, inferred, repeat: !expanded.Add(bucket));
            if (!node.Repeat)
                pending.Enqueue(node);
            return node;
        }

        void Drain()
        {
            while (pending.TryDequeue(out var node))
                foreach (var edge in edges.From(node.Bucket!))
                    node.Add(Place(edge.Child, edge.Weight, edge.Inferred));
        }

        // Goroutine 1's family first: it is the program's own structure; what exited creators left comes after.
        foreach (var (bucket, weight) in topLevel)
            result.Add(Place(bucket, weight, inferred: false));
        Drain();
        foreach (var group in orphans)
        {
            var synthetic = new CreationNode(null, group.Creator, group.Weight, inferred: false, repeat: false);
            foreach (var (child, weight) in group.Children.OrderByDescending(c => c.Value).ThenBy(c => rank[c.Key]))
                synthetic.Add(Place(child, weight, inferred: false));
            result.Add(synthetic);
        }
        Drain();
        // Unreachable only through a cycle of inferred edges: list such buckets as roots rather than lose them.
        foreach (var bucket in buckets)
        {
            if (expanded.Contains(bucket))
                continue;
            result.Add(Place(bucket, bucket.Count, inferred: true));
            Drain();
        }
        return result;
    }

    private static Dictionary<string, List<Bucket>> BucketsByFunction(IReadOnlyList<Bucket> buckets)
    {
        var byFunction = new Dictionary<string, List<Bucket>>(StringComparer.Ordinal);
        foreach (var bucket in buckets)
            foreach (var function in bucket.Stack.Frames.Select(f => f.Function).Distinct(StringComparer.Ordinal))
                (byFunction.TryGetValue(function, out var list) ? list : byFunction[function] = []).Add(bucket);
        return byFunction;
    }

    /// <summary>Goroutines whose creator is not (identifiably) in the dump, by the bucket they are in.</summary>
    private sealed class Orphans(MissingCreator creator)
    {
        public MissingCreator Creator { get; } = creator;

        public Dictionary<Bucket, long> Children { get; } = new(ReferenceEqualityComparer.Instance);

        public long Weight { get; private set; }

        public void Add(Bucket child, long weight)
        {
            Children[child] = Children.GetValueOrDefault(child) + weight;
            Weight += weight;
        }
    }

    private sealed class Edges(Dictionary<Bucket, int> rank)
    {
        private readonly Dictionary<Bucket, Dictionary<Bucket, (long Weight, bool Inferred)>> _byParent = new(ReferenceEqualityComparer.Instance);

        public void Add(Bucket parent, Bucket child, long weight, bool inferred)
        {
            if (!_byParent.TryGetValue(parent, out var children))
                _byParent[parent] = children = new(ReferenceEqualityComparer.Instance);
            var (sum, wasInferred) = children.GetValueOrDefault(child);
            children[child] = (sum + weight, wasInferred || inferred);
        }

        /// <summary>The children of a parent, heaviest first, then most suspect first.</summary>
        public IEnumerable<(Bucket Child, long Weight, bool Inferred)> From(Bucket parent) =>
            _byParent.TryGetValue(parent, out var children)
                ? children.OrderByDescending(c => c.Value.Weight).ThenBy(c => rank[c.Key]).Select(c => (c.Key, c.Value.Weight, c.Value.Inferred))
                : [];
    }
}

/// <summary>The root of goroutines whose creator is not in the dump.</summary>
/// <param name="Function">The created-by function: where the `go` statement is.</param>
/// <param name="CandidateBuckets">
/// 0 when the creator exited (or, without creator ids, no bucket runs the function); 2 or more when several
/// buckets run it and, without creator ids, it cannot be told which one started them.
/// </param>
public sealed record MissingCreator(string Function, int CandidateBuckets);

/// <summary>One node of a <see cref="CreationTree"/>: a bucket, or a synthetic root for a creator not in the dump.</summary>
public sealed class CreationNode
{
    private readonly List<CreationNode> _children = [];

    internal CreationNode(Bucket? bucket, MissingCreator? missingCreator, long weight, bool inferred, bool repeat)
    {
        Bucket = bucket;
        MissingCreator = missingCreator;
        Weight = weight;
        Inferred = inferred;
        Repeat = repeat;
    }

    /// <summary>The bucket; null for a synthetic root.</summary>
    public Bucket? Bucket { get; }

    /// <summary>For a synthetic root: the creator that is not in the dump.</summary>
    public MissingCreator? MissingCreator { get; }

    /// <summary>Goroutines of this bucket created by the parent's members; for a root, those with no creator in the dump.</summary>
    public long Weight { get; }

    /// <summary>The parent was matched by the created-by function (the dump prints no creator id), not by goroutine id.</summary>
    public bool Inferred { get; }

    /// <summary>The bucket's children are listed at its first appearance in the tree; this one is a link to it.</summary>
    public bool Repeat { get; }

    public IReadOnlyList<CreationNode> Children => _children;

    internal void Add(CreationNode child) => _children.Add(child);
}
