using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>Two places that take the same two locks in opposite orders.</summary>
internal static class LockOrder
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
    // Lock, if any. First, Second and Others are order keys (see KeyOf).
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
                    foreach (var inner in summaries.AcquiredByCall(function, call, includeUnnamed: true))
                        Record(info, function, edges, held, inner.Unnamed ? null : inner.Lock, inner.At, file, call, inner, inner.Mode);
            }).Walk(function.Body!);
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
                (later.File, later.Held.Call, $"`{later.Held.Text}` taken here first"),
                (earlier.File, earlier.Held.Call, $"elsewhere `{earlier.Held.Text}` is taken first"),
                (earlier.File, earlier.Inner?.At ?? earlier.Call, $"and then `{Text(earlier)}` while it is held"),
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

    // The key two functions' locks are compared by. A mutex field of a named struct type is its type and field
    // (`Store.mu`, whichever variable, parameter or map element reaches it), except on an object this function has just
    // made, which no other goroutine can hold yet. Any other lock only when every function names it the same way: a
    // package-level variable. Locks no key names (a local mutex) are left out.
    private static object? KeyOf(GoTypes.TypeInfo info, FuncDecl function, LockId? id, CallExpr lockCall)
    {
        if (Locks.FieldOf(info, lockCall) is { } field)
            return id is { } named && Locks.IsOfFreshObject(info, function, named, field) ? null : field;
        return id is { Root: Var { IsPackageLevel: true } } global ? global : null;
    }

    // Two fields of one type are an order only on one instance in each function (`t.a` then `t.b`): a deadlock needs the
    // two functions to run on the same instance, which nothing here can rule out, as for two methods of one receiver.
    // Taken on two instances (`x.a` then `y.b`) they can be any two objects and are not compared. Fields of two types
    // are compared by type: the order inverts whenever the two functions reach the same two objects.
    private static bool OnOneInstance(LockId first, LockField firstField, LockId? second, LockField secondField) =>
        firstField.Owner != secondField.Owner
        || second is { } named && InstanceOf(first, firstField) is { } instance && instance == InstanceOf(named, secondField);

    private static LockId? InstanceOf(LockId id, LockField field) =>
        id.Path.EndsWith("." + field.Path, StringComparison.Ordinal) ? id with { Path = id.Path[..^(field.Path.Length + 1)] } : null;

    private static void Record(GoTypes.TypeInfo info, FuncDecl function, List<Edge> edges, IReadOnlyDictionary<LockId, HeldLock> held,
        LockId? second, CallExpr secondCall, LintFile file, CallExpr call, Acquisition? inner, LockMode mode)
    {
        if (KeyOf(info, function, second, secondCall) is not { } secondKey)
            return;
        foreach (var (first, holding) in held)
        {
            if (first == second || KeyOf(info, function, first, holding.TakenBy.Call) is not { } firstKey || firstKey.Equals(secondKey))
                continue;
            if (firstKey is LockField firstField && secondKey is LockField secondField && !OnOneInstance(first, firstField, second, secondField))
                continue;
            var others = held.Where(h => h.Key != first).Select(h => KeyOf(info, function, h.Key, h.Value.TakenBy.Call)).OfType<object>().ToHashSet();
            edges.Add(new Edge(firstKey, secondKey, holding.TakenBy, file, call, inner, mode, others));
        }
    }
}
