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

    // Lock Second taken while First is held, at Call (the Lock itself or the call that reaches it); Inner is the callee's Lock, if any.
    private sealed record Edge(LockId First, LockId Second, LockOp Held, LintFile File, CallExpr Call, Acquisition? Inner, LockMode Mode, HashSet<LockId> Others);

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("Lock()"u8) >= 0) || pass.Facts.LockSummaries is not { } summaries)
            return;
        var edges = new List<Edge>();
        foreach (var (function, file) in summaries.Graph.Functions)
        {
            new HeldLocks(summaries.Graph, function, (call, op, held) =>
            {
                if (held.Count == 0)
                    return;
                if (op is { Acquires: true })
                    Record(edges, held, op.Lock, file, call, null, op.Mode);
                else if (op is null)
                    foreach (var inner in summaries.AcquiredByCall(function, call))
                        Record(edges, held, inner.Lock, file, call, inner, inner.Mode);
            }).Walk(function.Body!);
        }
        var reported = new HashSet<(LockId, LockId)>();
        for (var i = 0; i < edges.Count; i++)
        {
            // Reported where the second order appears: the first one is the cause.
            var later = edges[i];
            var earlier = edges.Take(i).FirstOrDefault(e => e.First == later.Second && e.Second == later.First
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

    // Only locks named the same way in every function can be compared: receiver fields and package-level variables.
    private static bool IsShared(LockId id) => id.Root is Var { IsPackageLevel: true } || id.Root is string root && root.StartsWith("recv ", StringComparison.Ordinal);

    private static void Record(List<Edge> edges, IReadOnlyDictionary<LockId, HeldLock> held, LockId second, LintFile file, CallExpr call, Acquisition? inner, LockMode mode)
    {
        if (!IsShared(second))
            return;
        foreach (var (first, holding) in held)
        {
            if (first == second || !IsShared(first))
                continue;
            var others = held.Keys.Where(k => k != first).ToHashSet();
            edges.Add(new Edge(first, second, holding.TakenBy, file, call, inner, mode, others));
        }
    }
}
