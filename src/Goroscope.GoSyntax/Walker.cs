namespace Goroscope.GoSyntax;

/// <summary>Receives each node of a depth-first walk on the way down and on the way back up.</summary>
public abstract class Visitor
{
    /// <summary>Returns false to skip the node's children (and its <see cref="Leave"/>).</summary>
    public virtual bool Enter(Node node) => true;

    public virtual void Leave(Node node)
    {
    }
}

public static class Walker
{
    /// <summary>Depth-first, source-order walk (like go/ast.Walk).</summary>
    public static void Walk(Visitor visitor, Node root)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentNullException.ThrowIfNull(root);
        // One delegate for the whole walk: a local function passed as Action<Node> would allocate one per node.
        Action<Node>? visit = null;
        visit = node =>
        {
            if (!visitor.Enter(node))
            {
                return;
            }
            node.VisitChildren(visit!);
            visitor.Leave(node);
        };
        visit(root);
    }

    /// <summary>Calls <paramref name="enter"/> for each node, depth-first; children are skipped when it returns false (like go/ast.Inspect).</summary>
    public static void Inspect(Node root, Func<Node, bool> enter)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(enter);
        // One delegate for the whole walk: a local function passed as Action<Node> would allocate one per node.
        Action<Node>? visit = null;
        visit = node =>
        {
            if (enter(node))
            {
                node.VisitChildren(visit!);
            }
        };
        visit(root);
    }

    /// <summary>Every node under <paramref name="root"/> (itself included), in walk order.</summary>
    public static IEnumerable<Node> Descendants(Node root)
    {
        var nodes = new List<Node>();
        Inspect(root, n =>
        {
            nodes.Add(n);
            return true;
        });
        return nodes;
    }
}
