using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>
/// A buffered channel used as a counting semaphore (`sem &lt;- struct{}{}` acquires a slot, `&lt;-sem` gives it back):
/// an early return, `continue` or `break` that leaves the slot taken while the function's other paths give it back,
/// and a second acquire, with a buffer of one, while the same function still holds the slot.
/// </summary>
internal static class SemaphoreNotReleased
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "semaphore-not-released",
        Title = "an early exit keeps a channel semaphore's slot",
        Doc = "A buffered channel is used as a semaphore: a send takes a slot, a receive that drops its value gives it back. An early return, `continue` or `break` between the two keeps the slot for good, so once as many exits as the buffer holds have happened every acquire blocks forever; with a buffer of one, acquiring again before giving the slot back blocks at once. Give the slot back on that path too, or `defer func() { <-sem }()` right after the acquire.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (pass.Facts.Channels is not { } index)
            return;
        var graph = pass.Facts.LockSummaries?.Graph;
        foreach (var channel in index.Channels.Where(IsSemaphore))
        {
            var releasers = new HashSet<Node>(channel.OpsOf(ChannelOpKind.Receive).Select(r => r.Function), ReferenceEqualityComparer.Instance);
            foreach (var acquires in channel.OpsOf(ChannelOpKind.Send).Where(s => s.Select is null).GroupBy(s => s.Function))
            {
                var function = acquires.Key;
                var file = acquires.First().File;
                if (Releases(file, graph, channel, function, releasers) is not { } releases)
                    continue;
                foreach (var acquire in acquires)
                {
                    if (!releases.Any(r => StatementOrder.Reaches(file, acquire.Node, r, function)))
                        continue; // given back elsewhere: a hand-off the function does not finish
                    ReportExits(pass, channel, file, function, acquire, releases);
                    ReportSecondAcquire(pass, channel, file, function, acquire, acquires, releases);
                }
            }
        }
    }

    // Buffered, with sends and receives, and every receive drops its value: a slot given back, not a message read.
    private static bool IsSemaphore(Channel channel) =>
        channel.Capacity.Kind == ChannelCapacity.Kinds.Buffered && channel.OpsOf(ChannelOpKind.Send).Any() && channel.OpsOf(ChannelOpKind.Receive).Any()
        && !channel.OpsOf(ChannelOpKind.Range).Any()
        && channel.OpsOf(ChannelOpKind.Receive).All(r => r.File.Index.Parent(r.Node) is ExprStmt);

    // The statements of the function that give a slot back: its own receives, a `go` of a literal that receives, a call
    // of a function that receives. Null when a deferred call gives it back (every exit does then).
    private static List<Stmt>? Releases(LintFile file, CallGraph? graph, Channel channel, Node function, HashSet<Node> releasers)
    {
        var body = Syntax.BodyOf(function)!;
        var releases = new List<Stmt>();
        foreach (var op in channel.OpsOf(ChannelOpKind.Receive).Where(r => ReferenceEquals(r.File, file) && Syntax.Within(r.Node, body)))
        {
            if (ReferenceEquals(op.Function, function))
            {
                releases.Add(StatementOrder.StatementOf(file, op.Node));
                continue;
            }
            var literal = file.Index.Ancestors(op.Node).TakeWhile(n => !ReferenceEquals(n, function)).OfType<FuncLit>().Last();
            var outer = StatementOrder.StatementOf(file, literal);
            if (outer is DeferStmt)
                return null;
            releases.Add(outer);
        }
        foreach (var call in Syntax.BodyNodes<CallExpr>(body))
        {
            if (graph?.Targets(call).Any(t => releasers.Contains(t.Function)) != true)
                continue;
            var statement = StatementOrder.StatementOf(file, call);
            if (statement is DeferStmt)
                return null;
            releases.Add(statement);
        }
        return releases;
    }

    // Each return, `continue` or `break` some way from the acquire reaches, with no release on every way there.
    private static void ReportExits(Pass pass, Channel channel, LintFile file, Node function, ChannelOp acquire, List<Stmt> releases)
    {
        var body = Syntax.BodyOf(function)!;
        foreach (var exit in Syntax.BodyNodes<Stmt>(body).Where(s => s is ReturnStmt or BranchStmt { Tok: Token.Continue or Token.Break, Label: null }))
        {
            if (!StatementOrder.Reaches(file, acquire.Node, exit, function) || releases.Any(r => StatementOrder.ComesThrough(file, acquire.Node, r, exit, function)))
                continue;
            var what = exit switch
            {
                ReturnStmt => "this return",
                BranchStmt { Tok: Token.Continue } when file.Index.EnclosingLoop(exit) is { } loop && Syntax.Within(acquire.Node, loop) && releases.Any(r => r.Pos > exit.End && Syntax.Within(r, loop)) => "this `continue`",
                BranchStmt { Tok: Token.Break } when Loops.NearestBreakable(file, exit) is (ForStmt or RangeStmt) and Stmt loop && Syntax.Within(acquire.Node, loop) && releases.Any(r => r.Pos > exit.End && Syntax.Within(r, loop))
                    && !releases.Any(r => r.Pos > loop.End) => "this `break`",
                _ => null,
            };
            if (what is null)
                continue;
            var name = file.SourceOf(acquire.Operand);
            var release = releases.First(r => StatementOrder.Reaches(file, acquire.Node, r, function));
            pass.Report(file, exit,
                $"{what} keeps the slot of semaphore `{name}` ({channel.Capacity}) taken on line {Pass.LineOf(file, acquire.Node)}, which the function's other paths give back (line {Pass.LineOf(file, release)}): once the buffer's slots are kept, every acquire blocks forever",
                $"give the slot back on this path too (<-{name}), or defer func() {{ <-{name} }}() right after the acquire",
                [(file, acquire.Node, "slot taken here"), (file, release, "given back here on the other paths")]);
        }
    }

    // With a buffer of one, a second acquire some way from the first reaches with no release in between blocks at once.
    private static void ReportSecondAcquire(Pass pass, Channel channel, LintFile file, Node function, ChannelOp acquire, IEnumerable<ChannelOp> acquires, List<Stmt> releases)
    {
        if (channel.Capacity.Size != 1)
            return;
        foreach (var again in acquires.Where(a => a.Node.Pos > acquire.Node.End))
        {
            var statement = StatementOrder.StatementOf(file, again.Node);
            if (!StatementOrder.Reaches(file, acquire.Node, statement, function) || releases.Any(r => r.Pos > acquire.Node.End && r.Pos < again.Node.Pos))
                continue;
            var name = file.SourceOf(acquire.Operand);
            pass.Report(file, again.Node,
                $"acquires semaphore `{name}` (buffered 1) again while this function still holds the slot it took on line {Pass.LineOf(file, acquire.Node)}: the send blocks forever",
                $"give the slot back (<-{name}) before acquiring it again",
                [(file, acquire.Node, "slot taken here")]);
            return;
        }
    }
}
