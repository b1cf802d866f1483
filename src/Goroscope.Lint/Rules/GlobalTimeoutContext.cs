using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>A context with a timeout or deadline held in a package-level variable.</summary>
internal static class GlobalTimeoutContext
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "global-timeout-context",
        Title = "context.WithTimeout/WithDeadline in a package-level variable",
        Doc = "A package-level context made with WithTimeout or WithDeadline is created once, when the program starts. Its deadline passes once; after that every request that uses it is cancelled at once — or, used as a parent, it never times out anything again. Its timer and cancel func live for the whole process.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "context")))
        {
            foreach (var decl in file.Syntax.Decls.OfType<GenDecl>().Where(d => d.Tok == Token.Var))
            {
                foreach (var spec in decl.Specs.OfType<ValueSpec>())
                {
                    foreach (var value in spec.Values)
                    {
                        if (Syntax.Unparen(value) is CallExpr call && Syntax.IsCallTo(file, call, "context", "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause"))
                        {
                            pass.Report(file, call,
                                $"a package-level {file.SourceOf(call.Fun)} is made once at start-up and shared by every caller: its deadline expires once, after which it cancels everything that uses it, and its cancel func is never called",
                                "make the context per request or operation inside the function: ctx, cancel := context.WithTimeout(parent, d); defer cancel()");
                        }
                    }
                }
            }
        }
    }
}
