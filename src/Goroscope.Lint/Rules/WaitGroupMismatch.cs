using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>WaitGroup counts that cannot come out even: Wait inside the spawning loop, an Add no goroutine's Done matches, Done counts unequal to Add's.</summary>
internal static class WaitGroupMismatch
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "waitgroup-mismatch",
        Title = "WaitGroup Add and Done counts that cannot match",
        Doc = "wg.Wait returns when the counter is back at zero: every Add (the group's own, or one a helper like `s.track()` does) must be matched by exactly as many Done calls. A Wait inside the loop that starts the goroutines, after one Add for all of them, waits for goroutines later iterations have not started; a goroutine counted by Add that never reaches Done (itself or in what it calls), or skips it on some path, leaves the counter above zero; Add(2) for one goroutine that calls Done once does the same. In each case Wait blocks forever. A goroutine that calls Done twice drives the counter negative, and the program panics; so does a Done inside a function `wg.Go` runs (Go 1.25), which already calls Done itself, when nothing adds to the group by hand.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private enum DonePaths
    {
        /// <summary>Every way out of the goroutine passes a Done.</summary>
        Every,
        /// <summary>A return skips the Done that the path after it reaches.</summary>
        SkippedByReturn,
        /// <summary>Done only on some branches, with no early return to blame: it may depend on values (a recursion's base case).</summary>
        Unknown,
    }

    // A goroutine an Add counts: its go statement, its body, and the Done calls it makes on its own goroutine (named as the Add's body names them).
    private sealed record Counted(CallSite Go, CallTarget Body, List<SyncEffect> Dones, DonePaths Paths, SyncEffect? Wait);

    // An Add with the goroutines that call Done on its group (null when one cannot be counted) and the first goroutine it starts.
    private sealed record CountingAdd(CallTarget Body, List<SyncOp> Ops, SyncOp Add, List<Counted>? Counted, CallSite? FirstStart);

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf(".Add("u8) >= 0 || f.Text.Content.AsSpan().IndexOf(".Go("u8) >= 0)
            || pass.Facts.SyncSummaries is not { } sync)
            return;
        DoneInsideGo(pass, sync);
        if (!sync.AllOps.Any(o => o.Kind == SyncOpKind.Add))
            return;
        var adds = new List<CountingAdd>();
        foreach (var body in sync.Graph.Functions.Select(f => sync.Graph.TargetOf(f.Key)).Concat(sync.Graph.FunctionLiterals))
        {
            var sites = CallGraph.SitesIn(body.Body);
            var ops = sync.OpsWithHelperAdds(body).Where(o => o.Object is not null && o.Variable is not null).ToList();
            if (!ops.Any(o => o.Kind == SyncOpKind.Add))
                continue;
            foreach (var wait in ops.Where(o => o.Kind == SyncOpKind.Wait))
                WaitInSpawningLoop(pass, sync, body, sites, ops, wait);
            foreach (var add in ops.Where(o => o.Kind == SyncOpKind.Add))
            {
                var (counted, first) = CountedBy(sync, body, sites, ops, add);
                if (first is not null)
                    adds.Add(new CountingAdd(body, ops, add, counted, first));
            }
        }
        var reported = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
        foreach (var group in adds.GroupBy(a => (object?)a.Add.Variable!.Declaration ?? a.Add.Variable!))
        {
            var variable = group.First().Add.Variable!;
            // A Done on the group that no counted goroutine makes (in an Add's own body, a callback, a goroutine we
            // cannot follow) could make up any count.
            var countedCalls = group.SelectMany(a => a.Counted ?? []).SelectMany(c => c.Dones).Select(d => d.Op.Call).ToHashSet(ReferenceEqualityComparer.Instance);
            if (group.Any(a => a.Counted is null) || sync.AllOps.Any(o => o.Kind == SyncOpKind.Done && Same(o.Variable, variable) && !countedCalls.Contains(o.Call))
                || Escapes(pass, sync, variable))
                continue;
            foreach (var add in group)
                CheckAdd(pass, sync, add, reported);
        }
        AddWithNoDoneAnywhere(pass, sync, reported);
    }

    // wg.Go(f) adds one and calls Done when f returns (Go 1.25). A Done of f's own on the same group, where nothing in
    // the package adds to it by hand, is the Add/Done pattern half migrated: the counter goes negative and the program panics.
    private static void DoneInsideGo(Pass pass, SyncSummaries sync)
    {
        foreach (var body in sync.Graph.Functions.Select(f => sync.Graph.TargetOf(f.Key)).Concat(sync.Graph.FunctionLiterals))
        {
            foreach (var site in CallGraph.SitesIn(body.Body))
            {
                if (sync.OpOf(body, site.Call) is not { Kind: SyncOpKind.Go, Object: { } id, Variable: { } variable } go
                    || Syntax.Unparen(go.Call.Args[0]) is not FuncLit literal || sync.Graph.TargetOf(literal) is not { } function)
                    continue;
                if (sync.AllOps.Any(o => o.Kind == SyncOpKind.Add && Same(o.Variable, variable)) || Escapes(pass, sync, variable))
                    continue;
                var done = sync.Of(function).Effects.FirstOrDefault(e => e.Op.Kind == SyncOpKind.Done && e.Via != CallKind.Go
                    && sync.Graph.Translate(body.Enclosing, function, go.Call, e.Object) == id);
                if (done is null)
                    continue;
                pass.Report(done.Op.File, done.Op.Call,
                    $"`{go.Text}.Go` (line {Pass.LineOf(body.File, go.Call)}) already calls Done when this function returns, and nothing in the package adds to `{go.Text}` by hand: this second Done drives the counter negative and the program panics",
                    $"remove `{done.Op.Text}.Done()`: `{go.Text}.Go` counts the goroutine itself",
                    [(body.File, (Node)go.Call, "started and counted here")]);
            }
        }
    }

    // wg.Add(n) before the loop, `go` in it, wg.Wait() in it too: the first Wait waits for goroutines not started yet.
    private static void WaitInSpawningLoop(Pass pass, SyncSummaries sync, CallTarget body, IReadOnlyList<CallSite> sites, List<SyncOp> ops, SyncOp wait)
    {
        if (body.File.Index.EnclosingLoop(wait.Call) is not { } loop)
            return;
        var id = wait.Object!.Value;
        var spawn = sites.FirstOrDefault(s => s.Kind == CallKind.Go && Syntax.Within(s.Call, loop)
            && sync.Through(body, s, false).Effects.Any(e => e.Op.Kind == SyncOpKind.Done && e.Object == id));
        var add = ops.LastOrDefault(o => o.Kind == SyncOpKind.Add && o.Object == id && o.Call.Pos < loop.Pos);
        if (spawn is null || add is null)
            return;
        var addsInLoop = ops.Any(o => o.Kind == SyncOpKind.Add && o.Object == id && Syntax.Within(o.Call, loop))
            || sites.Any(s => s.Kind != CallKind.Go && Syntax.Within(s.Call, loop)
                && sync.Through(body, s, false).Effects.Any(e => e.Op.Kind == SyncOpKind.Add && e.Object == id && e.Via != CallKind.Go));
        if (addsInLoop)
            return;
        pass.Report(body.File, wait.Call,
            $"`{wait.Text}.Wait()` runs inside the loop that starts the goroutines it waits for, while their `{add.Text}.Add` is before the loop (line {Pass.LineOf(body.File, add.Call)}): the first Wait waits for Done calls from goroutines later iterations have not started, and blocks forever",
            $"move `{wait.Text}.Wait()` after the loop, or call `{wait.Text}.Add(1)` in the loop before each `go`",
            [(body.File, (Node)add.Call, "the goroutines are counted here, before the loop"), (body.File, spawn.Call, "each iteration starts one of them here")]);
    }

    // The goroutines started after the Add in its body, up to the next Add or Wait on the group (or a goroutine that
    // only waits on it), that call Done on it; goroutines the graph cannot follow are not counted (a Done they could
    // make is one the Add's group check finds elsewhere). Null when a goroutine's count cannot be told: Done in a loop,
    // an Add of its own on the group, a summary cut at the depth limit.
    private static (List<Counted>? Counted, CallSite? First) CountedBy(SyncSummaries sync, CallTarget body, IReadOnlyList<CallSite> sites, List<SyncOp> ops, SyncOp add)
    {
        var id = add.Object!.Value;
        var end = ops.FirstOrDefault(o => o.Object == id && o.Kind is SyncOpKind.Add or SyncOpKind.Wait && o.Call.Pos > add.Call.Pos)?.Call.Pos ?? int.MaxValue;
        var counted = new List<Counted>();
        CallSite? first = null;
        foreach (var start in sites.Where(s => s.Kind == CallKind.Go && s.Call.Pos > add.Call.Pos && s.Call.Pos < end))
        {
            if (sync.Graph.Targets(start.Call) is not [var target])
                continue;
            var goroutine = Goroutine(sync, body, start, target, id);
            if (goroutine is null)
                return (null, first ?? start);
            if (goroutine.Dones.Count == 0 && goroutine.Wait is not null)
                break;
            first ??= start;
            if (goroutine.Dones.Count > 0)
                counted.Add(goroutine);
        }
        return (counted, first);
    }

    private static void CheckAdd(Pass pass, SyncSummaries sync, CountingAdd counting, HashSet<CallExpr> reported)
    {
        var (body, ops, add, counted, first) = (counting.Body, counting.Ops, counting.Add, counting.Counted!, counting.FirstStart!);
        var id = add.Object!.Value;
        var variable = add.Variable!;
        var waitOp = ops.FirstOrDefault(o => o.Kind == SyncOpKind.Wait && o.Object == id && o.Call.Pos > add.Call.Pos)
            ?? sync.AllOps.FirstOrDefault(o => o.Kind == SyncOpKind.Wait && Same(o.Variable, variable));
        if (counted.Count == 0)
        {
            if (waitOp is not null && reported.Add(waitOp.Call))
                pass.Report(waitOp.File, waitOp.Call,
                    $"`{add.Text}.Add` (line {Pass.LineOf(body.File, add.Call)}) counts the goroutine started on line {Pass.LineOf(body.File, first.Call)}, but it never calls `{add.Text}.Done()`, itself or in what it calls: the counter never gets back to zero and this Wait blocks forever",
                    $"`defer {add.Text}.Done()` as the first statement of the goroutine",
                    [(body.File, (Node)add.Call, "counted here"), (body.File, first.Call, "this goroutine never calls Done")]);
            return;
        }
        foreach (var goroutine in counted)
        {
            if (SelfWait(goroutine) is { } selfWait)
            {
                if (reported.Add(selfWait.Op.Call))
                    pass.Report(selfWait.Op.File, selfWait.Op.Call,
                        $"the goroutine started on line {Pass.LineOf(body.File, goroutine.Go.Call)} is counted by `{add.Text}.Add` (line {Pass.LineOf(body.File, add.Call)}) and waits on the same group before its deferred `Done` runs: Wait waits for this goroutine's own count, which only its return gives back, and blocks forever",
                        $"wait on `{add.Text}` outside the goroutines it counts, or call `{add.Text}.Done()` before this Wait",
                        [(body.File, (Node)add.Call, "counted here"), (body.File, goroutine.Go.Call, "this goroutine is one of those it waits for")]);
                return;
            }
            if (goroutine.Paths == DonePaths.SkippedByReturn)
            {
                if (waitOp is null || IsDoneNotDeferredShape(goroutine.Body, add.Text) || !reported.Add(waitOp.Call))
                    continue;
                pass.Report(waitOp.File, waitOp.Call,
                    $"the goroutine started on line {Pass.LineOf(body.File, goroutine.Go.Call)} is counted by `{add.Text}.Add` (line {Pass.LineOf(body.File, add.Call)}) but a return skips its `{add.Text}.Done()`: the counter never gets back to zero and this Wait blocks forever",
                    $"`defer {add.Text}.Done()` as the first statement of the goroutine",
                    [(body.File, (Node)add.Call, "counted here"), (body.File, goroutine.Go.Call, "this goroutine can skip Done")]);
                return;
            }
            if (goroutine.Dones.Count > 1 && goroutine.Dones.Any(d => d.Always) && (goroutine.Dones.Count(d => d.Always) > 1 || goroutine.Dones.Any(d => d.Always && d.Via == CallKind.Defer)))
            {
                var extra = goroutine.Dones.OrderBy(d => d.Via == CallKind.Defer ? 0 : 1).ThenBy(d => d.Op.Call.Pos).ToList();
                if (!reported.Add(extra[1].Op.Call))
                    continue;
                pass.Report(extra[1].Op.File, extra[1].Op.Call,
                    $"the goroutine started on line {Pass.LineOf(body.File, goroutine.Go.Call)} calls `{add.Text}.Done()` twice on one path (also at {Path.GetFileName(extra[0].Op.File.Path)}:{Pass.LineOf(extra[0].Op.File, extra[0].Op.Call)}) for one count: the counter goes negative and the program panics, or a Wait returns while other goroutines still run",
                    $"call `{add.Text}.Done()` once per goroutine: keep the deferred one and drop the other",
                    [(extra[0].Op.File, (Node)extra[0].Op.Call, "Done already called here"), (body.File, add.Call, "counted here")]);
                return;
            }
        }
        // Add(n) for goroutines started outside any loop the Add is not in, each calling Done once on every path.
        var addLoop = body.File.Index.EnclosingLoop(add.Call);
        if (add.Delta is not { } delta || counted.Any(c => !ReferenceEquals(body.File.Index.EnclosingLoop(c.Go.Call), addLoop) || c.Dones.Count != 1 || c.Paths != DonePaths.Every)
            || delta == counted.Count || delta < 0 || delta > counted.Count && waitOp is null)
            return;
        var (primary, file, message) = delta > counted.Count
            ? (waitOp!.Call, waitOp.File, $"`{add.Text}.Add({delta})` (line {Pass.LineOf(body.File, add.Call)}) counts {delta}, but only {counted.Count} goroutine{(counted.Count == 1 ? "" : "s")} started after it call{(counted.Count == 1 ? "s" : "")} `Done` once: the counter never gets back to zero and this Wait blocks forever")
            : (add.Call, body.File, $"`{add.Text}.Add({delta})` counts {delta}, but {counted.Count} goroutines started after it each call `Done` once: the counter goes negative and the program panics");
        if (!reported.Add(primary))
            return;
        pass.Report(file, primary, message, $"make the count match the goroutines: `{add.Text}.Add({counted.Count})` here, or `{add.Text}.Add(1)` right before each `go`",
            counted.Select(c => (body.File, (Node)c.Go.Call, "started here, calls Done once")).Prepend((body.File, (Node)add.Call, $"Add({delta}) here")));
    }

    // A Wait on the group the goroutine makes on its own goroutine while every Done of its runs only when it returns
    // (deferred): the Wait counts the goroutine itself.
    private static SyncEffect? SelfWait(Counted goroutine) =>
        goroutine.Wait is { Via: CallKind.Call } wait && goroutine.Dones.All(d => d.Via == CallKind.Defer) ? wait : null;

    // wg.Add in a helper (`StartTask` doing `s.drain.Add(1)`) on a group nothing in the package ever calls Done on, by
    // hand or through wg.Go, while something Waits on it: the counter never gets back to zero. Only a group used by
    // its own methods and assignment counts (passed anywhere, a Done could be made on it under another name), and only
    // Adds of a count that cannot be negative (`Add(-1)` is a Done).
    private static void AddWithNoDoneAnywhere(Pass pass, SyncSummaries sync, HashSet<CallExpr> reported)
    {
        var ops = sync.AllOps;
        if (ops.Any(o => o.Kind is SyncOpKind.Done or SyncOpKind.Go && o.Variable is null))
            return; // a promoted Done of an embedding struct names no field
        foreach (var group in ops.Where(o => o.Kind == SyncOpKind.Add && o.Variable is not null).GroupBy(o => (object?)o.Variable!.Declaration ?? o.Variable!))
        {
            var variable = group.First().Variable!;
            if (group.Any(a => a.Delta is < 0 || Syntax.Unparen(a.Call.Args[0]) is UnaryExpr { Op: Token.Sub })
                || ops.Any(o => o.Kind is SyncOpKind.Done or SyncOpKind.Go && Same(o.Variable, variable)) || Escapes(pass, sync, variable, followCalls: false))
                continue;
            var add = group.First();
            foreach (var wait in ops.Where(o => o.Kind == SyncOpKind.Wait && Same(o.Variable, variable)))
            {
                if (!reported.Add(wait.Call))
                    continue;
                var helper = add.File.Index.EnclosingFunction(add.Call) is FuncDecl { Name.Name: var name } ? $" in `{name}`" : "";
                pass.Report(wait.File, wait.Call,
                    $"`{add.Text}.Add`{helper} ({Path.GetFileName(add.File.Path)}:{Pass.LineOf(add.File, add.Call)}) counts work, but nothing in the package ever calls `Done` on `{variable.Name}`: the counter never gets back to zero and this Wait blocks forever",
                    $"call `{add.Text}.Done()` (deferred) where the counted work ends",
                    group.Select(a => (a.File, (Node)a.Call, "counted here; no Done anywhere matches it")));
            }
        }
    }

    // The Done calls the goroutine makes on its own goroutine, named as the Add's body names the group; null when its
    // count cannot be told (cut at the depth limit, Done in a loop, an Add of its own on the group).
    private static Counted? Goroutine(SyncSummaries sync, CallTarget body, CallSite start, CallTarget target, LockId id)
    {
        var summary = sync.Of(target);
        if (summary.Truncated)
            return null;
        var own = summary.Effects.Where(e => e.Via != CallKind.Go && sync.Graph.Translate(body.Enclosing, target, start.Call, e.Object) == id).ToList();
        var dones = own.Where(e => e.Op.Kind == SyncOpKind.Done).ToList();
        if (own.Any(e => e.Op.Kind == SyncOpKind.Add))
            return null;
        // The calls of the body that perform one of the Dones: the Done itself, or a call whose callee does it.
        var performing = CallGraph.SitesIn(target.Body).Where(s => s.Kind != CallKind.Go && (dones.Any(d => d.Depth == 0 && ReferenceEquals(d.Op.Call, s.Call))
            || sync.Through(target, s, false).Effects.Any(e => dones.Any(d => ReferenceEquals(d.Op.Call, e.Op.Call))))).ToList();
        if (performing.Any(s => target.File.Index.EnclosingLoop(s.Call) is { } loop && Syntax.Within(loop, target.Body)))
            return null;
        var wait = own.FirstOrDefault(e => e.Op.Kind == SyncOpKind.Wait);
        return new Counted(start, target, dones, Paths(sync, target, dones, performing), wait);
    }

    // Every way out of the body passes a Done (a deferred one outside any branch, or one before each return and before
    // the end), a return skips one that comes after it, or neither can be told.
    private static DonePaths Paths(SyncSummaries sync, CallTarget target, List<SyncEffect> dones, List<CallSite> performing)
    {
        if (dones.Any(d => d.Always && d.Via == CallKind.Defer))
            return DonePaths.Every;
        var file = target.File;
        var calls = performing.Where(s => s.Kind == CallKind.Call && (dones.Any(d => d.Depth == 0 && ReferenceEquals(d.Op.Call, s.Call))
            || sync.Through(target, s, true).Effects.Any(e => e.Always && dones.Any(d => ReferenceEquals(d.Op.Call, e.Op.Call)))))
            .Select(s => s.Call).ToHashSet(ReferenceEqualityComparer.Instance);
        bool DoneBefore(Stmt stmt)
        {
            for (Stmt? s = stmt; s is not null && Syntax.Within(s, target.Body); s = file.Index.Ancestors(s).OfType<Stmt>().FirstOrDefault())
                if (Syntax.ContainingList(file, s) is { } list && list.TakeWhile(t => !ReferenceEquals(t, s)).Any(t => t is ExprStmt { X: CallExpr c } && calls.Contains(c)))
                    return true;
            return false;
        }
        var skipping = Syntax.BodyNodes<ReturnStmt>(target.Body).Where(r => !DoneBefore(r)).ToList();
        if (skipping.Any(r => performing.Any(p => p.Call.Pos > r.Pos)))
            return DonePaths.SkippedByReturn;
        var list = target.Body.List;
        var endCovered = list.Count == 0 || !FallsOffEnd(file, list[^1]) || list.Any(t => t is ExprStmt { X: CallExpr c } && calls.Contains(c));
        return skipping.Count == 0 && endCovered ? DonePaths.Every : DonePaths.Unknown;
    }

    private static bool FallsOffEnd(LintFile file, Stmt last) => last switch
    {
        ReturnStmt or SelectStmt { Body.List.Count: 0 } => false,
        ForStmt { Cond: null } loop => Syntax.BodyNodes<BranchStmt>(loop.Body).Any(b => b.Tok == Token.Break
            && (b.Label is { } label ? file.Index.Parent(loop) is LabeledStmt l && l.Label.Name == label.Name : ReferenceEquals(Loops.NearestBreakable(file, b), loop))),
        _ => !Syntax.IsTerminating(file, last),
    };

    // waitgroup-done-not-deferred's shape: a plain Done in the goroutine's own body after a return that skips it.
    private static bool IsDoneNotDeferredShape(CallTarget goroutine, string key)
    {
        var returns = Syntax.BodyNodes<ReturnStmt>(goroutine.Body);
        return Syntax.BodyNodes<ExprStmt>(goroutine.Body).Any(s => s.X is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" } done } && Syntax.OperandKey(done.X) == key
            && returns.Any(r => r.Pos < s.Pos));
    }

    private static bool Same(Var? a, Var b) => a is not null && (ReferenceEquals(a, b) || a.Declaration is not null && ReferenceEquals(a.Declaration, b.Declaration));

    // The group used otherwise than by its methods, by assignment, or as an argument of a call the graph follows: stored,
    // returned or handed outside the package, where a Done could be. An exported field of a library escapes too.
    private static bool Escapes(Pass pass, SyncSummaries sync, Var variable, bool followCalls = true)
    {
        var info = sync.Graph.Info;
        if (!ReferenceEquals(variable.Package, info.Package) || variable.IsExported && pass.Package.Name != "main")
            return true;
        foreach (var file in pass.Files)
        {
            var escapes = false;
            Walker.Inspect(file.Syntax, n =>
            {
                if (escapes || n is not Ident id || info.IsDefinition(id) || info.ObjectOf(id) is not Var used || !Same(used, variable))
                    return !escapes;
                escapes = !IsFollowedUse(sync.Graph, file, id, followCalls);
                return !escapes;
            });
            if (escapes)
                return true;
        }
        return false;
    }

    // followCalls: an argument of a call the graph follows is a use (the callee's operations are translated back), or not.
    private static bool IsFollowedUse(CallGraph graph, LintFile file, Ident id, bool followCalls)
    {
        Node use = file.Index.Parent(id) is SelectorExpr field && ReferenceEquals(field.Sel, id) ? field : id;
        var parent = file.Index.Parent(use);
        while (parent is ParenExpr or UnaryExpr { Op: Token.And })
        {
            use = parent;
            parent = file.Index.Parent(parent);
        }
        return parent switch
        {
            SelectorExpr { Sel.Name: "Add" or "Done" or "Wait" or "Go" } method => ReferenceEquals(method.X, use) && file.Index.Parent(method) is CallExpr called && ReferenceEquals(called.Fun, method),
            AssignStmt assign => assign.Lhs.Any(l => ReferenceEquals(l, use)),
            KeyValueExpr pair => ReferenceEquals(pair.Key, use),
            CallExpr call => followCalls && call.Args.Any(a => ReferenceEquals(a, use)) && graph.Targets(call).Count > 0,
            _ => false,
        };
    }
}
