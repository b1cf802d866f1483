using System.Runtime.CompilerServices;
using Goroscope.Stacks;

namespace Goroscope.Analysis.Evidence;

/// <summary>
/// Evidence a bucket's own goroutines cannot give, read from the rest of the process (docs/scoring.md):
/// <list type="bullet">
/// <item>process-asleep: Go's "all goroutines are asleep" reasoning — when every goroutine but the one writing the
/// dump waits on a channel, lock, WaitGroup or Cond, nothing left can wake any of them;</item>
/// <item>wait-for: a lock or WaitGroup waiter, and every goroutine that shares the object it waits on (by an address
/// the dump prints), all blocked;</item>
/// <item>creator-returned: a sender whose creator has returned — usually the receiver that gave up;</item>
/// <item>family-blocked: a WaitGroup waiter and every goroutine it started, all blocked.</item>
/// </list>
/// Only complete tracebacks give it: a cut dump may have lost the goroutine that would wake the others, and
/// aggregated formats print neither ids nor arguments.
/// </summary>
internal sealed class ProcessEvidence
{
    private readonly Dictionary<long, Goroutine> _byId;
    private readonly Dictionary<long, List<Goroutine>> _children = [];
    private readonly Dictionary<long, bool> _familyWaiters = [];
    private readonly int _waitGroupWaiters;
    private readonly bool _parentsPrinted;
    private readonly Goroutine? _writer;
    private readonly bool _asleep;
    private readonly Dictionary<Stack, WaitState?> _inferredStates = new(ReferenceEqualityComparer.Instance);

    /// <param name="wakersSeen">Some goroutines were shown to wake by themselves (a healthy pile): the process is not asleep.</param>
    private ProcessEvidence(Snapshot snapshot, bool wakersSeen)
    {
        _byId = new Dictionary<long, Goroutine>(snapshot.Goroutines.Count);
        var waitGroupWaiters = new HashSet<long>();
        var asleep = !wakersSeen && snapshot.UnattributedFrames == 0;
        var parked = 0;
        foreach (var g in snapshot.Goroutines)
        {
            if (g.Id == 0)
                continue; // crash output prints each thread's system stack as goroutine 0
            asleep = asleep && StillAsleep(g, ref parked, ref _writer);
            _byId.TryAdd(g.Id, g);
            _parentsPrinted |= g.ParentId != 0;
            if (IsWaitGroupWait(g))
                waitGroupWaiters.Add(g.Id);
        }
        // Only WaitGroup waiters' families are ever asked about: a creator of thousands needs no list otherwise.
        _waitGroupWaiters = waitGroupWaiters.Count;
        if (waitGroupWaiters.Count > 0)
            foreach (var g in snapshot.Goroutines)
                if (g.ParentId != 0 && waitGroupWaiters.Contains(g.ParentId))
                {
                    if (!_children.TryGetValue(g.ParentId, out var list))
                        _children.Add(g.ParentId, list = []);
                    list.Add(g);
                }
        _asleep = asleep && parked > 0;
    }

    /// <summary>Adds the process's evidence to the buckets as score terms; nothing for cut dumps and aggregated formats.</summary>
    public static void AddTerms(Snapshot snapshot, IReadOnlyList<Bucket> buckets)
    {
        if (snapshot.Format != DumpFormat.Traceback || snapshot.Truncated)
            return;
        var evidence = new ProcessEvidence(snapshot, buckets.Any(b => b.Healthy is not null));
        var waitFor = evidence.WaitFor();
        foreach (var bucket in buckets)
        {
            // A bucket's members share its (resolved) state: the bucket answers for all of them.
            if (bucket.Ids.Count == 0 || bucket.Healthy is not null || !Waits.EndsOnlyByAnotherGoroutine(bucket.State))
                continue;
            if (evidence._asleep)
                bucket.AddScoreTerm(evidence.ProcessAsleep());
            var needMembers = bucket.State.Reason == "chan send" || evidence._waitGroupWaiters > 0 || waitFor.Count > 0;
            if (!needMembers)
                continue;
            var members = bucket.Ids.Select(id => evidence._byId.GetValueOrDefault(id)).OfType<Goroutine>().ToList();
            if (members.Count == 0)
                continue;
            if (evidence.CreatorReturned(bucket, members) is { } returned)
                bucket.AddScoreTerm(returned);
            if (evidence._waitGroupWaiters > 0 && evidence.FamilyBlocked(members) is { } family)
                bucket.AddScoreTerm(family);
            if (waitFor.Count > 0 && members.All(waitFor.ContainsKey))
                bucket.AddScoreTerm(waitFor[members[0]]);
        }
    }

