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
/// <item>Dumps of Go 1.20 and older name a creator by its function only: the last two are then read through the
/// function (<see cref="CreatorFunctions"/>).</item>
/// </list>
/// Only complete tracebacks give it: a cut dump may have lost the goroutine that would wake the others, and
/// aggregated formats print neither ids nor arguments.
/// </summary>
internal sealed class ProcessEvidence
{
    private readonly Kinds _kinds = new();
    private readonly HashSet<long> _creatorsPresent = [];
    private readonly Dictionary<long, Goroutine> _waitGroupWaiters = [];
    private readonly Dictionary<long, List<Goroutine>> _children = [];
    private readonly Dictionary<long, bool> _familyWaiters = [];
    private readonly bool _parentsPrinted;
    private CreatorFunctions? _creatorFunctions;
    private readonly Snapshot _snapshot;
    private readonly Goroutine? _writer;
    private readonly bool _asleep;

    /// <param name="wakersSeen">Some goroutines were shown to wake by themselves (a healthy pile): the process is not asleep.</param>
    /// <param name="bucketOf">The bucket a goroutine belongs to.</param>
    /// <param name="creators">The creators asked about: whether they are still in the dump.</param>
    private ProcessEvidence(Snapshot snapshot, bool wakersSeen, Func<Goroutine, Bucket> bucketOf, HashSet<long> creators)
    {
        _snapshot = snapshot;
        var asleep = !wakersSeen && snapshot.UnattributedFrames == 0;
        var parked = 0;
        foreach (var g in snapshot.Goroutines)
        {
            if (g.Id == 0)
                continue; // crash output prints each thread's system stack as goroutine 0
            if (creators.Contains(g.Id))
                _creatorsPresent.Add(g.Id);
            var kind = _kinds.Of(g, bucketOf);
            kind.Count++;
            kind.AnyWithoutCreator |= g.ParentId == 0;
            asleep = asleep && StillAsleep(g, kind, ref parked, ref _writer);
            _parentsPrinted |= g.ParentId != 0;
            if (kind.WaitGroupWait)
                _waitGroupWaiters.Add(g.Id, g);
        }
        // Only WaitGroup waiters' families are ever asked about: a creator of thousands needs no list otherwise.
        if (_waitGroupWaiters.Count > 0)
        {
            foreach (var g in snapshot.Goroutines)
            {
                if (g.Id == 0)
                    continue;
                var kind = _kinds.Of(g, bucketOf);
                if (g.ParentId != 0 && _waitGroupWaiters.TryGetValue(g.ParentId, out var parent))
                {
                    if (!_children.TryGetValue(g.ParentId, out var list))
                        _children.Add(g.ParentId, list = []);
                    list.Add(g);
                    var parents = kind.WaitGroupParents ??= [];
                    if (parents.Count == 0 || parents[^1] != parent)
                        parents.Add(parent);
                }
                else
                    kind.AnyParentNotWaitGroupWaiter = true;
            }
        }
        _asleep = asleep && parked > 0;
    }

    /// <summary>Adds the process's evidence to the buckets as score terms; nothing for cut dumps and aggregated formats.</summary>
    /// <param name="bucketOf">The bucket a goroutine belongs to.</param>
    public static void AddTerms(Snapshot snapshot, IReadOnlyList<Bucket> buckets, Func<Goroutine, Bucket> bucketOf)
    {
        if (snapshot.Format != DumpFormat.Traceback || snapshot.Truncated)
            return;
        // Senders' creators are the only goroutines looked up by id: the process's ids need no index.
        var creators = buckets.Where(b => b.State.Reason == "chan send").SelectMany(b => b.ParentIds).ToHashSet();
        var evidence = new ProcessEvidence(snapshot, buckets.Any(b => b.Healthy is not null), bucketOf, creators);
        var waitFor = new WaitFor(evidence._kinds, snapshot);
        var kindsOf = evidence._kinds.All.ToLookup(k => k.Bucket);
        foreach (var bucket in buckets)
        {
            // A bucket's members share its (resolved) state: the bucket answers for all of them.
            if (bucket.Ids.Count == 0 || bucket.Healthy is not null || !Waits.EndsOnlyByAnotherGoroutine(bucket.State))
                continue;
            if (evidence._asleep)
                bucket.AddScoreTerm(evidence.ProcessAsleep());
            var kinds = kindsOf[bucket].ToList();
            if (kinds.Count == 0)
                continue;
            if (evidence.CreatorReturned(bucket, kinds) is { } returned)
                bucket.AddScoreTerm(returned);
            if (evidence._waitGroupWaiters.Count > 0 && evidence.FamilyBlocked(kinds) is { } family)
                bucket.AddScoreTerm(family);
            if (kinds.TrueForAll(waitFor.Includes))
                bucket.AddScoreTerm(waitFor.TermOf(kinds.MinBy(k => k.Order)!));
        }
    }

