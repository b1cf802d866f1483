using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>
/// A goroutine waits on a channel whose other side only it could reach: a send or receive on a channel it has just made
/// and not yet handed to anyone, or a receive on a channel only its own deferred close would close.
/// </summary>
internal static class SelfBlockingChannel
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "self-blocking-channel",
        Title = "a channel operation whose other side only the blocked goroutine could reach",
        Doc = "The goroutine sends on (or receives from) a channel it made itself before it hands the channel to anyone — returns it, passes it, starts a goroutine with it — so no other goroutine can be on the other side yet: an unbuffered send, or any receive, blocks forever. Or it receives from a channel that nothing sends on and that only its own `defer close(...)` closes, which runs only after the function returns. Hand the channel over first (start the receiver, return it), give it a buffer, or close it before waiting.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("chan"u8) >= 0) || pass.Facts.Channels is not { } index)
            return;
        var returnsToSender = new Dictionary<FuncDecl, ReturnedToSender?>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is ExprStmt { X: CallExpr dropped })
                    CheckDroppedResult(pass, index.Info, returnsToSender, file, node, dropped, null);
                if (node is AssignStmt { Rhs: [CallExpr call] } assigned)
                    CheckDroppedResult(pass, index.Info, returnsToSender, file, node, call, assigned.Lhs);
                if (node is AssignStmt or DeclStmt && node is Stmt made)
                    CheckBeforeShared(pass, index.Info, file, made);
                if (node is FuncDecl or FuncLit)
                    CheckOwnDeferredClose(pass, index, file, node);
                return true;
            });
        }
    }

    // `ch := make(chan T)` (or `var ch = make(...)`) followed, before any other mention of `ch`, by a send on it (unbuffered)
    // or a receive from it: until the channel is mentioned, no other goroutine can hold it.
    private static void CheckBeforeShared(Pass pass, TypeInfo info, LintFile file, Stmt made)
    {
        var (name, make) = made switch
        {
            AssignStmt { Tok: Token.Define, Lhs: [Ident lhs], Rhs: [var rhs] } => (lhs, Syntax.AsChannelMake(file, rhs)),
            DeclStmt { Decl: GenDecl { Specs: [ValueSpec { Names: [var declared], Values: [var value] }] } } => (declared, Syntax.AsChannelMake(file, value)),
            _ => (null, null),
        };
        if (name is null || make is null || info.ObjectOf(name) is not Var { IsPackageLevel: false } channel || Syntax.ContainingList(file, made) is not { } list)
            return;
        var rest = list.SkipWhile(s => !ReferenceEquals(s, made)).Skip(1).ToList();
        if (FirstMention(file, info, channel, rest) is not { } op)
            return;
        var isSend = op is SendStmt;
        if (isSend && !make.IsUnbuffered)
            return;
        var after = Mentions(info, channel, rest).FirstOrDefault(m => m.Pos >= op.End);
        var related = new List<(LintFile, Node, string)> { (file, make.Call, "made here") };
        if (after is not null)
            related.Add((file, after, "handed on only here, after the wait"));
        pass.Report(file, op,
            $"`{name.Name}` is {(isSend ? "sent on" : "received from")} before anything else can hold it (it is made on line {Pass.LineOf(file, make.Call)} and {(after is null ? "never handed on" : $"first handed on at line {Pass.LineOf(file, after)}")}): no other goroutine can {(isSend ? "receive" : "send")} yet, so this {(isSend ? "send" : "receive")} blocks forever and the goroutine leaks",
            isSend ? "hand the channel over (start its receiver, return it) before sending, or give it a buffer for this value (make(chan T, 1))"
                : "start the goroutine that sends before receiving, or return the channel and let the caller wait",
            related);
    }

    // The channel operation that mentions the channel first when the statements run in order, or null when the first
    // mention is anything else (a `go`, a call, a return) or cannot be told first (inside a loop, a select, a closure).
    private static Node? FirstMention(LintFile file, TypeInfo info, Var channel, IReadOnlyList<Stmt> statements)
    {
        foreach (var stmt in statements)
        {
            var mentions = Mentions(info, channel, [stmt]);
            if (mentions.Count == 0)
                continue;
            return stmt switch
            {
                BlockStmt block => FirstMention(file, info, channel, block.List),
                LabeledStmt { Stmt: var inner } => FirstMention(file, info, channel, [inner]),
                IfStmt branch when Mentions(info, channel, [.. OrNone(branch.Init)]).Count == 0 && !Mentions(branch.Cond, info, channel) =>
                    Syntax.Within(mentions[0], branch.Body) ? FirstMention(file, info, channel, branch.Body.List)
                    : branch.Else is { } otherwise ? FirstMention(file, info, channel, [otherwise]) : null,
                _ when mentions.Count == 1 => OperationOn(file, mentions[0], stmt),
                _ => null,
            };
        }
        return null;
    }

    private static IEnumerable<Stmt> OrNone(Stmt? stmt) => stmt is null ? [] : [stmt];

    // The statement itself when it is a plain send on the mention or a receive from it outside any closure.
    private static Node? OperationOn(LintFile file, Ident mention, Stmt stmt)
    {
        Node operand = mention;
        var up = file.Index.Parent(operand);
        while (up is ParenExpr)
        {
            operand = up;
            up = file.Index.Parent(up);
        }
        if (file.Index.Ancestors(mention).TakeWhile(a => !ReferenceEquals(a, stmt)).Any(a => a is FuncLit))
            return null;
        return up switch
        {
            SendStmt send when ReferenceEquals(send, stmt) && ReferenceEquals(send.Chan, operand) => send,
            UnaryExpr { Op: Token.Arrow } receive when ReferenceEquals(receive.X, operand) && stmt is ExprStmt or AssignStmt or ReturnStmt or DeclStmt => receive,
            _ => null,
        };
    }

    private static List<Ident> Mentions(TypeInfo info, Var channel, IEnumerable<Node> nodes)
    {
        var found = new List<Ident>();
        foreach (var node in nodes)
            Walker.Inspect(node, n =>
            {
                if (n is Ident id && ReferenceEquals(info.ObjectOf(id), channel))
                    found.Add(id);
                return true;
            });
        return found;
    }

    private static bool Mentions(Expr? expr, TypeInfo info, Var channel) => expr is not null && Mentions(info, channel, [expr]).Count > 0;

    // A receive in the function's own body from a channel whose only closes are the function's own deferred ones, and
    // which nothing sends on and nothing outside the package can reach: the defer runs only after the function returns.
    private static void CheckOwnDeferredClose(Pass pass, ChannelIndex index, LintFile file, Node function)
    {
        if (Syntax.BodyOf(function) is not { } body)
            return;
        foreach (var deferred in Syntax.BodyNodes<DeferStmt>(body))
        {
            var closed = deferred.Call is { Fun: var fun, Args: [var arg] } && Syntax.Unparen(fun) is Ident { Name: "close" } closeName && index.Info.ObjectOf(closeName) is Builtin ? arg : null;
            if (closed is null || index.Of(closed) is not { Escape: null } channel || channel.OpsOf(ChannelOpKind.Send).Any()
                || !channel.OpsOf(ChannelOpKind.Close).All(c => ReferenceEquals(c.Function, function) && file.Index.Ancestors(c.Node).Contains(deferred)))
                continue;
            var wait = channel.Ops.Where(o => o.IsReceiving && ReferenceEquals(o.Function, function) && o.Node.Pos > deferred.End && (o.Select is null || o.Select.Body.List.Count == 1))
                .OrderBy(o => o.Node.Pos).FirstOrDefault();
            if (wait is null)
                continue;
            var what = file.SourceOf(wait.Operand);
            pass.Report(file, wait.Node,
                $"`{what}` is closed only by this function's own `defer close` (line {Pass.LineOf(file, deferred)}), which runs after it returns, and nothing sends on it: this {(wait.Kind == ChannelOpKind.Range ? "range" : "receive")} waits forever and the goroutine leaks",
                "close the channel (or send on it) before waiting, or wait on a channel another goroutine closes",
                [(file, deferred, "the only close, deferred to the return")]);
        }
    }

    // A function of the package that makes an unbuffered channel, starts a goroutine that sends on it, and returns it:
    // the caller is the only one left who can receive. The result's position, the send, and the function's file.
    private sealed record ReturnedToSender(int Result, SendStmt Send, ReturnStmt Return, LintFile File);

    // A call whose result holding such a channel is dropped (a call statement, or `_` in its place): nobody can ever
    // receive, so the goroutine's send blocks forever.
    private static void CheckDroppedResult(Pass pass, TypeInfo info, Dictionary<FuncDecl, ReturnedToSender?> known, LintFile file, Node stmt, CallExpr call, IReadOnlyList<Expr>? lhs)
    {
        if (info.Callee(call)?.Decl is not { Body: not null } callee)
            return;
        if (!known.TryGetValue(callee, out var returned))
            known[callee] = returned = pass.Files.FirstOrDefault(f => f.Index.Parent(callee) is not null) is { } calleeFile ? SenderItReturns(calleeFile, info, callee) : null;
        if (returned is null || lhs is not null && !(lhs.Count > returned.Result && Syntax.Unparen(lhs[returned.Result]) is Ident { Name: "_" }))
            return;
        var name = returned.File.SourceOf(returned.Send.Chan);
        pass.Report(file, stmt,
            $"`{callee.Name.Name}` returns `{name}` for its caller to receive from, and its goroutine sends on it ({Path.GetFileName(returned.File.Path)}:{Pass.LineOf(returned.File, returned.Send)}); this call drops it, so nobody can ever receive: that send blocks forever and the goroutine leaks",
            $"receive from the channel `{callee.Name.Name}` returns (or drain it in a goroutine), or give it a buffer in `{callee.Name.Name}`",
            [(returned.File, returned.Send, "the send nobody can receive"), (returned.File, returned.Return, "the channel is handed only to the caller here")]);
    }

    // The channel is a local made unbuffered in the function's body; its only uses outside the goroutine literal are the
    // returns (each return after the `go` returns it, at one result position), and inside the literal it is only sent on
    // or closed, by a plain send or a select with no other case.
    private static ReturnedToSender? SenderItReturns(LintFile file, TypeInfo info, FuncDecl function)
    {
        foreach (var go in Syntax.BodyNodes<GoStmt>(function.Body!))
        {
            if (go.Call is not { Fun: FuncLit sender, Args.Count: 0 } || !ReferenceEquals(file.Index.EnclosingFunction(go), function))
                continue;
            foreach (var send in Syntax.BodyNodes<SendStmt>(sender.Body))
            {
                if (Syntax.Unparen(send.Chan) is not Ident channel || file.Index.Declaration(channel) is not { } declaration
                    || !ReferenceEquals(file.Index.EnclosingFunction(declaration), function) || Syntax.ChannelMadeFor(file, declaration) is not { IsUnbuffered: true }
                    || file.Index.Parent(send) is CommClause { } clause && file.Index.Parent(file.Index.Parent(clause)!) is SelectStmt { Body.List.Count: > 1 })
                    continue;
                var returns = Syntax.BodyNodes<ReturnStmt>(function.Body!).Where(r => r.Pos > go.End && ReferenceEquals(file.Index.EnclosingFunction(r), function)).ToList();
                bool IsChannel(Expr e) => Syntax.Unparen(e) is Ident id && ReferenceEquals(file.Index.Declaration(id), declaration);
                var position = returns.Count == 0 ? -1 : returns[0].Results.Select((r, i) => IsChannel(r) ? i : -1).FirstOrDefault(i => i >= 0, -1);
                if (position < 0 || returns.Any(r => r.Results.Count <= position || !IsChannel(r.Results[position])))
                    continue;
                if (file.UsesOf(declaration).All(use => OnlySendsOrReturns(file, use, sender, returns, position)))
                    return new ReturnedToSender(position, send, returns[0], file);
            }
        }
        return null;
    }

    private static bool OnlySendsOrReturns(LintFile file, Ident use, FuncLit sender, List<ReturnStmt> returns, int position)
    {
        var parent = file.Index.Parent(use);
        if (Syntax.Within(use, sender))
            return parent is SendStmt send && ReferenceEquals(send.Chan, use) || parent is CallExpr call && Syntax.IsBuiltinCall(file, call, "close");
        return parent is ReturnStmt ret && returns.Contains(ret) && ReferenceEquals(ret.Results[position], use);
    }
}
