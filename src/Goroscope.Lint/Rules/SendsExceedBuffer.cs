using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>
/// Goroutines started by one function send more values into a buffered channel it made than the buffer and the
/// receives the function makes on its way out can take: the senders beyond that block forever. Also: a loop that
/// sends on a buffered channel nothing receives from more times than it holds, and sends on a value just made beyond
/// its buffer before anything can receive.
/// </summary>
internal static class SendsExceedBuffer
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "sends-exceed-buffer",
        Title = "more sends than a channel's buffer and its receives can take",
        Doc = "A function makes a buffered channel (`make(chan error, 1)`), starts goroutines that each send on it, and receives fewer values than they send on some way out — it returns on an error or on `ctx.Done()` before its receives, or it reads once where three goroutines answer. The buffer holds N values; every send beyond N plus the receives made blocks forever. The same holds for a buffered channel (a field too) that nothing in the package receives from, sent on in a loop more times than it holds, and for a value just made whose channel is sent on beyond its buffer before any goroutine is started or the value handed on. Size the buffer for every sender, or receive once per send on every path.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    /// <summary>What the goroutines of one function do with a buffered channel it made, when nothing else touches it.</summary>
    private sealed record Traffic(List<(GoStmt Go, FuncLit Sender, List<SendStmt> Sends)> Senders, List<Ident> Receives);

    private static void Run(Pass pass)
    {
        var seen = new HashSet<Ident>(ReferenceEqualityComparer.Instance);
        foreach (var goroutine in pass.Facts.Goroutines)
        {
            if (goroutine.Function is not FuncLit sender)
                continue;
            var file = goroutine.SpawnFile;
            foreach (var send in Syntax.BodyNodes<SendStmt>(sender.Body))
            {
                if (Syntax.Unparen(send.Chan) is Ident channel && file.Index.Declaration(channel) is { } declaration && seen.Add(declaration))
                    Check(pass, file, declaration);
            }
        }
        if (pass.Types is { } info && pass.Facts.Channels is { } index)
        {
            foreach (var channel in index.Channels)
                CheckUnreceived(pass, info, channel);
            foreach (var file in pass.Files)
                foreach (var body in Walker.Descendants(file.Syntax).OfType<BlockStmt>().Where(b => file.Index.Parent(b) is FuncDecl or FuncLit))
                    CheckFreshValues(pass, info, index, file, body);
        }
    }

    // A value the function has just made (`c := newCompactor()`, `c := &compactor{…}`) is the function's alone until it
    // hands it on or starts a goroutine: nothing can receive from its channels yet. Sends on one of its buffered
    // channels in that stretch — the function's own, and those a method of the value makes on its receiver before
    // anything else — beyond the buffer block forever: the receiver that would drain them is never started.
    private static void CheckFreshValues(Pass pass, TypeInfo info, ChannelIndex index, LintFile file, BlockStmt body)
    {
        for (var i = 0; i < body.List.Count; i++)
        {
            if (body.List[i] is not AssignStmt { Lhs: [Ident fresh], Rhs: [var value] } || info.ObjectOf(fresh) is not Var variable || !IsFresh(pass, info, value))
                continue;
            var sent = new Dictionary<Channel, List<(LintFile File, Node Send)>>();
            foreach (var statement in body.List.Skip(i + 1))
            {
                var sends = new List<(LintFile File, SendStmt Send)>();
                if (statement is SendStmt own && Capacity.RootOf(own.Chan) is { } root && ReferenceEquals(info.ObjectOf(root), variable))
                    sends.Add((file, own));
                else if (statement is ExprStmt { X: CallExpr call } && Syntax.Unparen(call.Fun) is SelectorExpr { X: Ident owner } && ReferenceEquals(info.ObjectOf(owner), variable)
                    && info.Callee(call) is { Decl: { Body: not null } method } && method.Recv?.List is [{ Names: [var receiver] }]
                    && pass.Files.FirstOrDefault(f => Syntax.Within(method, f.Syntax) && f.Index.Parent(method) is not null) is { } methodFile)
                {
                    var leading = LeadingSends(info, methodFile, method.Body, info.ObjectOf(receiver));
                    sends.AddRange(leading.Sends.Select(s => (methodFile, s)));
                    if (Report(pass, index, sent, sends) || leading.Stopped)
                        break;
                    continue;
                }
                else if (Mentions(info, statement, variable) || Walker.Descendants(statement).Any(n => n is GoStmt or FuncLit))
                    break; // handed on, used, or a goroutine started: a receiver may run from here
                if (Report(pass, index, sent, sends))
                    break;
            }
        }
    }

    // The sends a method makes on its receiver's channels as its first statements, before anything else touches the
    // receiver or starts a goroutine; Stopped when it does so before its end.
    private static (List<SendStmt> Sends, bool Stopped) LeadingSends(TypeInfo info, LintFile file, BlockStmt body, GoObject? receiver)
    {
        var sends = new List<SendStmt>();
        foreach (var statement in body.List)
        {
            if (statement is SendStmt send && Capacity.RootOf(send.Chan) is { } root && info.ObjectOf(root) is { } named && ReferenceEquals(named, receiver))
                sends.Add(send);
            else if (receiver is null || receiver is Var v && Mentions(info, statement, v) || Walker.Descendants(statement).Any(n => n is GoStmt or FuncLit) || Syntax.IsTerminating(file, statement))
                return (sends, true);
        }
        return (sends, false);
    }

    // Counts the new sends per channel; reports the first that goes past its buffer. True when it reported.
    private static bool Report(Pass pass, ChannelIndex index, Dictionary<Channel, List<(LintFile File, Node Send)>> sent, List<(LintFile File, SendStmt Send)> sends)
    {
        foreach (var (file, send) in sends)
        {
            if (index.Of(send.Chan) is not { Capacity: { Kind: ChannelCapacity.Kinds.Buffered, Size: { } buffer } } channel)
                continue;
            if (!sent.TryGetValue(channel, out var earlier))
                sent[channel] = earlier = [];
            if (earlier.Count >= buffer)
            {
                var operand = file.SourceOf(send.Chan);
                var (madeFile, make) = channel.Makes[0];
                List<(LintFile, Node, string)> related = [(madeFile, make, $"made here with a buffer of {buffer}")];
                related.AddRange(earlier.Select(e => (e.File, e.Send, "an earlier send on the same value, before anything can receive")));
                pass.Report(file, send,
                    $"`{operand}` (buffered {buffer}) already holds {buffer} {(buffer == 1 ? "value" : "values")} sent since its value was made, and nothing can receive from it yet (no goroutine started, the value not handed on): this send blocks forever",
                    $"start the receiver before sending, or give `{operand}` a buffer for every send made before it starts",
                    related);
                return true;
            }
            earlier.Add((file, send));
        }
        return false;
    }

    // Whether a value is new and nobody else's yet: a composite literal (or its address), or a call of a function of the
    // package whose body starts no goroutine and calls nothing of the package.
    private static bool IsFresh(Pass pass, TypeInfo info, Expr value) => Syntax.Unparen(value) switch
    {
        CompositeLit => true,
        UnaryExpr { Op: Token.And, X: var inner } => Syntax.Unparen(inner) is CompositeLit,
        CallExpr call => info.Callee(call) is { Decl: { Body: { } body } } callee && ReferenceEquals(callee.Package, info.Package)
            && !Walker.Descendants(body).Any(n => n is GoStmt or FuncLit || n is CallExpr inner && info.Callee(inner) is { } f && ReferenceEquals(f.Package, info.Package)
                || n is AssignStmt assign && assign.Lhs.Any(l => Capacity.RootOf(l) is { } root && info.ObjectOf(root) is Var { IsPackageLevel: true })),
        _ => false,
    };

    private static bool Mentions(TypeInfo info, Node statement, Var variable) =>
        Walker.Descendants(statement).OfType<Ident>().Any(id => ReferenceEquals(info.ObjectOf(id), variable));

    // A buffered channel nothing in the package receives from — no receive, range or select case anywhere, and not
    // handed to code outside — takes as many sends as its buffer holds. A send that can run more times than that on
    // the same channel value (in a loop of its own, a goroutine started in one, or a method called in one on one
    // receiver) blocks forever once the buffer is full.
    private static void CheckUnreceived(Pass pass, TypeInfo info, Channel channel)
    {
        if (channel.Escape is not null || channel.Capacity is not { Kind: ChannelCapacity.Kinds.Buffered, Size: { } buffer } || channel.Ops.Any(o => o.IsReceiving))
            return;
        var sends = channel.OpsOf(ChannelOpKind.Send)
            .Where(o => (o.Select is null || o.Select.Body.List is [CommClause { Comm: not null }]) && !MeasuresItsFill(o))
            .OrderBy(o => o.File.Path, StringComparer.Ordinal).ThenBy(o => o.Node.Pos);
        foreach (var send in sends)
        {
            if (Capacity.RepeatOf(pass.Files, info, send, buffer) is not { } repeat)
                continue;
            var (made, make) = channel.Makes[0];
            var operand = send.File.SourceOf(send.Operand);
            pass.Report(send.File, send.Node,
                $"`{operand}` (buffered {buffer}) is sent on here {repeat.How}, but nothing in the package receives from it and it is not handed to code outside: once its buffer holds {buffer} {(buffer == 1 ? "value" : "values")}, this send blocks forever",
                $"receive from `{operand}` where its values are meant to go, or send in a `select` with a `default` that drops the value",
                [(made, make, $"made here with a buffer of {buffer}"), (repeat.File, repeat.At, repeat.Related)]);
        }
    }

    // A sender that looks at how full the channel is (`len(ch)`, `cap(ch)`) in the function around the send.
    private static bool MeasuresItsFill(ChannelOp send)
    {
        var operand = send.File.SourceOf(send.Operand);
        var outer = send.File.Index.Ancestors(send.Node).OfType<FuncDecl>().FirstOrDefault() ?? send.Function;
        return Walker.Descendants(outer).OfType<CallExpr>().Any(c => c.Args.Count == 1 && (Syntax.IsBuiltinCall(send.File, c, "len") || Syntax.IsBuiltinCall(send.File, c, "cap"))
            && send.File.SourceOf(c.Args[0]) == operand);
    }

    private static void Check(Pass pass, LintFile file, Ident declaration)
    {
        if (Syntax.ChannelMadeFor(file, declaration) is not { } make || Capacity.BufferOf(file, pass.Types, make) is not { } buffer
            || file.Index.EnclosingFunction(declaration) is not { } function || TrafficOf(file, declaration, function) is not { } traffic)
            return;
        var sends = new Count(0);
        foreach (var (go, _, goroutineSends) in traffic.Senders)
        {
            if (Capacity.RunsPerCall(file, pass.Types, go, function) is not { } starts || !sends.Combines(starts))
                return; // goroutines started a number of times the code does not write down
            sends += starts * goroutineSends.Count(s => Capacity.RunsOnEveryPath(file, s, EnclosingLiteral(file, s)) && !LeavesBefore(file, s));
        }
        if (traffic.Receives.Any(r => file.Index.EnclosingLoop(r) is { } loop && Syntax.Within(loop, function)))
            return; // a receive loop drains an unknown number
        // The way out with the fewest receives: each return (or t.Fatal) after the last `go`, and the end of the body.
        var lastGo = traffic.Senders.Max(s => s.Go.End);
        var body = Syntax.BodyOf(function)!;
        var exits = Syntax.BodyNodes<Stmt>(body).Where(s => s.Pos > lastGo && IsExit(file, s)).Select(s => (Exit: (Stmt?)s, Received: traffic.Receives.Count(r => ReceivedBefore(file, r, s))));
        if (body.List.Count == 0 || !Syntax.IsTerminating(file, body.List[^1]))
            exits = exits.Append((null, traffic.Receives.Count(r => ReceivesOnEveryPath(file, r, function))));
        if (exits.ToList() is not { Count: > 0 } ways)
            return;
        var (exit, received) = ways.MinBy(e => e.Received);
        if (!sends.Combines(buffer) || !(sends - buffer - new Count(received)).AlwaysPositive)
            return;
        var (lastStart, _, lastSends) = traffic.Senders.Where(s => s.Sends.Count > 0).MaxBy(s => s.Go.Pos);
        var blocked = lastSends[^1];
        var name = declaration.Name;
        var wayOut = exit is null || received == traffic.Receives.Count
            ? received == 0 ? "nothing receives from it" : $"the function receives {Times(received)}"
            : $"the function can leave at line {Pass.LineOf(file, exit)} having received {Times(received)}";
        var blocking = sends - buffer - new Count(received);
        var starter = function is FuncDecl named ? $"`{named.Name.Name}`" : "the function literal";
        List<(LintFile, Node, string)> related = [(file, make.Call, $"`{name}` made with a buffer of {buffer}")];
        related.AddRange(traffic.Senders.Where(s => !ReferenceEquals(s.Go, lastStart)).Select(s => (file, (Node)s.Go, "another goroutine that sends on it")));
        if (exit is not null && received < traffic.Receives.Count)
            related.Add((file, exit, $"leaves having received {Times(received)}"));
        pass.Report(file, blocked,
            $"the goroutines {starter} starts send {sends} values on `{name}`, whose buffer holds {buffer}, and {wayOut}: {blocking} {(blocking is { Constant: 1, PerLength: 0 } ? "sender blocks" : "senders block")} forever",
            $"give `{name}` a buffer for every send (make(chan T, {sends})), or receive once per send on every way out",
            related);
    }

    // Every use of the channel: sends in goroutine literals the function starts, receives in the function itself, and
    // `len`, `cap` or a nil comparison anywhere; null when it is used any other way (passed on, stored, sent on or
    // ranged over by the function, received by a goroutine, touched by another closure).
    private static Traffic? TrafficOf(LintFile file, Ident declaration, Node function)
    {
        var senders = new Dictionary<FuncLit, (GoStmt Go, List<SendStmt> Sends)>(ReferenceEqualityComparer.Instance);
        var receives = new List<Ident>();
        foreach (var use in file.UsesOf(declaration))
        {
            var parent = file.Index.Parent(use);
            if (parent is CallExpr call && (Syntax.IsBuiltinCall(file, call, "len") || Syntax.IsBuiltinCall(file, call, "cap")) || parent is BinaryExpr)
                continue;
            var owner = file.Index.EnclosingFunction(use);
            if (ReferenceEquals(owner, function))
            {
                if (parent is not UnaryExpr { Op: Token.Arrow })
                    return null;
                receives.Add(use);
                continue;
            }
            if (owner is not FuncLit literal || StartedBy(file, literal) is not { } go || !ReferenceEquals(file.Index.EnclosingFunction(go), function)
                || parent is not SendStmt send || !ReferenceEquals(Syntax.Unparen(send.Chan), use))
                return null;
            if (!senders.TryGetValue(literal, out var entry))
                senders[literal] = entry = (go, []);
            entry.Sends.Add(send);
        }
        return senders.Count == 0 ? null : new Traffic([.. senders.Select(s => (s.Value.Go, s.Key, s.Value.Sends))], receives);
    }

    private static GoStmt? StartedBy(LintFile file, FuncLit literal) =>
        file.Index.Parent(literal) is CallExpr call && ReferenceEquals(call.Fun, literal) ? file.Index.Parent(call) as GoStmt : null;

    private static Node EnclosingLiteral(LintFile file, Node node) => file.Index.EnclosingFunction(node)!;

    // A return, `goto` or a call that does not come back (panic, t.Fatal) before the send, in the goroutine: it may skip it.
    private static bool LeavesBefore(LintFile file, SendStmt send) =>
        Syntax.BodyNodes<Stmt>(Syntax.BodyOf(EnclosingLiteral(file, send))!)
            .Any(s => s.Pos < send.Pos && (s is ReturnStmt or BranchStmt { Tok: Token.Goto } || s is ExprStmt && Syntax.IsTerminating(file, s)));

    // A way out of the function that leaves its goroutines running: a return, or a test's t.Fatal or t.Skip (not a
    // panic, os.Exit or log.Fatal, which end the program or the goroutine's caller for good).
    private static bool IsExit(LintFile file, Stmt stmt) => stmt switch
    {
        ReturnStmt => true,
        ExprStmt { X: CallExpr call } => call.Fun is SelectorExpr { Sel.Name: "Fatal" or "Fatalf" or "FailNow" or "Skip" or "Skipf" or "SkipNow" }
            && !Syntax.IsCallTo(file, call, "log", "Fatal", "Fatalf"),
        _ => false,
    };

    // A receive the function makes on every way through it: not under an `if` body, a `switch` case or a loop, and
    // not in a `select` that another case can leave by going on (a one-case `select` waits just like the bare receive;
    // a `select` whose other cases all return or t.Fatal goes on only through the receive).
    private static bool ReceivesOnEveryPath(LintFile file, Ident receive, Node function) =>
        StatementOf(file, receive) is { } statement && Capacity.RunsOnEveryPath(file, statement, function);

    // Whether every way to `exit` comes through the receive first: the exit's own statement receives (`return <-errc`),
    // the receive comes earlier in a statement list that holds the exit, or the exit is in the receive's `select` case.
    private static bool ReceivedBefore(LintFile file, Ident receive, Stmt exit)
    {
        if (ChannelUses.SelectOf(file, receive) is { } select && select.Body.List.Count > 1)
        {
            var clause = file.Index.Ancestors(receive).OfType<CommClause>().First();
            if (Syntax.Within(exit, clause))
                return true;
            return !Syntax.Within(exit, select) && StatementOf(file, receive) is { } only && StatementOrder.Precedes(file, only, exit);
        }
        return StatementOf(file, receive) is { } statement && StatementOrder.Precedes(file, statement, exit);
    }

    // The statement every way past which made the receive: its own statement, or the `select` around it when that has
    // one case or its other cases all leave; null for a receive in a `select` that can go on without it.
    private static Stmt? StatementOf(LintFile file, Ident receive)
    {
        if (ChannelUses.SelectOf(file, receive) is not { } select)
            return StatementOrder.StatementOf(file, receive);
        var clause = file.Index.Ancestors(receive).OfType<CommClause>().First();
        return select.Body.List.OfType<CommClause>().All(c => ReferenceEquals(c, clause) || c.Body.Count > 0 && Syntax.IsTerminating(file, c.Body[^1])) ? select : null;
    }

    private static string Times(int count) => count switch
    {
        0 => "nothing",
        1 => "once",
        2 => "twice",
        _ => $"{count} times",
    };
}
