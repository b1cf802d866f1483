using Goroscope.GoSyntax;

namespace Goroscope.Lint.Flow;

/// <summary>
/// The order of statements within one function body, read from the syntax alone: which statement every way to another
/// comes through, and which statement some way from another reaches. Loops' back edges and `goto` are not followed.
/// </summary>
internal static class StatementOrder
{
    /// <summary>The statement that runs <paramref name="node"/>: the node itself when it is one, else its innermost statement.</summary>
    public static Stmt StatementOf(LintFile file, Node node) => node as Stmt ?? file.Index.Ancestors(node).OfType<Stmt>().First();

    /// <summary>
    /// Whether every way to <paramref name="later"/> comes through <paramref name="earlier"/> (a statement) first: the
    /// later statement is inside it (`return &lt;-errc`), or comes after it in a statement list that holds both, going
    /// up through plain blocks, labels and the header of an `if` (the body of an `if`, a case or a loop runs only sometimes).
    /// </summary>
    public static bool Precedes(LintFile file, Stmt earlier, Stmt later)
    {
        if (earlier.Pos > later.End)
            return false;
        Node? at = earlier;
        while (at is not null)
        {
            if (Syntax.Within(later, at))
                return true;
            var parent = file.Index.Parent(at);
            if (at is not (CommClause or CaseClause) && parent is BlockStmt or CaseClause or CommClause && Syntax.Within(later, parent) && later.Pos > at.End)
                return true;
            at = parent switch
            {
                BlockStmt block when file.Index.Parent(block) is BlockStmt or LabeledStmt => block,
                LabeledStmt labeled => labeled,
                IfStmt branch when ReferenceEquals(branch.Init, at) => branch,
                _ => null,
            };
        }
        return false;
    }

    /// <summary>
    /// Whether some way from <paramref name="from"/> reaches <paramref name="to"/> in the same body: `to` lies in a
    /// statement after one of `from`'s enclosing statements, in the list that holds that statement, and no statement
    /// between them leaves that list (a return, a `break`, `continue` or `goto`, a panic or t.Fatal).
    /// </summary>
    public static bool Reaches(LintFile file, Node from, Stmt to, Node function)
    {
        if (!ReferenceEquals(file.Index.EnclosingFunction(to), function) || to.Pos < from.End)
            return false;
        foreach (var (_, after) in ListsAround(file, from, function))
        {
            foreach (var next in after)
            {
                if (Syntax.Within(to, next))
                    return true;
                if (next is BranchStmt || Syntax.IsTerminating(file, next))
                    return false;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether every way from <paramref name="from"/> to <paramref name="to"/> comes through <paramref name="via"/>:
    /// every way to `to` does (<see cref="Precedes"/>), or `via` follows one of `from`'s enclosing statements in the
    /// list that holds it and `to` comes after `via` (leaving that list before `via` is an exit of its own).
    /// </summary>
    public static bool ComesThrough(LintFile file, Node from, Stmt via, Stmt to, Node function)
    {
        if (via.Pos < from.End)
            return false;
        if (Precedes(file, via, to))
            return true;
        return to.Pos > via.End && ListsAround(file, from, function).Any(level => level.After.Any(s => ReferenceEquals(s, via)));
    }

    // From the statement of `node` up to the function's body: each enclosing statement and the statements after it in
    // the list that holds it.
    private static IEnumerable<(Stmt At, IEnumerable<Stmt> After)> ListsAround(LintFile file, Node node, Node function)
    {
        for (Stmt? at = StatementOf(file, node); at is not null; at = file.Index.Ancestors(at).TakeWhile(n => !ReferenceEquals(n, function) && n is not FuncLit).OfType<Stmt>().FirstOrDefault())
        {
            if (Syntax.ContainingList(file, at) is { } list)
                yield return (at, list.SkipWhile(s => !ReferenceEquals(s, at)).Skip(1));
        }
    }
}
