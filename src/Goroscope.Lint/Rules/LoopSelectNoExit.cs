using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Rules;

/// <summary>`for { select {...} }` in a goroutine with no case that ends the loop.</summary>
internal static class LoopSelectNoExit
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "loop-select-no-exit",
        Title = "for-select loop in a goroutine with no way out",
        Doc = "A goroutine that loops over a select with no ctx.Done() case, no default, and no return or break out of the loop can never end. When the channels it waits on go quiet (their owner is gone), it blocks in the select forever.",
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var goroutine in pass.Facts.Goroutines.DistinctBy(g => g.Function, ReferenceEqualityComparer.Instance))
        {
            if (Syntax.BodyOf(goroutine.Function) is not { } body)
                continue;
            var file = goroutine.BodyFile;
            foreach (var loop in Syntax.BodyNodes<ForStmt>(body))
            {
                if (loop.Cond is not null || !loop.Body.List.Any(s => s is SelectStmt) || Loops.CanExit(file, loop))
                    continue;
                var selects = Syntax.BodyNodes<SelectStmt>(loop.Body);
                var cases = selects.SelectMany(s => s.Body.List.OfType<CommClause>()).ToList();
                if (cases.Any(c => c.Comm is null) || WaitsOnDone(loop.Body) || ServesPackageChannels(file, selects)
                    || ProcessLifetime.RunsOnce(pass, goroutine.SpawnFile, goroutine.Go) || cases.Any(c => HandlesSignals(pass, file, c)))
                    continue;
                // A case on time.Tick, a ticker's C or a time.After made each round fires again and again: the loop never
                // blocks for good, it runs (and keeps what it references) for the rest of the process.
                var waking = cases.FirstOrDefault(c => Syntax.ReceivedFrom(c) is { } from && (IsPeriodic(pass, file, from) || RearmedBy(file, c, from)));
                pass.Report(file, loop.For, loop.Body.Lbrace,
                    waking is null
                        ? "this goroutine loops over a select that no case can end: no return, no break out of the loop, no <-ctx.Done(); when its channels go quiet it blocks forever"
                        : $"this goroutine loops over a select that no case can end: no return, no break out of the loop, no <-ctx.Done(); it never blocks for good — `{file.SourceOf(Syntax.ReceivedFrom(waking)!)}` (line {Pass.LineOf(file, waking)}) wakes it again and again — so it runs, and keeps alive what it references, for the rest of the process",
                    "add `case <-ctx.Done(): return` (or a quit channel that is closed on shutdown) to the select");
            }
        }
    }

    // Every case receives from a package-level channel: a singleton daemon for the whole process (the runtime's signal mask loop), not a per-request goroutine.
    private static bool ServesPackageChannels(LintFile file, List<SelectStmt> selects) =>
        selects.SelectMany(s => s.Body.List.OfType<CommClause>()).All(c => c.Comm is not null && Walker.Descendants(c.Comm).OfType<UnaryExpr>()
            .Any(u => u.Op == Token.Arrow && Syntax.Unparen(u.X) is Ident id && file.Index.Declaration(id) is { } decl && Syntax.IsPackageLevel(file, decl)));

    // time.Tick(d), time.After(d) (made anew each round), a ticker's C, or a variable holding time.Tick(d) or time.NewTicker(d).C.
    private static bool IsPeriodic(Pass pass, LintFile file, Expr channel) => Syntax.Unparen(channel) switch
    {
        CallExpr call => Syntax.IsCallTo(file, call, "time", "Tick", "After"),
        SelectorExpr { Sel.Name: "C" } field => pass.Types?.TypeOf(field.X) is { } type ? Types.IsNamedOrPointerTo(type, "time", "Ticker")
            : Syntax.Unparen(field.X) is CallExpr made && Syntax.IsCallTo(file, made, "time", "NewTicker"),
        Ident id => file.Index.Declaration(id) is { } declared && Syntax.InitialValue(file, declared) is { } value && (Syntax.Unparen(value) is CallExpr tick && Syntax.IsCallTo(file, tick, "time", "Tick")
            || Syntax.Unparen(value) is SelectorExpr { Sel.Name: "C" } && IsPeriodic(pass, file, value)),
        _ => false,
    };

    // `case <-poll: poll = time.After(d)`: the case sets its own timer again each time it fires.
    private static bool RearmedBy(LintFile file, CommClause clause, Expr channel) =>
        Syntax.Unparen(channel) is Ident timer && clause.Body.SelectMany(Syntax.BodyNodes<AssignStmt>).Any(a => a.Lhs.Count == 1 && a.Rhs.Count == 1
            && Syntax.Unparen(a.Lhs[0]) is Ident target && target.Name == timer.Name
            && Syntax.Unparen(a.Rhs[0]) is CallExpr after && Syntax.IsCallTo(file, after, "time", "After", "Tick"));

    // A case on a channel handed to signal.Notify — here, or by the package function that made it (`shutdown := shutdownSignals()`):
    // OS signals go to the whole process, and a goroutine that handles them serves the process for as long as it runs.
    private static bool HandlesSignals(Pass pass, LintFile file, CommClause clause) =>
        Syntax.ReceivedFrom(clause) is { } channel && Syntax.Unparen(channel) is Ident id && file.Index.Declaration(id) is { } declaration
        && (NotifiedIn(file, declaration)
            || Syntax.InitialValue(file, declaration) is CallExpr made && pass.Facts.Resolve(file, made.Fun) is (FuncDecl { Body: { } body }, var makerFile)
                && Syntax.BodyNodes<ReturnStmt>(body) is { Count: > 0 } returns
                && returns.All(r => r.Results is [Ident returned] && makerFile.Index.Declaration(returned) is { } local && NotifiedIn(makerFile, local)));

    private static bool NotifiedIn(LintFile file, Ident declaration) =>
        file.UsesOf(declaration).Any(use => file.Index.Parent(use) is CallExpr call && call.Args.Count > 0 && ReferenceEquals(call.Args[0], use)
            && Syntax.IsCallTo(file, call, "os/signal", "Notify"));


    private static bool WaitsOnDone(Node body) =>
        Syntax.BodyNodes<CallExpr>(body).Any(c => c.Fun is SelectorExpr { Sel.Name: "Done" } && c.Args.Count == 0);
}
