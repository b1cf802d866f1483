using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>An early return that skips the close of a channel another goroutine waits on.</summary>
internal static class CloseSkipped
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "close-skipped",
        Title = "an early return skips the close a goroutine waits for",
        Doc = "A function ends by closing a done or quit channel that another goroutine waits on (`<-done`, `case <-done`, `for range done`), and nothing else in the package closes or sends on it. A `return` before the close skips it: the waiting goroutine blocks forever. Close with `defer close(done)` right after the channel is made, or close before each return.",
        DefaultSeverity = Severity.Error,
        EnabledByDefault = false, // 5 of 14 findings true on real code (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("close("u8) >= 0) || pass.Facts.Channels is not { } index)
            return;
        foreach (var channel in index.Channels)
        {
            if (channel.Escape is not null || channel.OpsOf(ChannelOpKind.Send).Any())
                continue;
            var closes = channel.OpsOf(ChannelOpKind.Close).ToList();
            foreach (var close in closes)
            {
                var file = close.File;
                // The close is a statement of the function body itself, the only closer, and not deferred anywhere.
                if (file.Index.Parent(close.Node) is not ExprStmt statement || !ReferenceEquals(file.Index.Parent(statement), close.Body)
                    || closes.Any(c => !ReferenceEquals(c.Function, close.Function) || file.Index.Parent(c.Node) is DeferStmt))
                    continue;
                var waiters = channel.Ops.Where(o => o.IsReceiving && !ReferenceEquals(o.Function, close.Function) && o.MayBlock && WaitsOnlyFor(index, o, close.Function)).ToList();
                foreach (var ret in Syntax.BodyNodes<ReturnStmt>(close.Body).Where(r => r.Pos < close.Node.Pos && IsErrorPath(index.Info, file, r)))
                {
                    if (closes.Any(c => c.Node.Pos < ret.Pos && Syntax.Within(ret, BlockOf(file, c.Node))) || AfterReceiving(index, file, ret, channel))
                        continue; // closed on the way to this return, or already closed when it runs
                    if (pass.Facts.LockSummaries is { } summaries && OwnerNotOutYet(summaries.Graph, index.Info, close, ret, waiters))
                        continue; // nothing can be waiting yet: the value holding the channel has not left this function
                    // A goroutine started after the return has not started when it returns.
                    var waiter = waiters.Where(w => w.File != file || !Syntax.Within(w.Function, close.Function) || w.Function.Pos < ret.Pos)
                        .OrderBy(w => w.File.Path, StringComparer.Ordinal).ThenBy(w => w.Node.Pos).FirstOrDefault();
                    if (waiter is null)
                        continue;
                    pass.Report(file, ret,
                        $"this return skips `close({file.SourceOf(close.Operand)})` (line {Pass.LineOf(file, close.Node)}), the only close of a channel a goroutine waits on ({Path.GetFileName(waiter.File.Path)}:{Pass.LineOf(waiter.File, waiter.Node)}): that goroutine blocks forever",
                        "close the channel with `defer close(...)` where it is made, or close it before this return",
                        [(file, close.Node, "the close this return skips"), (waiter.File, waiter.Node, "the goroutine waiting for it")]);
                }
            }
        }
    }

    // A return taken because something failed: under an `if` that tests an error, or returning one. Other early returns
    // (`if s == nil`, `if s.shutdown`) guard a function that already closed the channel on an earlier call.
    private static bool IsErrorPath(TypeInfo info, LintFile file, ReturnStmt ret)
    {
        if (ret.Results.Any(r => IsError(info.TypeOf(r)) && !(r is Ident { Name: "nil" })))
            return true;
        var test = file.Index.Ancestors(ret).TakeWhile(n => n is not (FuncLit or FuncDecl)).OfType<IfStmt>().FirstOrDefault();
        var mentionsError = false;
        if (test is not null)
            Walker.Inspect(test.Cond, n => !(mentionsError |= n is Expr e && IsError(info.TypeOf(e))));
        return mentionsError;
    }

    // The channel is a field of a value this function made (`d := &Daemon{…}`), and the return hands no such value back: a
    // goroutine can be waiting at that return only if the value got out before it — passed or stored anywhere, or a method
    // of it called (or started) that reaches a waiter.
    private static bool OwnerNotOutYet(CallGraph graph, TypeInfo info, ChannelOp close, ReturnStmt ret, IReadOnlyList<ChannelOp> waiters)
    {
        var file = close.File;
        if (Syntax.Unparen(close.Operand) is not SelectorExpr { X: Ident owner } || info.ObjectOf(owner) is not Var variable)
            return false;
        var assignments = Syntax.BodyNodes<AssignStmt>(close.Body)
            .Where(a => a.Lhs.Any(l => l is Ident id && ReferenceEquals(info.ObjectOf(id), variable))).ToList();
        if (assignments is not [{ Tok: Token.Define, Lhs.Count: 1, Rhs: [var made] } declaration] || !IsMadeHere(made))
            return false;
        if (declaration.End > ret.Pos)
            return true; // returns before the value exists
        var uses = new List<Ident>();
        Walker.Inspect(close.Body, node =>
        {
            if (node is Ident id && id.Pos > declaration.End && id.Pos < ret.End && ReferenceEquals(info.ObjectOf(id), variable))
                uses.Add(id);
            return node.Pos < ret.End;
        });
        return uses.All(id => !Syntax.Within(id, ret) && UsedAsFieldOrHere(graph, file, id, waiters));
    }

    private static bool IsMadeHere(Expr made) => Syntax.Unparen(made) switch
    {
        UnaryExpr { Op: Token.And, X: CompositeLit } => true,
        CompositeLit => true,
        CallExpr { Fun: Ident { Name: "new" }, Args.Count: 1 } => true,
        _ => false,
    };

    // `d.field` (read or written), `d.method(…)` / `go d.method(…)` / `d.method` whose body reaches no waiter, or `d` passed
    // as an interface none of whose methods reaches one. A function literal that uses it is bound by the same uses.
    private static bool UsedAsFieldOrHere(CallGraph graph, LintFile file, Ident owner, IReadOnlyList<ChannelOp> waiters)
    {
        if (file.Index.Parent(owner) is CallExpr { } receiving && !ReferenceEquals(receiving.Fun, owner))
            return PassedAsInterfaceReachingNoWaiter(graph, receiving, owner, waiters);
        if (file.Index.Parent(owner) is not SelectorExpr selector)
            return false;
        if (graph.Info.ObjectOf(selector.Sel) is Var)
            return true;
        if (file.Index.Parent(selector) is CallExpr call && ReferenceEquals(call.Fun, selector))
            return !graph.Targets(call).Any(t => Reaches(graph, t, waiters));
        return graph.Info.ObjectOf(selector.Sel) is Func { Decl: FuncDecl method } && graph.TargetInPackage(method) is { } target
            && !Reaches(graph, target, waiters);
    }

    // Passed where the callee sees it only as a non-empty interface: it can call those methods of it and no others.
    private static bool PassedAsInterfaceReachingNoWaiter(CallGraph graph, CallExpr call, Ident owner, IReadOnlyList<ChannelOp> waiters)
    {
        var position = call.Args.ToList().IndexOf(owner);
        if (graph.Info.TypeOf(call.Fun) is not { } fun || Types.Unalias(fun).Underlying is not Signature signature
            || position < 0 || position >= signature.Params.Count || signature.Variadic && position == signature.Params.Count - 1
            || Types.Unalias(signature.Params[position]).Underlying is not GoTypes.InterfaceType { Methods.Count: > 0 } parameter
            || graph.Info.TypeOf(owner) is not { } ownerType)
            return false;
        var methods = Types.MethodSet(ownerType);
        return parameter.Methods.All(wanted => methods.FirstOrDefault(m => m.Name == wanted.Name) is { Decl: { } decl }
            && graph.TargetInPackage(decl) is { } target && !Reaches(graph, target, waiters));
    }

    private static bool Reaches(CallGraph graph, CallTarget start, IReadOnlyList<ChannelOp> waiters) =>
        graph.MayReach(start, t => waiters.Any(w => Syntax.Within(w.Node, t.Function)), depth: 8);

    private static bool IsError(GoType? type) => type is not null && Types.Unalias(type) is NamedType { Name: "error", Package: null };

    // A return in `case <-done:` runs only once done is closed.
    private static bool AfterReceiving(ChannelIndex index, LintFile file, ReturnStmt ret, Channel channel) =>
        file.Index.Ancestors(ret).OfType<CommClause>().Any(c => ReceivedFrom(c) is { } operand && index.Of(operand) == channel);

    private static Expr? ReceivedFrom(CommClause clause) => clause.Comm switch
    {
        ExprStmt { X: UnaryExpr { Op: Token.Arrow } receive } => receive.X,
        AssignStmt { Rhs: [UnaryExpr { Op: Token.Arrow } receive] } => receive.X,
        _ => null,
    };

    private static Node BlockOf(LintFile file, Node node) => file.Index.Ancestors(node).First(n => n is BlockStmt or CaseClause or CommClause);

    // A plain receive waits for the close; a select waits for it only when each other case is signalled by the same
    // function (or by nothing), so that returning early leaves every case waiting.
    private static bool WaitsOnlyFor(ChannelIndex index, ChannelOp waiter, Node closer)
    {
        if (waiter.Select is null)
            return true;
        foreach (var clause in waiter.Select.Body.List.OfType<CommClause>())
        {
            var operand = clause.Comm is SendStmt send ? send.Chan : ReceivedFrom(clause);
            // A deferred close fires on every return.
            if (operand is null || index.Of(operand) is not { Escape: null } other
                || other.Ops.Any(o => o.Kind is ChannelOpKind.Send or ChannelOpKind.Close && !ReferenceEquals(o.Function, closer) || o.File.Index.Parent(o.Node) is DeferStmt))
                return false;
        }
        return true;
    }
}
