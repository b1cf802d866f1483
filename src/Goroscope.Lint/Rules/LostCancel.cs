using Goroscope.GoSyntax;

namespace Goroscope.Lint.Rules;

/// <summary>The cancel func of context.WithCancel/WithTimeout/WithDeadline discarded, or not used before a return.</summary>
internal static class LostCancel
{
    private static readonly string[] Constructors = ["WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"];

    public static Analyzer Rule { get; } = new()
    {
        Id = "lost-cancel",
        Title = "context cancel func discarded or not called on every path",
        Doc = "context.WithCancel, WithTimeout and WithDeadline register the new context with its parent and, for timeouts, start a timer. Until the cancel func is called, both stay alive — for the lifetime of the parent, which for a server's root context is the whole process — and so does every goroutine waiting on the context's Done channel.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var file in pass.Files.Where(f => Pass.Imports(f, "context")))
        {
            Walker.Inspect(file.Syntax, node =>
            {
                switch (node)
                {
                    case AssignStmt { Lhs.Count: 2, Rhs.Count: 1 } assign when Constructor(file, assign.Rhs[0]) is { } call && file.Index.EnclosingFunction(assign) is { } fn:
                        Check(pass, file, fn, assign, assign.Lhs[1], call);
                        break;
                    case ValueSpec { Names.Count: 2, Values.Count: 1 } spec when Constructor(file, spec.Values[0]) is { } call && file.Index.EnclosingFunction(spec) is { } fn:
                        Check(pass, file, fn, (Stmt)file.Index.Ancestors(spec).First(a => a is DeclStmt), spec.Names[1], call);
                        break;
                }
                return true;
            });
        }
    }

    private static CallExpr? Constructor(LintFile file, Expr value) =>
        Syntax.Unparen(value) is CallExpr call && Syntax.IsCallTo(file, call, "context", Constructors) ? call : null;

    private static void Check(Pass pass, LintFile file, Node function, Stmt assignment, Expr cancelExpr, CallExpr call)
    {
        var constructor = "context." + ((SelectorExpr)Syntax.Unparen(call.Fun)).Sel.Name;
        if (cancelExpr is not Ident cancel)
            return; // stored in a field or elsewhere: its owner is responsible
        if (cancel.Name == "_")
        {
            pass.Report(file, cancel,
                $"the cancel function returned by {constructor} is discarded: {(constructor.Contains("Cancel", StringComparison.Ordinal) ? "the context stays" : "the context and its timer stay")} registered with the parent until the parent is cancelled — for a root context, forever",
                "keep it and defer it: ctx, cancel := " + constructor + "(...); defer cancel()");
            return;
        }
        if (file.Index.Declaration(cancel) is not { } decl || file.Index.EnclosingFunction(decl) is null)
            return; // a package-level variable: used from elsewhere
        var uses = file.UsesOf(decl).Where(u => Syntax.Classify(file, u) != UseKind.Written).ToList();
        if (uses.Any(u => u.Pos < assignment.Pos && !ReferenceEquals(file.Index.EnclosingFunction(u), function)))
            return; // a closure made earlier (`defer func() { cancel() }()`) calls whatever the variable holds when it runs
        uses = uses.Where(u => u.Pos > assignment.End).ToList();
        if (uses.Count == 0)
        {
            pass.Report(file, cancel,
                $"`{cancel.Name}`, the cancel function returned by {constructor}, is never called: the context stays registered with its parent until the parent is cancelled",
                $"defer {cancel.Name}() right after the call");
            return;
        }
        var firstUse = uses.Min(u => u.Pos);
        var scope = file.Index.Parent(assignment) ?? function;
        var body = Syntax.BodyOf(function);
        if (body is null)
            return;
        var early = Syntax.BodyNodes<ReturnStmt>(body).FirstOrDefault(r => r.Pos > assignment.End && r.Pos < firstUse && Syntax.Within(r, scope) && !uses.Any(u => Syntax.Within(u, r)));
        if (early is not null)
        {
            pass.Report(file, cancel,
                $"`{cancel.Name}` from {constructor} is not called on every path: the return on line {Pass.LineOf(file, early)} leaves without calling it, and the context stays registered with its parent",
                $"defer {cancel.Name}() right after the call, before any return");
        }
    }
}