    // ---- process-asleep ------------------------------------------------------------------------------

    /// <summary>
    /// The process stays asleep with this goroutine: every goroutine is parked on another goroutine, but for the
    /// dump's writer and the runtime's idle helpers. Anything else — running, runnable, sleeping, in the network
    /// poller or a system call, a synctest bubble whose fake clock advances — could wake the others. (Timers are the
    /// one waker a dump does not show; docs/scoring.md.)
    /// </summary>
    private bool StillAsleep(Goroutine g, ref int parked, ref Goroutine? writer)
    {
        if (g.StackUnavailable || g.SyncTestBubble != 0)
            return false;
        if (IsBlocked(g))
            parked++;
        else if (writer is null && Waits.IsDumpWriter(g))
            writer = g;
        else if (!Waits.IsRuntimeIdle(g))
            return false;
        return true;
    }

    /// <summary>
    /// Proof when nobody runs (a fatal deadlock, SIGQUIT) or the only runner is a timed-out test's alarm, which ends
    /// the process. A goroutine that wrote the dump itself (runtime.Stack, pprof) goes on afterwards and may yet
    /// wake the others, so then it is strong evidence, not proof.
    /// </summary>
    private ScoreTerm ProcessAsleep()
    {
        if (_writer is null)
            return new(Scoring.ProcessAsleepTerm, ScoreTermKind.Floor, Scoring.ProcessAsleepFloor,
                "nothing in the process can wake it: every goroutine waits on another");
        if (Waits.IsTestTimeoutAlarm(_writer))
            return new(Scoring.ProcessAsleepTerm, ScoreTermKind.Floor, Scoring.ProcessAsleepFloor,
                "nothing can wake it: every goroutine but the test timeout's alarm waits on another",
                $"goroutine {_writer.Id} is the alarm");
        return new(Scoring.ProcessAsleepTerm, ScoreTermKind.Points, Scoring.ProcessAsleepPoints,
            "only the dump's writer is left to wake it: every other goroutine waits on another",
            $"goroutine {_writer.Id} writes the dump");
    }

    // ---- creator-returned ----------------------------------------------------------------------------

    /// <summary>Senders whose creators are all gone: the goroutine that would have received most likely returned early.</summary>
    private ScoreTerm? CreatorReturned(Bucket bucket, List<Goroutine> members)
    {
        if (bucket.State.Reason != "chan send" || !members.All(g => g.ParentId != 0 && !_byId.ContainsKey(g.ParentId)))
            return null;
        var parents = members.Select(g => g.ParentId).Distinct().Order().ToList();
        return new ScoreTerm(Scoring.CreatorReturnedTerm, ScoreTermKind.Points, Scoring.CreatorReturnedPoints,
            "its creator has returned: the receiver most likely gave up", $"{Goroutines(parents)} no longer in the dump");
    }

    // ---- family-blocked ------------------------------------------------------------------------------

    /// <summary>A WaitGroup waiter whose started goroutines are all blocked (or gone without calling Done), and those goroutines.</summary>
    private ScoreTerm? FamilyBlocked(List<Goroutine> members)
    {
        if (!_parentsPrinted)
            return null;
        var asWaiter = members.All(BlockedFamilyWaiter);
        if (asWaiter)
        {
            var started = members.Sum(g => _children.GetValueOrDefault(g.Id)?.Count ?? 0);
            // With no goroutine of its own left, Done can still come from one that got the WaitGroup elsewhere: weaker.
            return started == 0
                ? new ScoreTerm(Scoring.FamilyBlockedTerm, ScoreTermKind.Points, Scoring.FamilyGonePoints,
                    "waits on a WaitGroup, and none of the goroutines it started is left to call Done")
                : new ScoreTerm(Scoring.FamilyBlockedTerm, ScoreTermKind.Points, Scoring.FamilyBlockedPoints,
                    started == 1 ? "waits on a WaitGroup, and the one goroutine it started is blocked too" : $"waits on a WaitGroup, and all {started} goroutines it started are blocked too",
                    Goroutines(members.SelectMany(g => _children.GetValueOrDefault(g.Id) ?? []).Select(c => c.Id)));
        }
        if (members.All(g => g.ParentId != 0 && _byId.TryGetValue(g.ParentId, out var parent) && BlockedFamilyWaiter(parent)))
            return new ScoreTerm(Scoring.FamilyBlockedTerm, ScoreTermKind.Points, Scoring.FamilyBlockedPoints,
                "its creator waits on a WaitGroup, and all it started are blocked too",
                Goroutines(members.Select(g => g.ParentId)));
        return null;
    }

