using Goroscope.GoSyntax;

namespace Goroscope.Lint;

/// <summary>
/// Code of package main that runs at most once in the process: what it starts or leaves running lives exactly as long
/// as the process, so the rules that report what outlives its owner leave it alone.
/// </summary>
internal static class ProcessLifetime
{
    /// <summary>
    /// Whether the node runs at most once: it is in `main`, or in a function whose only mention in the package is one call
    /// from `main` — with no loop on the way, and no function literal unless it is called in place (`go func(){…}()`).
    /// </summary>
    public static bool RunsOnce(Pass pass, LintFile file, Node node)
    {
        if (pass.Package.Name != "main" || OnceIn(file, node) is not { Recv: null } function)
            return false;
        if (function.Name.Name == "main")
            return true;
        // Every mention counts (a call, a go, a function value): only one, a call made once by main, will do.
        var mentions = pass.Files.SelectMany(f => Walker.Descendants(f.Syntax).OfType<Ident>()
            .Where(id => id.Name == function.Name.Name && !ReferenceEquals(id, function.Name)).Select(id => (File: f, Ident: id))).ToList();
        return mentions is [var only] && only.File.Index.Parent(only.Ident) is CallExpr call && ReferenceEquals(Syntax.Unparen(call.Fun), only.Ident)
            && OnceIn(only.File, call) is { Recv: null, Name.Name: "main" };
    }

    // The declared function that runs the node once each time it runs; null when a loop or a literal used as a value lies between.
    private static FuncDecl? OnceIn(LintFile file, Node node)
    {
        foreach (var ancestor in file.Index.Ancestors(node))
        {
            switch (ancestor)
            {
                case ForStmt or RangeStmt:
                    return null;
                case FuncLit literal when !(file.Index.Parent(literal) is CallExpr call && ReferenceEquals(Syntax.Unparen(call.Fun), literal)):
                    return null;
                case FuncDecl declared:
                    return declared;
            }
        }
        return null;
    }
}
