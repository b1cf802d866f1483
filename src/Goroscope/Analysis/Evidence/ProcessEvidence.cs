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
    private readonly Snapshot _snapshot;
    private readonly Dictionary<long, Goroutine> _byId = [];
    private readonly Dictionary<long, List<Goroutine>> _children = [];
    private readonly bool _parentsPrinted;
    private readonly Goroutine? _writer;
    private readonly bool _asleep;

    private ProcessEvidence(Snapshot snapshot)
    {
        _snapshot = snapshot;
        foreach (var g in snapshot.Goroutines)
        {
            if (g.Id == 0)
                continue; // crash output prints each thread's system stack as goroutine 0
            _byId.TryAdd(g.Id, g);
            if (g.ParentId != 0)
            {
                _parentsPrinted = true;
                if (!_children.TryGetValue(g.ParentId, out var list))
                    _children.Add(g.ParentId, list = []);
                list.Add(g);
            }
        }
        _asleep = snapshot.UnattributedFrames == 0 && IsAsleep(out _writer);
    }

    /// <summary>Adds the process's evidence to the buckets as score terms; nothing for cut dumps and aggregated formats.</summary>
    public static void AddTerms(Snapshot snapshot, IReadOnlyList<Bucket> buckets)
    {
        if (snapshot.Format != DumpFormat.Traceback || snapshot.Truncated)
            return;
        var evidence = new ProcessEvidence(snapshot);
        var waitFor = evidence.WaitFor();
        foreach (var bucket in buckets)
        {
            var members = bucket.Ids.Select(id => evidence._byId.GetValueOrDefault(id)).OfType<Goroutine>().ToList();
            if (members.Count == 0 || !members.All(g => Waits.EndsOnlyByAnotherGoroutine(Classifier.Resolve(g.State, g.Stack.Frames))))
                continue;
            if (evidence._asleep)
                bucket.AddScoreTerm(evidence.ProcessAsleep());
            if (evidence.CreatorReturned(bucket, members) is { } returned)
                bucket.AddScoreTerm(returned);
            if (evidence.FamilyBlocked(members) is { } family)
                bucket.AddScoreTerm(family);
            if (members.All(waitFor.ContainsKey))
                bucket.AddScoreTerm(waitFor[members[0]]);
        }
    }

    // ---- process-asleep ------------------------------------------------------------------------------

    /// <summary>
    /// Every goroutine is parked on another goroutine, but for the dump's writer and the runtime's idle helpers.
    /// Anything else — running, runnable, sleeping, in the network poller or a system call, a synctest bubble whose
    /// fake clock advances — could wake the others. (Timers are the one waker a dump does not show; docs/scoring.md.)
    /// </summary>
    private bool IsAsleep(out Goroutine? writer)
    {
        writer = null;
        var parked = 0;
        foreach (var g in _snapshot.Goroutines)
        {
            if (g.Id == 0)
                continue;
            if (g.StackUnavailable || g.SyncTestBubble != 0)
                return false;
            if (Waits.EndsOnlyByAnotherGoroutine(Classifier.Resolve(g.State, g.Stack.Frames)))
                parked++;
            else if (writer is null && Waits.IsDumpWriter(g))
                writer = g;
            else if (!Waits.IsRuntimeIdle(g))
                return false;
        }
        return parked > 0;
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

    private bool BlockedFamilyWaiter(Goroutine g) =>
        Classifier.Resolve(g.State, g.Stack.Frames).Reason == "sync.WaitGroup.Wait"
        && (_children.GetValueOrDefault(g.Id) ?? []).All(c => Waits.EndsOnlyByAnotherGoroutine(Classifier.Resolve(c.State, c.Stack.Frames)));

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
        var waiters = _byId.Values.Where(g => g.Arguments.Count > 0 && Waits.IsSyncWait(Classifier.Resolve(g.State, g.Stack.Frames)))
            .Select(g => (Waiter: g, Objects: ObjectsOf(g).ToList())).Where(w => w.Objects.Count > 0).ToList();
        if (waiters.Count == 0)
            return terms;

        var mentions = new Dictionary<ulong, List<Goroutine>>();
        var unprintedReceivers = new Dictionary<string, List<Goroutine>>();
        foreach (var g in _byId.Values)
        {
            foreach (var words in g.Arguments)
                foreach (var word in ArgumentWords.Certain(words))
                    if (ArgumentWords.LooksLikePointer(word))
                        AddOnce(mentions, word, g);
            var frames = g.Stack.Frames;
            for (var i = 0; i < frames.Count; i++)
                if (ReceiverType(frames[i]) is { } type && (i >= g.Arguments.Count || ArgumentWords.FirstPointer(g.Arguments[i]) is null))
                    AddOnce(unprintedReceivers, type, g);
        }

        foreach (var (waiter, objects) in waiters)
        {
            foreach (var (address, type) in objects)
            {
                var sharers = mentions.GetValueOrDefault(address, [])
                    .Concat(type is null ? [] : unprintedReceivers.GetValueOrDefault(type, []))
                    .Where(s => !ReferenceEquals(s, waiter)).Distinct(ReferenceEqualityComparer.Instance).Cast<Goroutine>().ToList();
                if (sharers.Count == 0 || !sharers.Any(s => s.State.Reason != waiter.State.Reason || !ReferenceEquals(s.Stack, waiter.Stack))
                    || !sharers.All(s => Waits.EndsOnlyByAnotherGoroutine(Classifier.Resolve(s.State, s.Stack.Frames))))
                    continue;
                var what = type is null ? Hex(address) : $"{Hex(address)}, a {type[(type.IndexOf(".(", StringComparison.Ordinal) + 1)..]}";
                terms.TryAdd(waiter, new ScoreTerm(Scoring.WaitForTerm, ScoreTermKind.Points, Scoring.WaitForPoints,
                    $"every goroutine sharing the object it waits on ({what}) is blocked too",
                    Goroutines(sharers.Select(s => s.Id))));
                foreach (var sharer in sharers)
                    terms.TryAdd(sharer, new ScoreTerm(Scoring.WaitForTerm, ScoreTermKind.Points, Scoring.WaitForPoints,
                        $"shares {what} with a blocked {waiter.State.Reason} waiter; all sharers are blocked",
                        Goroutines([waiter.Id])));
                break;
            }
        }
        return terms;
    }

    private static void AddOnce<TKey>(Dictionary<TKey, List<Goroutine>> index, TKey key, Goroutine g) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
            index.Add(key, list = []);
        if (list.Count == 0 || !ReferenceEquals(list[^1], g))
            list.Add(g);
    }

    /// <summary>
    /// What a waiter's wait is about: the primitive's printed address, and the printed receiver of its innermost
    /// method in the program's own code, with that receiver's type (`main.(*Hub)`).
    /// </summary>
    private static IEnumerable<(ulong Address, string? ReceiverType)> ObjectsOf(Goroutine g)
    {
        var frames = g.Stack.Frames;
        for (var i = 0; i < frames.Count && i < g.Arguments.Count; i++)
        {
            if (Waits.IsPrimitiveFrame(frames[i].Function) && ArgumentWords.FirstPointer(g.Arguments[i]) is { } primitive)
                yield return (primitive, null);
            if (!GoNames.IsStandardPackage(frames[i].Package))
            {
                if (ReceiverType(frames[i]) is { } type && ArgumentWords.FirstPointer(g.Arguments[i]) is { } receiver)
                    yield return (receiver, type);
                yield break;
            }
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
