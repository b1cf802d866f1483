using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>`select {}` anywhere but in main.main.</summary>
internal static class SelectForever
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "select-forever",
        Title = "select {} outside main",
        Doc = "An empty select blocks forever. In main it keeps a server process alive on purpose; anywhere else it pins the goroutine — and everything it references — for the life of the process, with no way to stop it. Reported when it is a statement of a function body itself; an empty select inside an if or a case is taken as a deliberate halt on a fatal path.",
        EnabledByDefault = false, // `select {}` is always deliberate; whether it leaks depends on how often it is reached, which it cannot see: docs/rules/select-forever.md
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var file in pass.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is SelectStmt { Body.List.Count: 0 } select && IsWholeRemainder(file, select) && !InMain(pass, file, select))
                {
                    pass.Report(file, select,
                        "`select {}` blocks this goroutine forever: outside main nothing can ever wake or stop it",
                        "return instead, or wait on something that ends: <-ctx.Done(), a quit channel, or signal.NotifyContext in main");
                }
                return true;
            });
        }
    }

    // `select {}` as a statement of the function body itself; one inside an if or case is a deliberate halt on a fatal path (the process is about to exit).
    private static bool IsWholeRemainder(LintFile file, SelectStmt select) =>
        file.Index.Parent(select) is BlockStmt block && file.Index.Parent(block) is FuncDecl or FuncLit;

    private static bool InMain(Pass pass, LintFile file, Node node) =>
        pass.Package.Name == "main" && file.Index.EnclosingFunction(node) is FuncDecl { Recv: null, Name.Name: "main" };
}
