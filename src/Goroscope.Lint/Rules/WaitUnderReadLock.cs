using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>
/// A `Cond.Wait` (itself, or in every target of a call) while the goroutine holds a read lock that another function of
/// the package write-locks: the waiting writer makes every later reader wait too (Go's RWMutex gives it priority).
/// </summary>
internal static class WaitUnderReadLock
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "wait-under-read-lock",
        Title = "Cond.Wait while holding a read lock a writer takes",
        Doc = "A goroutine that holds an RWMutex's read lock and then waits on a sync.Cond of another lock keeps the read lock for as long as it waits. A writer that calls Lock meanwhile waits for it, and Go's RWMutex then makes every later RLock wait behind the writer: the readers that would do the work the waiter waits for, or that would signal it, block too, and a Signal that never comes leaves all of them blocked for good. Release the read lock before waiting, or wait on a Cond whose L is that RWMutex's RLocker().",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("RLock()"u8) >= 0) || pass.Facts.SyncSummaries is not { } sync)
            return;
        var graph = sync.Graph;
        var info = graph.Info;
        var bodies = graph.Functions.Select(f => graph.TargetOf(f.Key)).Concat(graph.FunctionLiterals).ToList();
        var writers = new Dictionary<object, (LintFile File, CallExpr Call, string Text)>();
        foreach (var body in bodies)
            foreach (var (call, _) in CallGraph.SitesIn(body.Body))
                if (Locks.OpOf(info, body.Enclosing, call) is { Acquires: true, Mode: LockMode.Write } op && KeyOf(info, body.Enclosing, op, call) is { } key)
                    writers.TryAdd(key, (body.File, call, op.Text));
        if (writers.Count == 0)
            return;
        var condLockers = CondLockers(pass, info);
        foreach (var body in bodies)
        {
            var reported = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
            new HeldLocks(graph, body.Enclosing, (call, op, held) =>
            {
                if (op is not null || reported.Contains(call) || WaitReachedBy(sync, body, call) is not { } wait)
                    return;
                foreach (var (_, holding) in held)
                {
                    if (holding.TakenBy is not { Mode: LockMode.Read, Acquires: true } read || KeyOf(info, body.Enclosing, read, read.Call) is not { } key
                        || condLockers.Contains(key) || !writers.TryGetValue(key, out var writer))
                        continue;
                    var related = new List<(LintFile, Node, string)> { (body.File, read.Call, $"`{read.Text}` read-locked here") };
                    if (!ReferenceEquals(wait.Call, call))
                        related.Add((wait.File, wait.Call, $"the callee waits on `{wait.Text}` here"));
                    related.Add((writer.File, writer.Call, $"`{writer.Text}` write-locked here"));
                    pass.Report(body.File, call,
                        $"{(ReferenceEquals(wait.Call, call) ? "this Wait" : $"this call waits on `{wait.Text}`, and")} blocks while `{read.Text}` is read-locked (line {Pass.LineOf(body.File, read.Call)}), which {Path.GetFileName(writer.File.Path)}:{Pass.LineOf(writer.File, writer.Call)} write-locks: a writer waiting for this goroutine makes every later RLock wait behind it, so the readers that would wake this one, or need the lock at all, block with it",
                        $"release `{read.Text}` before waiting, or make the Cond's L `{read.Text}.RLocker()` so that Wait releases it",
                        related);
                    reported.Add(call);
                    return;
                }
            }).Walk(body.Body);
        }
    }

    // The Cond.Wait a call is, or the one every target of the call waits on before it returns (none for an open call).
    private static SyncOp? WaitReachedBy(SyncSummaries sync, CallTarget body, CallExpr call)
    {
        if (sync.OpOf(body, call) is { } own)
            return own.Kind == SyncOpKind.CondWait ? own : null;
        var graph = sync.Graph;
        if (graph.IsOpen(call) || graph.Targets(call) is not { Count: > 0 } targets)
            return null;
        SyncOp? first = null;
        foreach (var target in targets)
        {
            var wait = sync.Of(target).Effects.FirstOrDefault(e => e.Op.Kind == SyncOpKind.CondWait && e.Via != CallKind.Go && e.Depth < SyncSummaries.DepthLimit);
            if (wait is null)
                return null;
            first ??= wait.Op;
        }
        return first;
    }

    // The mutex a lock call works on, the same in every function: its type and field, or the variable (package-level or local).
    private static object? KeyOf(TypeInfo info, FuncDecl function, LockOp op, CallExpr call) =>
        Locks.FieldOf(info, call, function) is { } field ? field : op.Lock is { Root: Var variable, Path: "" } ? variable : null;

    // Mutexes some Cond of the package uses as its L (sync.NewCond(&s.mu), NewCond(s.mu.RLocker()), Cond{L: …}): a Wait
    // on such a Cond releases that lock, and which Cond a Wait is on is not followed, so they are left alone.
    private static HashSet<object> CondLockers(Pass pass, TypeInfo info)
    {
        var lockers = new HashSet<object>();
        void Add(Expr locker)
        {
            var mutex = Syntax.Unparen(locker) switch
            {
                UnaryExpr { Op: Token.And } address => address.X,
                CallExpr { Fun: SelectorExpr { Sel.Name: "RLocker" } rlocker } => rlocker.X,
                var other => other,
            };
            mutex = Syntax.Unparen(mutex) is StarExpr star ? star.X : mutex;
            switch (Syntax.Unparen(mutex))
            {
                case SelectorExpr field when info.Selected(field) is Var { IsField: true } && info.TypeOf(field.X) is { } ownerType
                    && Types.Unalias(Types.Deref(ownerType)) is NamedType owner:
                    lockers.Add(new LockField(owner.Origin.Package?.Path + "." + owner.Name, field.Sel.Name));
                    break;
                case Ident ident when info.ObjectOf(ident) is Var variable:
                    lockers.Add(variable);
                    break;
            }
            // A struct that embeds its mutex is the Locker itself.
            if (info.TypeOf(mutex) is { } type && Types.Unalias(Types.Deref(type)) is NamedType { Package.Path: not "sync" } embedding)
                foreach (var kind in (string[])["Mutex", "RWMutex"])
                    lockers.Add(new LockField(embedding.Origin.Package?.Path + "." + embedding.Name, kind));
        }
        foreach (var file in pass.Files)
        {
            Walker.Inspect(file.Syntax, n =>
            {
                switch (n)
                {
                    case CallExpr { Args: [var locker] } call when info.Callee(call) is { Name: "NewCond", Package.Path: "sync" }:
                        Add(locker);
                        break;
                    case CompositeLit literal when Types.IsNamed(info.TypeOf(literal), "sync", "Cond"):
                        foreach (var element in literal.Elts)
                            if (element is KeyValueExpr { Key: Ident { Name: "L" } } keyed)
                                Add(keyed.Value);
                        break;
                    case AssignStmt assign:
                        for (var i = 0; i < assign.Lhs.Count && i < assign.Rhs.Count; i++)
                            if (assign.Lhs[i] is SelectorExpr { Sel.Name: "L" } target && info.TypeOf(target.X) is { } condType && Types.IsNamed(Types.Deref(condType), "sync", "Cond"))
                                Add(assign.Rhs[i]);
                        break;
                }
                return true;
            });
        }
        return lockers;
    }
}
