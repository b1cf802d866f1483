using Goroscope.GoSyntax;
using Goroscope.GoTypes;

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
        EnabledByDefault = false, // 1 of 5 findings true on all Debian Go code read (docs/lint-precision.md)
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
                        Check(pass, file, fn, assign, assign.Lhs[0], assign.Lhs[1], call);
                        break;
                    case ValueSpec { Names.Count: 2, Values.Count: 1 } spec when Constructor(file, spec.Values[0]) is { } call && file.Index.EnclosingFunction(spec) is { } fn:
                        Check(pass, file, fn, (Stmt)file.Index.Ancestors(spec).First(a => a is DeclStmt), spec.Names[0], spec.Names[1], call);
                        break;
                }
                return true;
            });
        }
    }

    // `s.cancel = cancel` or `&watcher{cancel: cancel}`: where the use is copied into a struct field, and the field; null otherwise.
    private static (Node At, Var Field)? StoredInField(Pass pass, LintFile file, Ident use)
    {
        switch (file.Index.Parent(use))
        {
            case AssignStmt { Tok: Token.Assign } assign when assign.Lhs.Count == assign.Rhs.Count:
                var i = assign.Rhs.ToList().FindIndex(r => ReferenceEquals(r, use));
                return i >= 0 && Syntax.Unparen(assign.Lhs[i]) is SelectorExpr target && pass.Types?.Selected(target) is Var { IsField: true } field ? (target, field) : null;
            case KeyValueExpr { Key: Ident key } pair when ReferenceEquals(pair.Value, use) && pass.Types?.ObjectOf(key) is Var { IsField: true } keyed:
                return (key, keyed);
            default:
                return null;
        }
    }

    // Whether the field is unexported (or in package main) and nothing in the package reads it — every use assigns it
    // (literal keys are not selectors, so they never count): nothing can ever call the cancel func kept there.
    private static bool NeverRead(Pass pass, Var field)
    {
        if (field.Declaration is not { } declaration || field.IsExported && pass.Package.Name != "main" || pass.Types is not { } info)
            return false;
        foreach (var file in pass.Files)
        {
            var read = false;
            Walker.Inspect(file.Syntax, node =>
            {
                // A selector of that name whose types are unknown may be the field: it counts as a read.
                if (!read && node is SelectorExpr sel && sel.Sel.Name == field.Name && (info.Selected(sel) is not { } selected || ReferenceEquals(selected.Declaration, declaration)))
                    read = !(file.Index.Parent(sel) is AssignStmt assign && assign.Lhs.Any(l => ReferenceEquals(Syntax.Unparen(l), sel)));
                return !read;
            });
            if (read)
                return false;
        }
        return true;
    }

    // The field the new context is kept in, and read from elsewhere in the package (`s.ctx, s.cancel = …` or `&w{ctx: ctx}`
    // with a `<-w.ctx.Done()` somewhere): the context outlives the function, so a lost cancel leaves its waiters waiting.
    // Null when the context stays in the function (a lost cancel there costs at most a registration, as go vet's check says).
    private static Var? FieldKeeping(Pass pass, LintFile file, Expr ctxExpr)
    {
        switch (Syntax.Unparen(ctxExpr))
        {
            case SelectorExpr selector when pass.Types?.Selected(selector) is Var { IsField: true } field:
                return NeverRead(pass, field) ? null : field;
            case Ident { Name: not "_" } ctx when file.Index.Declaration(ctx) is { } declaration:
                foreach (var use in file.UsesOf(declaration))
                    if (StoredInField(pass, file, use) is { } stored && !NeverRead(pass, stored.Field))
                        return stored.Field;
                return null;
            default:
                return null;
        }
    }

    private static CallExpr? Constructor(LintFile file, Expr value) =>
        Syntax.Unparen(value) is CallExpr call && Syntax.IsCallTo(file, call, "context", Constructors) ? call : null;

    private static void Check(Pass pass, LintFile file, Node function, Stmt assignment, Expr ctxExpr, Expr cancelExpr, CallExpr call)
    {
        var constructor = "context." + ((SelectorExpr)Syntax.Unparen(call.Fun)).Sel.Name;
        if (Syntax.Unparen(cancelExpr) is SelectorExpr stored)
        {
            if (pass.Types?.Selected(stored) is Var { IsField: true } field && NeverRead(pass, field) && FieldKeeping(pass, file, ctxExpr) is { } keptIn)
            {
                pass.Report(file, stored,
                    $"the cancel function returned by {constructor} is stored in `{file.SourceOf(stored)}`, and nothing in the package ever calls or reads the field `{field.Name}`, while the context lives on in the field `{keptIn.Name}`: whatever waits on its Done channel is never released, and it stays registered with its parent",
                    $"call {file.SourceOf(stored)}() where the owner stops (its Close or Stop), or defer it where the work ends");
            }
            return; // stored in a field its owner calls, or somewhere we cannot follow
        }
        if (cancelExpr is not Ident cancel)
            return;
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
        if (file.Index.EnclosingLoop(assignment) is { } loop && Syntax.Within(loop, function)
            && uses.Any(u => u.Pos < assignment.Pos && Syntax.Within(u, loop) && ReferenceEquals(file.Index.EnclosingFunction(u), function)))
            return; // `cancel(); ctx, cancel = context.WithCancel(parent)` round a loop: the next round calls it
        uses = uses.Where(u => u.Pos > assignment.End).ToList();
        if (uses.Count > 0 && uses.All(u => StoredInField(pass, file, u) is { } stored && NeverRead(pass, stored.Field)) && FieldKeeping(pass, file, ctxExpr) is { } kept)
        {
            var (at, field) = StoredInField(pass, file, uses[0])!.Value;
            pass.Report(file, cancel,
                $"`{cancel.Name}`, the cancel function returned by {constructor}, is only stored in the field `{field.Name}` (line {Pass.LineOf(file, at)}), and nothing in the package ever calls or reads that field, while the context lives on in the field `{kept.Name}`: whatever waits on its Done channel is never released, and it stays registered with its parent",
                $"call the stored cancel func where the owner stops (its Close or Stop), or defer {cancel.Name}() where the work ends",
                [(file, at, "stored here, never called")]);
            return;
        }
        var body = Syntax.BodyOf(function);
        // `func f() (ctx context.Context, cancel func())` ending in a bare `return`: the caller gets the cancel func.
        var handedOnByBareReturns = body is not null && IsNamedResult(function, decl);
        if (uses.Count == 0 && handedOnByBareReturns
            && Syntax.BodyNodes<ReturnStmt>(body!).Where(r => r.Pos > assignment.End).ToList() is { Count: > 0 } returns && returns.All(r => r.Results.Count == 0))
            return;
        if (uses.Count == 0)
        {
            pass.Report(file, cancel,
                $"`{cancel.Name}`, the cancel function returned by {constructor}, is never called: the context stays registered with its parent until the parent is cancelled",
                $"defer {cancel.Name}() right after the call");
            return;
        }
        var firstUse = uses.Min(u => u.Pos);
        var scope = file.Index.Parent(assignment) ?? function;
        if (body is null)
            return;
        var early = Syntax.BodyNodes<ReturnStmt>(body).FirstOrDefault(r => r.Pos > assignment.End && r.Pos < firstUse && Syntax.Within(r, scope) && !uses.Any(u => Syntax.Within(u, r))
            && !(handedOnByBareReturns && r.Results.Count == 0));
        if (early is not null && !(IsRootContext(file, call.Args.FirstOrDefault()) && !UsedBefore(file, ctxExpr, assignment, early)))
        {
            pass.Report(file, cancel,
                $"`{cancel.Name}` from {constructor} is not called on every path: the return on line {Pass.LineOf(file, early)} leaves without calling it, and the context stays registered with its parent",
                $"defer {cancel.Name}() right after the call, before any return");
        }
    }

    private static bool IsNamedResult(Node function, Ident declaration) =>
        (function switch { FuncDecl d => d.Type.Results, FuncLit l => l.Type.Results, _ => null }) is { } results
        && results.List.Any(f => f.Names.Any(n => ReferenceEquals(n, declaration)));

    // A context made from context.Background() or TODO (through WithValue) is registered with nothing: until it is
    // handed to something that waits on it, returning without cancelling it leaks nothing.
    private static bool IsRootContext(LintFile file, Expr? parent) =>
        parent is not null && Syntax.Unparen(parent) is CallExpr call
        && (Syntax.IsCallTo(file, call, "context", "Background", "TODO")
            || Syntax.IsCallTo(file, call, "context", "WithValue") && IsRootContext(file, call.Args.FirstOrDefault()));

    private static bool UsedBefore(LintFile file, Expr ctxExpr, Stmt assignment, ReturnStmt early) =>
        ctxExpr is not Ident ctx || ctx.Name != "_" && (file.Index.Declaration(ctx) is not { } decl
            || file.UsesOf(decl).Any(u => u.Pos > assignment.End && u.Pos < early.End && Syntax.Classify(file, u) != UseKind.Written));
}