    private bool IsWaitGroupWait(Goroutine g) =>
        g.State.Reason is "sync.WaitGroup.Wait" or "semacquire" && StateOf(g).Reason == "sync.WaitGroup.Wait";

    /// <summary>
    /// <see cref="Classifier.Resolve"/>, with the state read from the frames worked out once per distinct stack:
    /// a pre-1.20 dump prints thousands of `semacquire` waits over a few stacks.
    /// </summary>
    private WaitState StateOf(Goroutine g)
    {
        if (g.State.Reason is not ("semacquire" or "waiting") && g.State.Class != StateClass.Unknown)
            return g.State;
        if (!_inferredStates.TryGetValue(g.Stack, out var inferred))
            _inferredStates.Add(g.Stack, inferred = WaitStateInference.FromFrames(g.Stack.Frames));
        return inferred is { Class: not StateClass.Running } ? inferred : g.State;
    }

    private bool IsBlocked(Goroutine g) => Waits.EndsOnlyByAnotherGoroutine(StateOf(g));

    /// <summary>Judged once per goroutine: a creator of many (goroutine 1) is asked once for each of its children.</summary>
    private bool BlockedFamilyWaiter(Goroutine g)
    {
        if (!_familyWaiters.TryGetValue(g.Id, out var verdict))
            _familyWaiters.Add(g.Id, verdict = IsWaitGroupWait(g)
                && (_children.GetValueOrDefault(g.Id) ?? []).All(c => IsBlocked(c)));
        return verdict;
    }

    // ---- wait-for ------------------------------------------------------------------------------------