    // ---- process-asleep ------------------------------------------------------------------------------

    /// <summary>
    /// The process stays asleep with this goroutine: every goroutine is parked on another goroutine, but for the
    /// dump's writer and the runtime's idle helpers. Anything else — running, runnable, sleeping, in the network
    /// poller or a system call, a synctest bubble whose fake clock advances — could wake the others. (Timers are the
    /// one waker a dump does not show; docs/scoring.md.)
    /// </summary>
    private static bool StillAsleep(Goroutine g, Kind kind, ref int parked, ref Goroutine? writer)
    {
        if (g.StackUnavailable || g.SyncTestBubble != 0)
            return false;
        if (kind.Blocked)
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
    private ScoreTerm? CreatorReturned(Bucket bucket, List<Kind> kinds)
    {
        if (bucket.State.Reason != "chan send")
            return null;
        if (!_parentsPrinted)
            return CreatorFunctionReturned(kinds);
        if (kinds.Exists(k => k.AnyWithoutCreator) || bucket.ParentIds.Any(_creatorsPresent.Contains))
            return null;
        return new ScoreTerm(Scoring.CreatorReturnedTerm, ScoreTermKind.Points, Scoring.CreatorReturnedPoints,
            "its creator has returned: the receiver most likely gave up", $"{Goroutines(bucket.ParentIds)} no longer in the dump");
    }

    /// <summary>
    /// Without creator ids: no goroutine is still inside the function of the program's own code whose `go` statement
    /// started the senders (the standard library's starters, such as `time.goFunc` for AfterFunc, say nothing).
    /// </summary>
    private ScoreTerm? CreatorFunctionReturned(List<Kind> kinds)
    {
        if (kinds[0].First.CreatedBy is not { } frame || GoNames.IsStandardPackage(frame.Package))
            return null;
        var creator = frame.Function;
        if (kinds.Exists(k => k.First.CreatedBy?.Function != creator) || CreatorsByFunction.AnyRunning(creator))
            return null;
        return new ScoreTerm(Scoring.CreatorReturnedTerm, ScoreTermKind.Points, Scoring.CreatorReturnedPoints,
            $"{creator}, which started it, has returned: the receiver most likely gave up", $"no goroutine is in {creator}");
    }

    // ---- family-blocked ------------------------------------------------------------------------------

    /// <summary>A WaitGroup waiter whose started goroutines are all blocked (or gone without calling Done), and those goroutines.</summary>
    private ScoreTerm? FamilyBlocked(List<Kind> kinds)
    {
        if (!_parentsPrinted)
            return FamilyBlockedByFunction(kinds);
        if (kinds.TrueForAll(k => k.WaitGroupWait))
        {
            var members = _waitGroupWaiters.Values.Where(g => kinds.Contains(_kinds.Of(g))).ToList();
            if (members.TrueForAll(BlockedFamilyWaiter))
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
        }
        if (kinds.TrueForAll(k => !k.AnyParentNotWaitGroupWaiter && k.WaitGroupParents!.TrueForAll(BlockedFamilyWaiter)))
            return new ScoreTerm(Scoring.FamilyBlockedTerm, ScoreTermKind.Points, Scoring.FamilyBlockedPoints,
                "its creator waits on a WaitGroup, and all it started are blocked too",
                Goroutines(kinds.SelectMany(k => k.WaitGroupParents!).Select(g => g.Id)));
        return null;
    }

    /// <summary>
    /// Without creator ids: the waiter is the only goroutine inside the function it waits in, and every goroutine that
    /// function started is blocked; or the bucket's goroutines were started by such a waiter's function. Goroutines
    /// the waiter started from a function it has since returned from are not seen (docs/scoring.md).
    /// </summary>
    private ScoreTerm? FamilyBlockedByFunction(List<Kind> kinds)
    {
        if (kinds.TrueForAll(k => BlockedFamilyWaiterByFunction(k) is not null))
        {
            var started = kinds.SelectMany(k => CreatorsByFunction.StartedBy(WaiterFunction(k)!)).Distinct().ToList();
            var function = WaiterFunction(kinds[0]);
            var count = started.Sum(k => k.Count);
            return new ScoreTerm(Scoring.FamilyBlockedTerm, ScoreTermKind.Points, Scoring.FamilyBlockedPoints,
                count == 1 ? $"waits on a WaitGroup in {function}, and the one goroutine {function} started is blocked too"
                    : $"waits on a WaitGroup in {function}, and all {count} goroutines {function} started are blocked too",
                Goroutines(_kinds.IdsOf(_snapshot, started.ToHashSet())));
        }
        var creator = kinds[0].First.CreatedBy?.Function;
        if (creator is not null && kinds.TrueForAll(k => k.First.CreatedBy?.Function == creator)
            && CreatorsByFunction.SoleRunner(creator) is { } waiter && WaiterFunction(waiter) == creator && BlockedFamilyWaiterByFunction(waiter) is not null)
            return new ScoreTerm(Scoring.FamilyBlockedTerm, ScoreTermKind.Points, Scoring.FamilyBlockedPoints,
                $"the only goroutine in {creator}, which started it, waits on a WaitGroup, and all {creator} started are blocked too",
                Goroutines([waiter.First.Id]));
        return null;
    }

    /// <summary>The waiter, when it is the only goroutine in the function it waits in and all that function started are blocked.</summary>
    private Kind? BlockedFamilyWaiterByFunction(Kind kind)
    {
        if (!kind.WaitGroupWait || WaiterFunction(kind) is not { } function || CreatorsByFunction.SoleRunner(function) != kind)
            return null;
        var started = CreatorsByFunction.StartedBy(function);
        return started.Count > 0 && started.All(k => k.Blocked) ? kind : null;
    }

    /// <summary>The function of the program's own code a waiter waits in (where its `wg.Wait()` is).</summary>
    private static string? WaiterFunction(Kind kind)
    {
        var frame = WaitShape.Of(kind.First.Stack).UserFrame;
        return frame < 0 ? null : kind.First.Stack.Frames[frame].Function;
    }

    private CreatorFunctions CreatorsByFunction => _creatorFunctions ??= new CreatorFunctions(_kinds.All);

    /// <summary>
    /// Before Go 1.21 a dump names a goroutine's creator by its function only (`created by main.syncReplicas`, no
    /// `in goroutine N`): which goroutines are inside each function, and which each function started.
    /// </summary>
    private sealed class CreatorFunctions
    {
        private readonly Dictionary<string, List<Kind>> _inside = [];
        private readonly Dictionary<string, List<Kind>> _started = [];

        public CreatorFunctions(IReadOnlyList<Kind> kinds)
        {
            foreach (var kind in kinds)
            {
                foreach (var function in kind.First.Stack.Frames.Select(f => f.Function).Distinct())
                    Add(_inside, function, kind);
                if (kind.First.CreatedBy is { } creator)
                    Add(_started, creator.Function, kind);
            }
        }

        public bool AnyRunning(string function) => _inside.ContainsKey(function);

        /// <summary>The kind of the one goroutine inside the function; null when none or several are.</summary>
        public Kind? SoleRunner(string function) =>
            _inside.TryGetValue(function, out var kinds) && kinds is [{ Count: 1 } only] ? only : null;

        public IReadOnlyList<Kind> StartedBy(string function) => _started.GetValueOrDefault(function) ?? [];

        private static void Add(Dictionary<string, List<Kind>> index, string function, Kind kind)
        {
            if (!index.TryGetValue(function, out var list))
                index.Add(function, list = []);
            list.Add(kind);
        }
    }

    /// <summary>Judged once per goroutine: a creator of many (goroutine 1) is asked once for each of its children.</summary>
    private bool BlockedFamilyWaiter(Goroutine g)
    {
        if (!_familyWaiters.TryGetValue(g.Id, out var verdict))
            _familyWaiters.Add(g.Id, verdict = _kinds.Of(g).WaitGroupWait
                && (_children.GetValueOrDefault(g.Id) ?? []).All(c => _kinds.Of(c).Blocked));
        return verdict;
    }

    // ---- wait-for ------------------------------------------------------------------------------------

    /// <summary>
    /// Goroutines in a wait-for knot: a lock, WaitGroup or Cond waiter and every other goroutine that shares the
    /// object it waits on, at least one of them waiting elsewhere, all blocked — nobody in the dump is left to
    /// release it. Sharing is read from printed addresses: the primitive's own, or the receiver of the waiter's
    /// innermost method; a goroutine inside a method of the same receiver type whose receiver the runtime printed
    /// as `0x…?` (a register value) may hold the same object, and counts as a sharer too.
    /// All of it is decided per kind of goroutine; a term names goroutines only for the one member a bucket shows.
    /// </summary>
    private sealed class WaitFor
    {
        private readonly Snapshot _snapshot;
        private readonly Kinds _kinds;
        private readonly Dictionary<Kind, ObjectSharers> _waitsOn = [];
        private readonly Dictionary<Kind, List<ObjectSharers>> _shares = [];

        public WaitFor(Kinds kinds, Snapshot snapshot)
        {
            _snapshot = snapshot;
            _kinds = kinds;
            var waiters = kinds.All.Where(k => k.Shape.Objects.Length > 0 && Waits.IsSyncWait(k.State)).ToList();
            if (waiters.Count == 0)
                return;

            // Only the objects some waiter waits on are looked up: a dump prints many more addresses than it has locks.
            var wantedAddresses = new HashSet<ulong>();
            var wantedTypes = new HashSet<string>();
            foreach (var waiter in waiters)
                foreach (var (address, type) in waiter.Shape.Objects)
                {
                    wantedAddresses.Add(address);
                    if (type is not null)
                        wantedTypes.Add(type);
                }
            var mentions = new Dictionary<ulong, List<Kind>>();
            var unprintedReceivers = new Dictionary<string, List<Kind>>();
            foreach (var kind in kinds.All)
            {
                foreach (var pointer in kind.Shape.Pointers)
                    if (wantedAddresses.Contains(pointer))
                        AddOnce(mentions, pointer, kind);
                foreach (var type in kind.Shape.UnprintedReceiverTypes)
                    if (wantedTypes.Contains(type))
                        AddOnce(unprintedReceivers, type, kind);
            }

            // Many waiters may share one object (a global lock): each object's sharers are gathered and judged once.
            // Waiters come in the order of their first goroutine, so an object's first qualifying waiter marks it.
            var objectsSeen = new Dictionary<(ulong, string?), ObjectSharers>();
            foreach (var waiter in waiters)
                foreach (var key in waiter.Shape.Objects)
                {
                    if (!objectsSeen.TryGetValue(key, out var shared))
                    {
                        List<Kind> sharers = [.. mentions.GetValueOrDefault(key.Address, [])
                            .Concat(key.ReceiverType is null ? [] : unprintedReceivers.GetValueOrDefault(key.ReceiverType, []))
                            .Distinct()];
                        objectsSeen.Add(key, shared = new ObjectSharers(key, sharers));
                    }
                    if (!shared.AllBlocked || !shared.HasPossibleHolderFor(waiter))
                        continue;
                    _waitsOn.Add(waiter, shared);
                    if (shared.Marker is null)
                    {
                        shared.Marker = waiter;
                        foreach (var sharer in shared.Kinds)
                        {
                            if (!_shares.TryGetValue(sharer, out var list))
                                _shares.Add(sharer, list = []);
                            list.Add(shared);
                        }
                    }
                    break;
                }
        }

        /// <summary>Every goroutine of the kind is in a wait-for knot: as a waiter, or as a sharer of a knot's object.</summary>
        public bool Includes(Kind kind) => _waitsOn.ContainsKey(kind) || _shares.ContainsKey(kind);

        /// <summary>
        /// The term of the kind's first goroutine: what a pass over the waiters in dump order gives it first — its
        /// own wait, or, when an earlier waiter's object is one it shares, that waiter's.
        /// </summary>
        public ScoreTerm TermOf(Kind kind)
        {
            var own = _waitsOn.GetValueOrDefault(kind);
            var shared = _shares.GetValueOrDefault(kind)?.MinBy(o => o.Marker!.Order);
            if (shared is not null && (own is null || shared.Marker!.Order < kind.Order))
                return new ScoreTerm(Scoring.WaitForTerm, ScoreTermKind.Points, Scoring.WaitForPoints,
                    $"shares {shared.What} with a blocked {shared.Marker!.First.State.Reason} waiter; all sharers are blocked",
                    Goroutines([shared.Marker.First.Id]));
            return new ScoreTerm(Scoring.WaitForTerm, ScoreTermKind.Points, Scoring.WaitForPoints,
                $"every goroutine sharing the object it waits on ({own!.What}) is blocked too",
                Goroutines(SharerIds(own).Where(id => id != kind.First.Id).Take(6)));
        }

        /// <summary>The ids of the goroutines that share an object, ascending.</summary>
        private List<long> SharerIds(ObjectSharers shared) => [.. _kinds.IdsOf(_snapshot, shared.Kinds).Distinct().Order()];

        private static void AddOnce<TKey>(Dictionary<TKey, List<Kind>> index, TKey key, Kind kind) where TKey : notnull
        {
            if (!index.TryGetValue(key, out var list))
                index.Add(key, list = []);
            if (list.Count == 0 || list[^1] != kind)
                list.Add(kind);
        }
    }

    /// <summary>
    /// The kinds of goroutine that share one object, judged once: whether all are blocked, and which different waits
    /// they are in (a global lock may have thousands of sharers but only a few distinct waits).
    /// </summary>
    private sealed class ObjectSharers
    {
        private readonly (string Reason, ulong? Primitive, Stack Stack)[] _waits;

        public ObjectSharers((ulong Address, string? ReceiverType) key, List<Kind> kinds)
        {
            Kinds = [.. kinds];
            AllBlocked = kinds.TrueForAll(k => k.Blocked);
            _waits = [.. kinds.Select(k => (k.First.State.Reason, PrimitiveAddress(k.First), k.First.Stack)).Distinct()];
            var (address, type) = key;
            What = type is null ? Hex(address) : $"{Hex(address)}, a {type[(type.IndexOf(".(", StringComparison.Ordinal) + 1)..]}";
        }

        public HashSet<Kind> Kinds { get; }

        public bool AllBlocked { get; }

        /// <summary>`0xc000010000, a (*Hub)`: the object as the evidence names it.</summary>
        public string What { get; }

        /// <summary>The first waiter found in a knot on this object; its sharers are marked from then on.</summary>
        public Kind? Marker { get; set; }

        /// <summary>
        /// Some sharer may hold what this waiter waits for: it waits elsewhere — another state, another primitive,
        /// or, with a primitive not printed, another stack. Waiters queued on the same lock hold nothing.
        /// </summary>
        public bool HasPossibleHolderFor(Kind waiter)
        {
            var primitive = PrimitiveAddress(waiter.First);
            foreach (var (reason, other, stack) in _waits)
                if (reason != waiter.First.State.Reason || (primitive is null || other is null ? !ReferenceEquals(stack, waiter.First.Stack) : other != primitive))
                    return true;
            return false;
        }
    }

    // ---- kinds of goroutine --------------------------------------------------------------------------

    /// <summary>
    /// Goroutines with the same stack, argument words, state and creator, which the reader interns: whatever the
    /// evidence reads from a goroutine but its id and creator's id is the same for all of them, so it is worked out
    /// once per kind — a dump of 100,000 goroutines has a few dozen kinds.
    /// </summary>
    private sealed class Kind
    {
        private ArgumentShape? _shape;

        public Kind(Goroutine first, int order, Bucket bucket)
        {
            First = first;
            Order = order;
            Bucket = bucket;
            State = StateOf(first);
            Blocked = Waits.EndsOnlyByAnotherGoroutine(State);
            WaitGroupWait = first.State.Reason is "sync.WaitGroup.Wait" or "semacquire" && State.Reason == "sync.WaitGroup.Wait";
        }

        /// <summary>The kind's first goroutine in the dump.</summary>
        public Goroutine First { get; }

        /// <summary>Kinds in the order their first goroutines appear in the dump.</summary>
        public int Order { get; }

        public Bucket Bucket { get; }

        /// <summary>The state as <see cref="Classifier.Resolve"/> reads it, with `semacquire` told apart by the frames.</summary>
        public WaitState State { get; }

        /// <summary>Only another goroutine can end the wait.</summary>
        public bool Blocked { get; }

        public bool WaitGroupWait { get; }

        public ArgumentShape Shape => _shape ??= ArgumentShape.Of(First);

        /// <summary>Some goroutine of the kind has no creator printed.</summary>
        public bool AnyWithoutCreator { get; set; }

        /// <summary>The WaitGroup waiters that created goroutines of the kind (only looked for when the dump has such waiters).</summary>
        public List<Goroutine>? WaitGroupParents { get; set; }

        /// <summary>Some goroutine of the kind was not created by a WaitGroup waiter.</summary>
        public bool AnyParentNotWaitGroupWaiter { get; set; }

        public long Count { get; set; }

        private static WaitState StateOf(Goroutine g)
        {
            if (g.State.Reason is not ("semacquire" or "waiting") && g.State.Class != StateClass.Unknown)
                return g.State;
            var inferred = WaitStateInference.FromFrames(g.Stack.Frames);
            return inferred is { Class: not StateClass.Running } ? inferred : g.State;
        }
    }

    private sealed class Kinds
    {
        private readonly Dictionary<(Stack, IReadOnlyList<string>, WaitState, Frame?), Kind> _kinds = new(new ByReference());
        private readonly List<Kind> _all = [];
        private Kind? _last;

        /// <summary>Kinds in the order their first goroutines appear in the dump.</summary>
        public IReadOnlyList<Kind> All => _all;

        public Kind Of(Goroutine g, Func<Goroutine, Bucket> bucketOf)
        {
            if (Find(g) is { } kind)
                return kind;
            kind = new Kind(g, _all.Count, bucketOf(g));
            _kinds.Add(KeyOf(g), kind);
            _all.Add(kind);
            return _last = kind;
        }

        /// <summary>The ids of the goroutines of these kinds, in dump order (a scan of the dump: asked only for evidence shown).</summary>
        public IEnumerable<long> IdsOf(Snapshot snapshot, ISet<Kind> kinds)
        {
            foreach (var g in snapshot.Goroutines)
                if (g.Id != 0 && Find(g) is { } kind && kinds.Contains(kind))
                    yield return g.Id;
        }

        /// <summary>The kind of a goroutine already seen.</summary>
        public Kind Of(Goroutine g) => Find(g)!;

        public Kind? Find(Goroutine g)
        {
            // Neighbours in a dump are often alike (a loop's goroutines): the last kind is tried first.
            if (_last is { } last && ByReference.Same(KeyOf(last.First), KeyOf(g)))
                return last;
            if (!_kinds.TryGetValue(KeyOf(g), out var kind))
                return null;
            return _last = kind;
        }

        private static (Stack, IReadOnlyList<string>, WaitState, Frame?) KeyOf(Goroutine g) => (g.Stack, g.Arguments, g.State, g.CreatedBy);

        private sealed class ByReference : IEqualityComparer<(Stack, IReadOnlyList<string>, WaitState, Frame?)>
        {
            public static bool Same((Stack, IReadOnlyList<string>, WaitState, Frame?) x, (Stack, IReadOnlyList<string>, WaitState, Frame?) y) =>
                ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2) && ReferenceEquals(x.Item3, y.Item3) && ReferenceEquals(x.Item4, y.Item4);

            public bool Equals((Stack, IReadOnlyList<string>, WaitState, Frame?) x, (Stack, IReadOnlyList<string>, WaitState, Frame?) y) => Same(x, y);

            public int GetHashCode((Stack, IReadOnlyList<string>, WaitState, Frame?) key) =>
                HashCode.Combine(RuntimeHelpers.GetHashCode(key.Item1), RuntimeHelpers.GetHashCode(key.Item2),
                    RuntimeHelpers.GetHashCode(key.Item3), key.Item4 is null ? 0 : RuntimeHelpers.GetHashCode(key.Item4));
        }
    }

    /// <summary>The printed address of the sync primitive or channel a goroutine waits on, if any.</summary>
    private static ulong? PrimitiveAddress(Goroutine g)
    {
        var index = WaitShape.Of(g.Stack).PrimitiveFrame;
        return index >= 0 && index < g.Arguments.Count ? ArgumentWords.FirstPointer(g.Arguments[index]) : null;
    }

    /// <summary>
    /// What one stack with one argument list says, for every goroutine that has both: the pointers its argument
    /// words mention, the receiver types of its methods whose receiver was not printed, and, should it wait on a
    /// sync primitive, the objects of its wait.
    /// </summary>
    private sealed record ArgumentShape(ulong[] Pointers, string[] UnprintedReceiverTypes, (ulong Address, string? ReceiverType)[] Objects)
    {
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
