using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>Two places that take the same two locks in opposite orders.</summary>
internal static partial class LockOrder
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "lock-order",
        Title = "two locks taken in opposite orders",
        Doc = "One function takes lock A and then B (itself or in a method it calls) while another takes B and then A. When both run at once each holds the lock the other waits for, and both goroutines block forever, with everything queued behind them. Take the locks in one order everywhere, or release the first before taking the second.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    // Lock Second taken while First is held, at Call (the Lock itself or the call that reaches it); Inner is the callee's
    // Lock, if any. First can be held from the caller: a function that starts by releasing a lock (the unlock half of
    // a lock that a function returns holding) runs with it held until then. First, Second and Others are order keys (see KeyOf).
    private sealed record Edge(object First, object Second, LockOp Held, LintFile File, CallExpr Call, Acquisition? Inner, LockMode Mode, HashSet<object> Others);

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("Lock()"u8) >= 0) || pass.Facts.LockSummaries is not { } summaries)
            return;
        var edges = new List<Edge>();
        var info = summaries.Graph.Info;
        foreach (var (function, file) in summaries.Graph.Functions)
        {
            new HeldLocks(summaries.Graph, function, (call, op, held) =>
            {
                if (held.Count == 0)
                    return;
                if (op is { Acquires: true })
                    Record(info, function, edges, held, op.Lock, call, file, call, null, op.Mode);
                else if (op is null)
                {
                    // A callee that unlocks a held lock before taking another takes the other without it.
                    var released = summaries.ReleasedFirstBy(function, call);
                    var stillHeld = released.Count == 0 ? held : held.Where(h => !released.Contains(h.Key)).ToDictionary();
                    foreach (var inner in summaries.AcquiredByCall(function, call))
                        Record(info, function, edges, stillHeld, inner.Lock, inner.At, file, call, inner, inner.Mode);
                }
            }).Walk(function.Body!, summaries.HeldOnEntry(summaries.Graph.TargetOf(function)));
        }
        var reported = new HashSet<(object, object)>();
        for (var i = 0; i < edges.Count; i++)
        {
            // Reported where the second order appears: the first one is the cause.
            var later = edges[i];
            var earlier = edges.Take(i).FirstOrDefault(e => e.First.Equals(later.Second) && e.Second.Equals(later.First)
                && !(e.Mode == LockMode.Read && later.Mode == LockMode.Read && e.Held.Mode == LockMode.Read && later.Held.Mode == LockMode.Read)
                && !e.Others.Overlaps(later.Others));
            if (earlier is null || !reported.Add((later.First, later.Second)) || !reported.Add((later.Second, later.First)))
                continue;
            var related = new List<(LintFile, Node, string)>
            {
                (later.File, later.Held.Call, later.Held.Acquires ? $"`{later.Held.Text}` taken here first" : $"`{later.Held.Text}` is held when this function is called (its caller's), and released here"),
                (earlier.File, earlier.Held.Call, earlier.Held.Acquires ? $"elsewhere `{earlier.Held.Text}` is taken first" : $"elsewhere `{earlier.Held.Text}` is held from the caller, released here"),
                (earlier.Inner?.File ?? earlier.File, earlier.Inner?.At ?? earlier.Call, $"and then `{Text(earlier)}` while it is held"),
            };
            if (later.Inner is { } inner)
                related.Insert(1, (inner.File, inner.At, $"the callee takes `{inner.Text}` here"));
            pass.Report(later.File, later.Call,
                $"`{Text(later)}` is taken while `{later.Held.Text}` is held, and {Path.GetFileName(earlier.File.Path)}:{Pass.LineOf(earlier.File, earlier.Call)} takes them in the opposite order: when both run at once each goroutine holds the lock the other waits for, and both block here forever",
                "take the two locks in one order everywhere, or release the first before taking the second",
                related);
        }
    }

    // The second lock as the source writes it: the callee's Lock, or this Lock's operand.
    private static string Text(Edge edge) =>
        edge.Inner?.Text ?? (Syntax.Unparen(edge.Call.Fun) is SelectorExpr selector ? Syntax.OperandKey(selector.X) : null) ?? "the lock";

    // The key two functions' locks are compared by: a mutex field of a named struct type by its type and field
    // (`Store.mu`, whichever variable reaches it), a package-level mutex by its name, any other lock not at all.
    private static object? KeyOf(GoTypes.TypeInfo info, FuncDecl function, LockId? id, CallExpr lockCall) =>
        Locks.FieldOf(info, lockCall, function) is { } field ? field : id is { Root: Var { IsPackageLevel: true } } global ? global : null;

    // A deadlock needs the two functions to reach the same two objects. Fields compared by type are an order only
    // where one function reaches both from one instance: both on it (`t.a` then `t.b`, as two methods of one receiver
    // do), or one on an object the other's owner points to (`n.mu` then `n.cluster.mu`, `r.raftMu` then
    // `r.store.coalescedMu`). Two locks on objects found apart (two parameters, a map element, a range variable)
    // can be any two objects, and make no order.
    private static bool OnOneInstance(LockId first, LockField firstField, LockId? second, LockField secondField)
    {
        if (second is not { } named || InstanceOf(first, firstField) is not { } a || InstanceOf(named, secondField) is not { } b)
            return false;
        return a == b || firstField.Owner != secondField.Owner && Equals(a.Root, b.Root) && (Owns(a, b) || Owns(b, a));
    }

    private static bool Owns(LockId owner, LockId owned) => owned.Path.StartsWith(owner.Path + ".", StringComparison.Ordinal);

    // An element's key is left out: `l.m[key]` is the field `m[]` of `l`'s instance, whichever key chooses it.
    private static LockId? InstanceOf(LockId id, LockField field)
    {
        var path = ElementKey().Replace(id.Path, "[]");
        return path.EndsWith("." + field.Path, StringComparison.Ordinal) ? id with { Path = path[..^(field.Path.Length + 1)] } : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[[^\]]*\]")]
    private static partial System.Text.RegularExpressions.Regex ElementKey();

    private static void Record(GoTypes.TypeInfo info, FuncDecl function, List<Edge> edges, IReadOnlyDictionary<LockId, HeldLock> held,
        LockId? second, CallExpr secondCall, LintFile file, CallExpr call, Acquisition? inner, LockMode mode)
    {
        if (KeyOf(info, function, second, secondCall) is not { } secondKey)
            return;
        foreach (var (first, holding) in held)
        {
            if (first == second || KeyOf(info, function, first, holding.TakenBy.Call) is not { } firstKey || firstKey.Equals(secondKey))
                continue;
            if (firstKey is LockField firstField && secondKey is LockField secondField
                && !OnOneInstance(Locks.ThroughElement(info, function, first), firstField, second is { } named ? Locks.ThroughElement(info, function, named) : null, secondField))
                continue;
            var others = held.Where(h => h.Key != first).Select(h => KeyOf(info, function, h.Key, h.Value.TakenBy.Call)).OfType<object>().ToHashSet();
            edges.Add(new Edge(firstKey, secondKey, holding.TakenBy, file, call, inner, mode, others));
        }
    }
}