    /// <summary>
    /// Goroutines in a wait-for knot: a lock, WaitGroup or Cond waiter and every other goroutine that shares the
    /// object it waits on, at least one of them waiting elsewhere, all blocked — nobody in the dump is left to
    /// release it. Sharing is read from printed addresses: the primitive's own, or the receiver of the waiter's
    /// innermost method; a goroutine inside a method of the same receiver type whose receiver the runtime printed
    /// as `0x…?` (a register value) may hold the same object, and counts as a sharer too.
    /// </summary>
    private Dictionary<Goroutine, ScoreTerm> WaitFor()
    {
        var terms = new Dictionary<Goroutine, ScoreTerm>(ReferenceEqualityComparer.Instance);
        // Stacks and argument lists are interned by the reader and shared between goroutines: each distinct pair is
        // taken apart once, and each goroutine costs one lookup.
        var waiters = new List<(Goroutine Waiter, (ulong Address, string? ReceiverType)[] Objects)>();
        var shapes = new Dictionary<(Stack, IReadOnlyList<string>), ArgumentShape>(ArgumentShape.Comparer);
        var shapeOf = new ArgumentShape[_byId.Count];
        var index = 0;
        foreach (var g in _byId.Values)
        {
            if (!shapes.TryGetValue((g.Stack, g.Arguments), out var shape))
                shapes.Add((g.Stack, g.Arguments), shape = ArgumentShape.Of(g));
            shapeOf[index++] = shape;
            if (shape.Objects.Length > 0 && Waits.IsSyncWait(StateOf(g)))
                waiters.Add((g, shape.Objects));
        }
        if (waiters.Count == 0)
            return terms;

        // Only the objects some waiter waits on are looked up: a dump prints many more addresses than it has locks.
        var wantedAddresses = new HashSet<ulong>();
        var wantedTypes = new HashSet<string>();
        foreach (var (_, objects) in waiters)
            foreach (var (address, type) in objects)
            {
                wantedAddresses.Add(address);
                if (type is not null)
                    wantedTypes.Add(type);
            }
        var mentions = new Dictionary<ulong, List<Goroutine>>();
        var unprintedReceivers = new Dictionary<string, List<Goroutine>>();
        index = 0;
        foreach (var g in _byId.Values)
        {
            var shape = shapeOf[index++];
            foreach (var pointer in shape.Pointers)
                if (wantedAddresses.Contains(pointer))
                    AddOnce(mentions, pointer, g);
            foreach (var type in shape.UnprintedReceiverTypes)
                if (wantedTypes.Contains(type))
                    AddOnce(unprintedReceivers, type, g);
        }

        // Many waiters may share one object (a global lock): each object's sharers are gathered and judged once.
        var objectsSeen = new Dictionary<(ulong, string?), ObjectSharers>();
        foreach (var (waiter, objects) in waiters)
        {
            foreach (var key in objects)
            {
                if (!objectsSeen.TryGetValue(key, out var shared))
                {
                    List<Goroutine> sharers = [.. mentions.GetValueOrDefault(key.Address, [])
                        .Concat(key.ReceiverType is null ? [] : unprintedReceivers.GetValueOrDefault(key.ReceiverType, []))
                        .Distinct(ReferenceEqualityComparer.Instance).Cast<Goroutine>()];
                    objectsSeen.Add(key, shared = new ObjectSharers(sharers, sharers.TrueForAll(IsBlocked)));
                }
                if (!shared.AllBlocked || !shared.HasPossibleHolderFor(waiter))
                    continue;
                var (address, type) = key;
                var what = type is null ? Hex(address) : $"{Hex(address)}, a {type[(type.IndexOf(".(", StringComparison.Ordinal) + 1)..]}";
                terms.TryAdd(waiter, new ScoreTerm(Scoring.WaitForTerm, ScoreTermKind.Points, Scoring.WaitForPoints,
                    $"every goroutine sharing the object it waits on ({what}) is blocked too",
                    Goroutines(shared.IdsBut(waiter))));
                if (!shared.SharersMarked)
                {
                    shared.SharersMarked = true;
                    foreach (var sharer in shared.Goroutines)
                        terms.TryAdd(sharer, new ScoreTerm(Scoring.WaitForTerm, ScoreTermKind.Points, Scoring.WaitForPoints,
                            $"shares {what} with a blocked {waiter.State.Reason} waiter; all sharers are blocked",
                            Goroutines([waiter.Id])));
                }
                break;
            }
        }
        return terms;
    }

    /// <summary>
    /// The goroutines that share one object, judged once: whether all are blocked, and which different waits they
    /// are in (a global lock may have thousands of sharers but only a few distinct waits).
    /// </summary>
    private sealed class ObjectSharers
    {
        private readonly (string Reason, ulong? Primitive, Stack Stack)[] _waits;
        private readonly long[] _sortedIds;

        public ObjectSharers(List<Goroutine> goroutines, bool allBlocked)
        {
            Goroutines = goroutines;
            AllBlocked = allBlocked;
            _waits = [.. goroutines.Select(g => (g.State.Reason, PrimitiveAddress(g), g.Stack)).Distinct()];
            _sortedIds = [.. goroutines.Select(g => g.Id).Order()];
        }

        public List<Goroutine> Goroutines { get; }

        public bool AllBlocked { get; }

        public bool SharersMarked { get; set; }

        /// <summary>
        /// Some sharer may hold what this waiter waits for: it waits elsewhere — another state, another primitive,
        /// or, with a primitive not printed, another stack. Waiters queued on the same lock hold nothing.
        /// </summary>
        public bool HasPossibleHolderFor(Goroutine waiter)
        {
            var primitive = PrimitiveAddress(waiter);
            foreach (var (reason, other, stack) in _waits)
                if (reason != waiter.State.Reason || (primitive is null || other is null ? !ReferenceEquals(stack, waiter.Stack) : other != primitive))
                    return true;
            return false;
        }

        /// <summary>The sharers' ids but the waiter's, for the evidence line (at most six looked at).</summary>
        public IEnumerable<long> IdsBut(Goroutine waiter) => _sortedIds.Where(id => id != waiter.Id).Take(6);
    }

    /// <summary>The printed address of the sync primitive or channel a goroutine waits on, if any.</summary>
    private static ulong? PrimitiveAddress(Goroutine g)
    {
        var index = WaitShape.Of(g.Stack).PrimitiveFrame;
        return index >= 0 && index < g.Arguments.Count ? ArgumentWords.FirstPointer(g.Arguments[index]) : null;
    }

    private static void AddOnce<TKey>(Dictionary<TKey, List<Goroutine>> index, TKey key, Goroutine g) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
            index.Add(key, list = []);
        if (list.Count == 0 || !ReferenceEquals(list[^1], g))
            list.Add(g);
    }

