using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>time.Tick outside main and init (staticcheck SA1015).</summary>
internal static class TimeTick
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "time-tick",
        Title = "time.Tick outside main",
        Doc = "time.Tick returns only the channel of a ticker that can never be stopped. Before Go 1.23 the ticker is never garbage-collected, so every call in a function that runs more than once leaks one ticker firing forever. Not reported for modules on Go 1.23 or later.",
        EnabledByDefault = false, // below 90% true positives on the Go standard library: docs/lint-precision.md
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (pass.Package.HasCollectableTimers)
            return;
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "time")))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is CallExpr call && Syntax.IsCallTo(file, call, "time", "Tick") && !LivesForTheProgram(pass, file, call))
                {
                    pass.Report(file, call,
                        "time.Tick's ticker can never be stopped: before Go 1.23 every call leaks a ticker that fires forever, once per call of this function",
                        "t := time.NewTicker(d); defer t.Stop(); and read t.C");
                }
                return true;
            });
        }
    }

    // A package-level variable, init, or main.main (and the literals inside it) run once for the whole program.
    private static bool LivesForTheProgram(Pass pass, LintFile file, Node call)
    {
        var outermost = file.Index.Ancestors(call).OfType<FuncDecl>().FirstOrDefault();
        if (outermost is null)
            return file.Index.EnclosingFunction(call) is null;
        return outermost is { Recv: null, Name.Name: "init" } || pass.Package.Name == "main" && outermost is { Recv: null, Name.Name: "main" };
    }
}
