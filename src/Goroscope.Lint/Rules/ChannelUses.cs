using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>
/// How a channel made in a function is used outside the one goroutine that sends on it: its
/// receives, and whether it escapes (passed on, stored, returned, or touched by another closure),
/// in which case nothing can be said about its receivers and the rules stay silent.
/// </summary>
internal sealed record ChannelUses(Ident Declaration, ChannelMake Make, IReadOnlyList<Ident> Receives, bool Escapes)
{
    /// <summary>
    /// The uses of the channel <paramref name="channel"/> (an identifier in the sender's body) when
    /// it was made by `make` as a local of the function whose `go` statement starts <paramref name="sender"/>; otherwise null.
    /// </summary>
    public static ChannelUses? Of(LintFile file, Ident channel, FuncLit sender)
    {
        if (file.Index.Declaration(channel) is not { } decl || Syntax.Within(decl, sender))
            return null;
        if (file.Index.EnclosingFunction(decl) is not { } outer || !ReferenceEquals(file.Index.EnclosingFunction(sender), outer))
            return null; // only goroutines started by the function that made the channel: nested spawns are beyond this count
        if (Syntax.ChannelMadeFor(file, decl) is not { } make)
            return null;
        var receives = new List<Ident>();
        var escapes = false;
        foreach (var use in file.UsesOf(decl))
        {
            if (Syntax.Within(use, sender))
            {
                if (file.Index.Parent(use) is UnaryExpr { Op: Token.Arrow } or RangeStmt)
                    escapes = true; // the senders receive too: they pass values among themselves
                continue;
            }
            if (file.Index.EnclosingFunction(use) is var fn && !ReferenceEquals(fn, outer))
            {
                escapes = true; // another closure uses it: it may receive in a loop we cannot see
                continue;
            }
            var parent = file.Index.Parent(use);
            switch (parent)
            {
                case UnaryExpr { Op: Token.Arrow }:
                    receives.Add(use);
                    break;
                case RangeStmt range when ReferenceEquals(range.X, use):
                    escapes = true; // ranged over: receives until closed
                    break;
                case CallExpr call when Syntax.IsBuiltinCall(file, call, "len") || Syntax.IsBuiltinCall(file, call, "cap"):
                    break;
                case SendStmt send when ReferenceEquals(send.Chan, use):
                    escapes = true; // the function sends too: the count of sends is not the goroutine's alone
                    break;
                case AssignStmt assign when assign.Lhs.Any(l => ReferenceEquals(l, use)):
                    escapes = true;
                    break;
                case BinaryExpr:
                    break; // compared with nil
                default:
                    escapes = true;
                    break;
            }
        }
        return new ChannelUses(decl, make, receives, escapes);
    }

    /// <summary>The select statement a receive is a case of, or null when it is a plain receive.</summary>
    public static SelectStmt? SelectOf(LintFile file, Expr receive)
    {
        var arrow = file.Index.Parent(receive)!;
        var comm = file.Index.Parent(arrow);
        if (comm is not (ExprStmt or AssignStmt) || file.Index.Parent(comm) is not CommClause clause || !ReferenceEquals(clause.Comm, comm))
            return null;
        return file.Index.Parent(clause) is BlockStmt block ? file.Index.Parent(block) as SelectStmt : null;
    }

    /// <summary>Direct sends on the channel in the goroutine body, outside select statements and nested closures.</summary>
    public static List<SendStmt> SendsIn(LintFile file, FuncLit sender, Ident decl) =>
        Syntax.BodyNodes<SendStmt>(sender.Body)
            .Where(s => Syntax.Unparen(s.Chan) is Ident id && ReferenceEquals(file.Index.Declaration(id), decl))
            .Where(s => file.Index.Parent(s) is not CommClause)
            .ToList();
}
