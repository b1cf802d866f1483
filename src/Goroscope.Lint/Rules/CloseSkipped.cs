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
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("close("u8) >= 0) || pass.Facts.Channels is not { } index
            || pass.Facts.LockSummaries is not { Graph: var graph })
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
                    if (OwnerNotOutYet(graph, close, ret, waiters))
                        continue; // nothing can be waiting yet: the channel, or the value holding it, has not left this function
                    if (GuardsReceiverState(index.Info, file, ret, close.Function) && !StartedBefore(graph, close, ret, waiters))
                        continue; // the receiver's state refuses the call; only a waiter this call started could be stranded
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

    // `if s.closed { return ErrClosed }`, `if !atomic.CompareAndSwapInt32(&s.state, running, stopping) { return … }`: a
    // method's return under a condition that reads only its receiver's state (fields, directly or through sync/atomic)
    // and tests no error refuses the call — another call did the work, or none was started — rather than failing it.
    private static bool GuardsReceiverState(TypeInfo info, LintFile file, ReturnStmt ret, Node function)
    {
        if (function is not FuncDecl { Recv.List: [{ Names: [var receiverName] }] }
            || info.ObjectOf(receiverName) is not Var receiver
            || file.Index.Ancestors(ret).TakeWhile(n => n is not (FuncLit or FuncDecl)).OfType<IfStmt>().FirstOrDefault() is not { } test)
            return false;
        var (readsReceiver, readsOnlyState) = (false, true);
        Walker.Inspect(test.Cond, node =>
        {
            switch (node)
            {
                case Expr e when IsError(info.TypeOf(e)):
                case CallExpr call when info.Callee(call) is not { Package.Path: "sync/atomic" }:
                case Ident id when info.ObjectOf(id) is Var { IsField: false, IsPackageLevel: false } other && !ReferenceEquals(other, receiver):
                    readsOnlyState = false;
                    break;
                case Ident id when ReferenceEquals(info.ObjectOf(id), receiver):
                    readsReceiver = true;
                    break;
            }
            return readsOnlyState;
        });
        return readsReceiver && readsOnlyState;
    }

    // Whether this function, before the return, started a goroutine (or called something that starts one) reaching a waiter.
    private static bool StartedBefore(CallGraph graph, ChannelOp close, ReturnStmt ret, IReadOnlyList<ChannelOp> waiters) =>
        CallGraph.SitesIn(close.Body).Any(s => s.Call.Pos < ret.Pos && s.Kind != CallKind.Defer && graph.Targets(s.Call).Any(t => Reaches(graph, t, waiters)));

    // The channel is a field of a value this function made (`d := &Daemon{…}`), reached through fields (`d.startupDone`,
    // `pool.hc.ready`), and the return hands no such value back: a goroutine can be waiting at that return only if the
    // channel got out before it — the value passed or stored anywhere, a method of it called (or started) that reaches
    // a waiter, or the channel or a value holding it read out or set from something not made here. Where a use is
    // unknown (passed to a function whose type is unknown) the rule cannot tell, and an unknown makes no finding.
    private static bool OwnerNotOutYet(CallGraph graph, ChannelOp close, ReturnStmt ret, IReadOnlyList<ChannelOp> waiters)
    {
        var (file, info) = (close.File, graph.Info);
        if (FieldPath(info, close.Operand) is not var (owner, path) || info.ObjectOf(owner) is not Var variable)
            return false;
        var assignments = Syntax.BodyNodes<AssignStmt>(close.Body)
            .Where(a => a.Lhs.Any(l => l is Ident id && ReferenceEquals(info.ObjectOf(id), variable))).ToList();
        if (assignments is not [{ Tok: Token.Define, Lhs.Count: 1, Rhs: [var made] } declaration] || !MakesPath(made, path))
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
        return uses.All(id => !Syntax.Within(id, ret) && StaysHere(graph, file, id, path, waiters));
    }

    // `d.hc.ready` as its root and the fields on the way; null for anything but a chain of fields on a variable.
    private static (Ident Root, IReadOnlyList<string> Path)? FieldPath(TypeInfo info, Expr operand)
    {
        var path = new List<string>();
        var expr = Syntax.Unparen(operand);
        while (expr is SelectorExpr selector && info.ObjectOf(selector.Sel) is Var { IsField: true })
        {
            path.Insert(0, selector.Sel.Name);
            expr = Syntax.Unparen(selector.X);
        }
        return expr is Ident root && path.Count > 0 ? (root, path) : null;
    }

    // A value made here whose fields on the path are unset or made here too: no value from elsewhere (a constructor
    // that may have started a goroutine on it, a channel already handed out) is on the way to the channel.
    private static bool MakesPath(Expr made, IReadOnlyList<string> path) => Syntax.Unparen(made) switch
    {
        UnaryExpr { Op: Token.And, X: CompositeLit literal } => LiteralMakesPath(literal, path),
        CompositeLit literal => LiteralMakesPath(literal, path),
        CallExpr { Fun: Ident { Name: "new" }, Args.Count: 1 } => path.Count > 0,
        CallExpr { Fun: Ident { Name: "make" } } => path.Count == 0,
        _ => false,
    };

    private static bool LiteralMakesPath(CompositeLit literal, IReadOnlyList<string> path)
    {
        if (path.Count == 0 || literal.Elts.Any(e => e is not KeyValueExpr))
            return false;
        var field = literal.Elts.Cast<KeyValueExpr>().FirstOrDefault(e => e.Key is Ident key && key.Name == path[0]);
        return field is null || MakesPath(field.Value, path.Skip(1).ToList());
    }

    // A use of the value before the return that keeps the channel here: `d.field` of another field (read or written),
    // `d.method(…)` / `go d.method(…)` / `d.method` whose body reaches no waiter, `d` passed as an interface none of whose
    // methods reaches one or to a function of unknown type, and along the path to the channel only assignments of values
    // made here and reads of other fields. A function literal that uses it is bound by the same uses.
    private static bool StaysHere(CallGraph graph, LintFile file, Expr use, IReadOnlyList<string> path, IReadOnlyList<ChannelOp> waiters)
    {
        var parent = file.Index.Parent(use);
        if (parent is CallExpr receiving && !ReferenceEquals(receiving.Fun, use))
            return PassedWhereNoWaiterIsReached(graph, receiving, use, waiters);
        if (parent is not SelectorExpr selector)
            return false;
        if (graph.Info.ObjectOf(selector.Sel) is Var)
        {
            if (path.Count == 0 || selector.Sel.Name != path[0])
                return true;
            if (file.Index.Parent(selector) is AssignStmt { Lhs: [var assigned], Rhs: [var value] } && ReferenceEquals(assigned, selector))
                return MakesPath(value, path.Skip(1).ToList());
            return path.Count > 1 && StaysHere(graph, file, selector, path.Skip(1).ToList(), waiters);
        }
        if (file.Index.Parent(selector) is CallExpr call && ReferenceEquals(call.Fun, selector))
            return !graph.Targets(call).Any(t => Reaches(graph, t, waiters));
        return graph.Info.ObjectOf(selector.Sel) is Func { Decl: FuncDecl method } && graph.TargetInPackage(method) is { } target
            && !Reaches(graph, target, waiters);
    }

    // Passed where the callee sees it only as a non-empty interface (it can call those methods of it and no others), or
    // to a function whose type is unknown (a package that is not there), which may or may not keep it.
    private static bool PassedWhereNoWaiterIsReached(CallGraph graph, CallExpr call, Expr argument, IReadOnlyList<ChannelOp> waiters)
    {
        var position = call.Args.ToList().IndexOf(argument);
        if (position < 0 || Syntax.Unparen(call.Fun) is Ident builtin && graph.Info.ObjectOf(builtin) is Builtin)
            return false;
        if (graph.Info.TypeOf(call.Fun) is not { } fun)
            return true;
        if (Types.Unalias(fun).Underlying is not Signature signature || position >= signature.Params.Count || signature.Variadic && position == signature.Params.Count - 1)
            return false;
        if (signature.Params[position] is UnknownType)
            return true;
        if (Types.Unalias(signature.Params[position]).Underlying is not GoTypes.InterfaceType { Methods.Count: > 0 } parameter
            || graph.Info.TypeOf(argument) is not { } argumentType)
            return false;
        var methods = Types.MethodSet(argumentType);
        return parameter.Methods.All(wanted => methods.FirstOrDefault(m => m.Name == wanted.Name) is { Decl: { } decl }
            && graph.TargetInPackage(decl) is { } target && !Reaches(graph, target, waiters));
    }

    private static bool Reaches(CallGraph graph, CallTarget start, IReadOnlyList<ChannelOp> waiters) =>
        graph.MayReach(start, t => waiters.Any(w => Syntax.Within(w.Node, t.Function)), depth: 8);

    private static bool IsError(GoType? type) => type is not null && Types.Unalias(type) is NamedType { Name: "error", Package: null };

    // A return in `case <-done:` runs only once done is closed.
    private static bool AfterReceiving(ChannelIndex index, LintFile file, ReturnStmt ret, Channel channel) =>
        file.Index.Ancestors(ret).OfType<CommClause>().Any(c => Syntax.ReceivedFrom(c) is { } operand && index.Of(operand) == channel);

    private static Node BlockOf(LintFile file, Node node) => file.Index.Ancestors(node).First(n => n is BlockStmt or CaseClause or CommClause);

    // A plain receive waits for the close; a select waits for it only when each other case is signalled by the same
    // function (or by nothing), so that returning early leaves every case waiting.
    private static bool WaitsOnlyFor(ChannelIndex index, ChannelOp waiter, Node closer)
    {
        if (waiter.Select is null)
            return true;
        foreach (var clause in waiter.Select.Body.List.OfType<CommClause>())
        {
            var operand = clause.Comm is SendStmt send ? send.Chan : Syntax.ReceivedFrom(clause);
            // A deferred close fires on every return.
            if (operand is null || index.Of(operand) is not { Escape: null } other
                || other.Ops.Any(o => o.Kind is ChannelOpKind.Send or ChannelOpKind.Close && !ReferenceEquals(o.Function, closer) || o.File.Index.Parent(o.Node) is DeferStmt))
                return false;
        }
        return true;
    }
}