    /// <summary>
    /// What one stack with one argument list says, for every goroutine that has both: the pointers its argument
    /// words mention, the receiver types of its methods whose receiver was not printed, and, should it wait on a
    /// sync primitive, the objects of its wait.
    /// </summary>
    private sealed record ArgumentShape(ulong[] Pointers, string[] UnprintedReceiverTypes, (ulong Address, string? ReceiverType)[] Objects)
    {
        public static readonly IEqualityComparer<(Stack Stack, IReadOnlyList<string> Arguments)> Comparer = new PairByReference();

        public static ArgumentShape Of(Goroutine g)
        {
            var pointers = new HashSet<ulong>();
            var ordered = new List<ulong>();
            foreach (var words in g.Arguments)
                if (words.Length > 0)
                    foreach (var word in ArgumentWords.Certain(words))
                        if (ArgumentWords.LooksLikePointer(word) && pointers.Add(word))
                            ordered.Add(word);
            var unprinted = new List<string>();
            var frames = g.Stack.Frames;
            for (var i = 0; i < frames.Count; i++)
                if (ReceiverType(frames[i]) is { } type && (i >= g.Arguments.Count || ArgumentWords.FirstPointer(g.Arguments[i]) is null) && !unprinted.Contains(type))
                    unprinted.Add(type);
            return new ArgumentShape([.. ordered], [.. unprinted], [.. ObjectsOf(g)]);
        }

        /// <summary>
        /// What a waiter's wait is about: the primitive's printed address, and the printed receiver of its innermost
        /// method in the program's own code, with that receiver's type (`main.(*Hub)`).
        /// </summary>
        private static IEnumerable<(ulong Address, string? ReceiverType)> ObjectsOf(Goroutine g)
        {
            var shape = WaitShape.Of(g.Stack);
            if (PrimitiveAddress(g) is { } primitive)
                yield return (primitive, null);
            if (shape.ReceiverType is { } type && shape.UserFrame < g.Arguments.Count && ArgumentWords.FirstPointer(g.Arguments[shape.UserFrame]) is { } receiver)
                yield return (receiver, type);
        }

        private sealed class PairByReference : IEqualityComparer<(Stack Stack, IReadOnlyList<string> Arguments)>
        {
            public bool Equals((Stack Stack, IReadOnlyList<string> Arguments) x, (Stack Stack, IReadOnlyList<string> Arguments) y) =>
                ReferenceEquals(x.Stack, y.Stack) && ReferenceEquals(x.Arguments, y.Arguments);

            public int GetHashCode((Stack Stack, IReadOnlyList<string> Arguments) pair) =>
                HashCode.Combine(RuntimeHelpers.GetHashCode(pair.Stack), RuntimeHelpers.GetHashCode(pair.Arguments));
        }
    }

    /// <summary>Where in a stack the wait's primitive and the innermost frame of the program's code are; one per distinct stack.</summary>
    private sealed record WaitShape(int PrimitiveFrame, int UserFrame, string? ReceiverType)
    {
        [ThreadStatic]
        private static ConditionalWeakTable<Stack, WaitShape>? t_shapes;

        public static WaitShape Of(Stack stack) => (t_shapes ??= []).GetValue(stack, Compute);

        private static WaitShape Compute(Stack stack)
        {
            var frames = stack.Frames;
            var primitive = -1;
            for (var i = 0; i < frames.Count; i++)
            {
                if (primitive < 0 && Waits.IsPrimitiveFrame(frames[i].Function))
                    primitive = i;
                if (!GoNames.IsStandardPackage(frames[i].Package))
                    return new WaitShape(primitive, i, ProcessEvidence.ReceiverType(frames[i]));
            }
            return new WaitShape(primitive, -1, null);
        }
    }

    /// <summary>`main.(*Hub)` for `main.(*Hub).Publish`: the pointer receiver type of a method of the program's own code; null otherwise.</summary>
    private static string? ReceiverType(Frame frame)
    {
        if (GoNames.IsStandardPackage(frame.Package))
            return null;
        var open = frame.Function.IndexOf(".(*", frame.Package.Length, StringComparison.Ordinal);
        var close = open < 0 ? -1 : frame.Function.IndexOf(").", open, StringComparison.Ordinal);
        return close < 0 ? null : frame.Function[..(close + 1)];
    }

    private static string Hex(ulong address) => $"0x{address:x}";

    private static string Goroutines(IEnumerable<long> ids)
    {
        var list = ids.Distinct().Order().ToList();
        var shown = string.Join(", ", list.Take(5)) + (list.Count > 5 ? ", …" : "");
        return list.Count == 1 ? $"goroutine {shown}" : $"goroutines {shown}";
    }
}
