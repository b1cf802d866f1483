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
        // On since lint-defaults: every finding on real code true once a timed context handed back to its callers is left to them (docs/lint-precision.md)
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

    // Whether the field is unexported (or in package main) and nothing in the package calls it: every use assigns it or
    // compares it with nil (literal keys are not selectors, so they never count); any other read could call it.
    private static bool NeverCalled(Pass pass, Var field)
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
                    read = !IsWrittenOrNilChecked(file, sel);
                return !read;
            });
            if (read)
                return false;
        }
        return true;
    }

    private static bool IsWrittenOrNilChecked(LintFile file, SelectorExpr sel)
    {
        Node use = sel;
        var parent = file.Index.Parent(use);
        while (parent is ParenExpr)
            (use, parent) = (parent, file.Index.Parent(parent));
        return parent switch
        {
            AssignStmt assign => assign.Lhs.Any(l => ReferenceEquals(l, use)),
            BinaryExpr { Op: Token.Eql or Token.Neq } compare => Syntax.Unparen(ReferenceEquals(compare.X, use) ? compare.Y : compare.X) is Ident { Name: "nil" },
            _ => false,
        };
    }

    // Where the new context outlives the function: a field read elsewhere in the package (`s.ctx, s.cancel = …` or
    // `&w{ctx: ctx}` with a `<-w.ctx.Done()` somewhere), or a goroutine the function starts with it (`go w.run(ctx)`, or a
    // `go func` literal that uses it). Then a lost cancel leaves its waiters waiting. Null when the context stays in the
    // function (a lost cancel there costs at most a registration, as go vet's check says).
    private static string? KeptAlive(Pass pass, LintFile file, Expr ctxExpr)
    {
        switch (Syntax.Unparen(ctxExpr))
        {
            case SelectorExpr selector when pass.Types?.Selected(selector) is Var { IsField: true } field:
                return NeverCalled(pass, field) ? null : $"the context lives on in the field `{field.Name}`";
            case Ident { Name: not "_" } ctx when file.Index.Declaration(ctx) is { } declaration:
                foreach (var use in file.UsesOf(declaration))
                {
                    if (StoredInField(pass, file, use) is { } stored && !NeverCalled(pass, stored.Field))
                        return $"the context lives on in the field `{stored.Field.Name}`";
                    if (file.Index.Ancestors(use).OfType<GoStmt>().FirstOrDefault() is { } go && Syntax.Within(go, file.Index.EnclosingFunction(declaration)!))
                        return $"the context is handed to the goroutine started on line {Pass.LineOf(file, go)}";
                }
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
            if (pass.Types?.Selected(stored) is Var { IsField: true } field && NeverCalled(pass, field) && KeptAlive(pass, file, ctxExpr) is { } keptAlive)
            {
                pass.Report(file, stored,
                    $"the cancel function returned by {constructor} is stored in `{file.SourceOf(stored)}`, and nothing in the package ever calls the field `{field.Name}`, while {keptAlive}: whatever waits on its Done channel is never released, and it stays registered with its parent",
                    $"call {file.SourceOf(stored)}() where the owner stops (its Close or Stop), or defer it where the work ends");
            }
            return; // stored in a field its owner calls, or somewhere we cannot follow
        }
        if (cancelExpr is not Ident cancel)
            return;
        var timed = !constructor.StartsWith("context.WithCancel", StringComparison.Ordinal);
        // A timed context of a root parent is registered with nothing, and its own timer cancels it: dropping its cancel
        // func delays the release until the deadline, it leaks nothing.
        var freedByItsTimer = timed && IsRootContext(pass, file, call.Args.FirstOrDefault());
        // A timed context handed back to the caller lives as long as the caller's parent or its own deadline: whether that
        // piles up depends on the callers. Reported only where a caller in the package makes one on every round of a loop.
        var handedBack = timed && !freedByItsTimer && ReturnedToCaller(pass, file, function, ctxExpr);
        var roundCaller = handedBack ? CallInALoop(pass, function) : null;
        var ownedByCallers = handedBack && roundCaller is null;
        if (cancel.Name == "_")
        {
            if (roundCaller is { } round)
                ReportPerRound(pass, file, cancel, $"the cancel function returned by {constructor} is discarded", round);
            else if (!freedByItsTimer && !ownedByCallers)
            {
                pass.Report(file, cancel,
                    $"the cancel function returned by {constructor} is discarded: {Lifetime(timed)}",
                    "keep it and defer it: ctx, cancel := " + constructor + "(...); defer cancel()");
            }
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
        if (uses.Count > 0 && uses.All(u => StoredInField(pass, file, u) is { } stored && NeverCalled(pass, stored.Field)) && KeptAlive(pass, file, ctxExpr) is { } kept)
        {
            var (at, field) = StoredInField(pass, file, uses[0])!.Value;
            pass.Report(file, cancel,
                $"`{cancel.Name}`, the cancel function returned by {constructor}, is only stored in the field `{field.Name}` (line {Pass.LineOf(file, at)}), and nothing in the package ever calls that field, while {kept}: whatever waits on its Done channel is never released, and it stays registered with its parent",
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
            if (roundCaller is { } round)
                ReportPerRound(pass, file, cancel, $"`{cancel.Name}`, the cancel function returned by {constructor}, is never called", round);
            else if (!freedByItsTimer && !ownedByCallers)
            {
                pass.Report(file, cancel,
                    $"`{cancel.Name}`, the cancel function returned by {constructor}, is never called: {Lifetime(timed)}",
                    $"defer {cancel.Name}() right after the call");
            }
            return;
        }
        var firstUse = uses.Min(u => u.Pos);
        var scope = file.Index.Parent(assignment) ?? function;
        if (body is null)
            return;
        var early = Syntax.BodyNodes<ReturnStmt>(body).FirstOrDefault(r => r.Pos > assignment.End && r.Pos < firstUse && Syntax.Within(r, scope) && !uses.Any(u => Syntax.Within(u, r))
            && !(handedOnByBareReturns && r.Results.Count == 0));
        if (early is not null && !(IsRootContext(pass, file, call.Args.FirstOrDefault()) && !UsedBefore(pass, file, ctxExpr, assignment, early)))
        {
            pass.Report(file, cancel,
                $"`{cancel.Name}` from {constructor} is not called on every path: the return on line {Pass.LineOf(file, early)} leaves without calling it, and {(timed ? "the context and its timer stay registered with its parent until its deadline passes or its parent is cancelled" : "the context stays registered with its parent")}",
                $"defer {cancel.Name}() right after the call, before any return");
        }
    }

    private static void ReportPerRound(Pass pass, LintFile file, Ident cancel, string what, (LintFile File, CallExpr Call) round) =>
        pass.Report(file, cancel,
            $"{what}, and the context is returned to a caller that makes one on every round of a loop (line {Pass.LineOf(round.File, round.Call)}): each round leaves another context and its timer registered with the parent until its deadline passes or the parent is cancelled",
            "return the cancel func with the context and have the caller call it when the round ends",
            [(round.File, round.Call, "called on every round of this loop")]);

    // Whether the context variable, or a context made from it, is a result of one of the function's own returns.
    private static bool ReturnedToCaller(Pass pass, LintFile file, Node function, Expr ctxExpr) =>
        Syntax.Unparen(ctxExpr) is Ident { Name: not "_" } ctx && file.Index.Declaration(ctx) is { } declaration
        && file.UsesOf(declaration).Any(u => ReferenceEquals(file.Index.EnclosingFunction(u), function) && ResultCarrying(pass, file, u) is not null);

    // The result of a return that is the use or a context-typed expression around it (`return metadata.NewOutgoingContext(ctx, md)`).
    private static Expr? ResultCarrying(Pass pass, LintFile file, Ident use)
    {
        Node at = use;
        foreach (var ancestor in file.Index.Ancestors(use))
        {
            if (ancestor is ReturnStmt ret)
                return ret.Results.FirstOrDefault(r => ReferenceEquals(r, at)) is { } result && (ReferenceEquals(result, use) || Types.IsNamed(pass.Types?.TypeOf(result), "context", "Context")) ? result : null;
            if (ancestor is Stmt or FuncLit)
                return null;
            at = ancestor;
        }
        return null;
    }

    // A call of the declared function, in the package, inside a loop of its caller: the first one found, or null.
    private static (LintFile File, CallExpr Call)? CallInALoop(Pass pass, Node function)
    {
        if (function is not FuncDecl declared || pass.Types is not { } info)
            return null;
        foreach (var file in pass.Files)
            foreach (var call in Walker.Descendants(file.Syntax).OfType<CallExpr>())
                if (info.Callee(call) is { Decl: { } decl } && ReferenceEquals(decl, declared)
                    && file.Index.EnclosingLoop(call) is { } loop && file.Index.EnclosingFunction(call) is { } caller && Syntax.Within(loop, caller))
                    return (file, call);
        return null;
    }

    // How long a context whose cancel func is never called lives: a timed one frees itself at its deadline.
    private static string Lifetime(bool timed) => timed
        ? "the context and its timer stay registered with the parent until its deadline passes or its parent is cancelled"
        : "the context stays registered with the parent until the parent is cancelled — for a root context, forever";

    private static bool IsNamedResult(Node function, Ident declaration) =>
        (function switch { FuncDecl d => d.Type.Results, FuncLit l => l.Type.Results, _ => null }) is { } results
        && results.List.Any(f => f.Names.Any(n => ReferenceEquals(n, declaration)));

    // A context made from context.Background() or TODO (through WithValue, or a function that only adds values to its
    // context) is registered with nothing: until it is handed to something that waits on it, returning without
    // cancelling it leaks nothing.
    private static bool IsRootContext(Pass pass, LintFile file, Expr? parent)
    {
        if (parent is null || Syntax.Unparen(parent) is not CallExpr call)
            return false;
        if (Syntax.IsCallTo(file, call, "context", "Background", "TODO"))
            return true;
        if (Syntax.IsCallTo(file, call, "context", "WithValue"))
            return IsRootContext(pass, file, call.Args.FirstOrDefault());
        return pass.Types?.Callee(call) is { } callee && ContextDecorators.ReturnsContext(callee)
            && call.Args.Select((a, i) => (a, i)).Any(arg => IsRootContext(pass, file, arg.a) && ContextDecorators.OnlyDecorates(callee, arg.i));
    }

    // Whether the context is used — handed to anything that could wait on it — between the assignment and the early return.
    // Not uses: `ctx.Value(…)`; `ctx = decorate(ctx, …)` through a function that only adds values (namespaces.WithNamespace);
    // a call that only reads values from it; and the context in a return whose error result the enclosing `if err != nil`
    // has just found non-nil (by Go's convention the caller drops the other results).
    private static bool UsedBefore(Pass pass, LintFile file, Expr ctxExpr, Stmt assignment, ReturnStmt early) =>
        ctxExpr is not Ident ctx || ctx.Name != "_" && (file.Index.Declaration(ctx) is not { } decl
            || file.UsesOf(decl).Any(u => u.Pos > assignment.End && u.Pos < early.End && Syntax.Classify(file, u) != UseKind.Written
                && !OnlyDecorated(pass, file, u) && !(Syntax.Within(u, early) && ReturnsAnError(file, early))));

    private static bool OnlyDecorated(Pass pass, LintFile file, Ident use)
    {
        switch (file.Index.Parent(use))
        {
            case SelectorExpr { Sel.Name: "Value" } value when file.Index.Parent(value) is CallExpr read && ReferenceEquals(read.Fun, value):
                return true;
            case CallExpr call when call.Args.ToList().FindIndex(a => ReferenceEquals(a, use)) is var i and >= 0:
                if (Syntax.IsCallTo(file, call, "context", "WithValue"))
                    return i == 0 && AssignedBackTo(file, call, use.Name);
                if (pass.Types?.Callee(call) is not { } callee || !ContextDecorators.OnlyDecorates(callee, i))
                    return false;
                return !ContextDecorators.ReturnsContext(callee) || AssignedBackTo(file, call, use.Name);
            default:
                return false;
        }
    }

    // `ctx = decorate(ctx, …)`: the decorated context replaces the variable, whose later uses are still checked.
    private static bool AssignedBackTo(LintFile file, CallExpr call, string name) =>
        file.Index.Parent(call) is AssignStmt { Lhs.Count: 1, Rhs.Count: 1 } assign && Syntax.Unparen(assign.Lhs[0]) is Ident target && target.Name == name;

    // `return ctx, …, err` directly under `if err != nil`.
    private static bool ReturnsAnError(LintFile file, ReturnStmt ret) =>
        ret.Results.Count >= 2 && Syntax.Unparen(ret.Results[^1]) is Ident err
        && file.Index.Parent(ret) is BlockStmt block && file.Index.Parent(block) is IfStmt check && ReferenceEquals(check.Body, block)
        && Syntax.Unparen(check.Cond) is BinaryExpr { Op: Token.Neq } cond
        && Syntax.Unparen(cond.X) is Ident tested && tested.Name == err.Name && Syntax.Unparen(cond.Y) is Ident { Name: "nil" };

    /// <summary>
    /// Functions that only add values to a context parameter (`context.WithValue(ctx, k, v)`, read back with `ctx.Value`)
    /// and never hand it to anything that could wait on it — in the package or in a loaded dependency, whose bodies are
    /// read as syntax resolved through their own imports (dependencies have only their declarations typed).
    /// </summary>
    private static class ContextDecorators
    {
        private const int Depth = 4;

        public static bool ReturnsContext(Func function) =>
            function.Signature?.Results is { Count: > 0 } results && Types.IsNamed(results[0], "context", "Context");

        /// <summary>Whether the function's parameter at <paramref name="index"/> is only read with Value, wrapped with WithValue, returned, or passed to such functions.</summary>
        public static bool OnlyDecorates(Func function, int index) => OnlyDecorates(function, index, Depth);

        private static bool OnlyDecorates(Func function, int index, int depth)
        {
            if (depth == 0 || function.Signature is not { Receiver: null } signature || BodyOf(function) is not { } body)
                return false;
            var parameters = body.Decl.Type.Params.List.SelectMany(f => f.Names.Count == 0 ? [null] : f.Names.Cast<Ident?>()).ToList();
            if (index >= parameters.Count || signature.Variadic && index == parameters.Count - 1)
                return false; // past the parameters, or one of the variadic arguments
            if (parameters[index] is not { Name: not "_" } parameter)
                return true; // never named, never used
            var parents = ParentsIn(body.Decl);
            var names = new HashSet<string>(StringComparer.Ordinal) { parameter.Name };
            // The locals a decorated context is assigned to carry it too, to a fixpoint.
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var assign in Walker.Descendants(body.Decl.Body!).OfType<AssignStmt>().Where(a => a.Lhs.Count == a.Rhs.Count))
                    for (var i = 0; i < assign.Lhs.Count; i++)
                        if (Syntax.Unparen(assign.Lhs[i]) is Ident { Name: not "_" } target && !names.Contains(target.Name) && Carries(body, assign.Rhs[i], names, depth))
                            grew |= names.Add(target.Name);
            }
            foreach (var use in Walker.Descendants(body.Decl.Body!).OfType<Ident>().Where(id => names.Contains(id.Name)))
                if (!Allowed(body, parents, use, depth))
                    return false;
            return true;
        }

        // Whether the expression's value is the context or a decoration of it.
        private static bool Carries(FunctionBody body, Expr expr, HashSet<string> names, int depth) => Syntax.Unparen(expr) switch
        {
            Ident id => names.Contains(id.Name),
            CallExpr call when IsWithValue(body, call) => call.Args.Count > 0 && Carries(body, call.Args[0], names, depth),
            CallExpr call => CalleeIn(body, call) is { } callee && ReturnsContext(callee)
                && call.Args.Select((a, i) => (a, i)).Any(arg => Carries(body, arg.a, names, depth) && OnlyDecorates(callee, arg.i, depth - 1)),
            _ => false,
        };

        // A use of the context (or of a local carrying it): where its value may go.
        private static bool Allowed(FunctionBody body, Dictionary<Node, Node> parents, Expr use, int depth)
        {
            var parent = parents.GetValueOrDefault(use);
            switch (parent)
            {
                case null:
                    return false;
                case ParenExpr paren:
                    return Allowed(body, parents, paren, depth);
                case SelectorExpr selector when ReferenceEquals(selector.Sel, use):
                    return true; // a field or method of that name, not the variable
                case KeyValueExpr pair when ReferenceEquals(pair.Key, use):
                    return true; // a field key of a composite literal
                case SelectorExpr { Sel.Name: "Value" } value:
                    return parents.GetValueOrDefault(value) is CallExpr read && ReferenceEquals(read.Fun, value);
                case ReturnStmt ret:
                    return !InClosure(parents, ret); // handed back: the caller's result carries it, and the caller is checked
                case AssignStmt assign when assign.Lhs.Any(l => ReferenceEquals(l, use)):
                    return true; // written, not read
                case AssignStmt assign when assign.Lhs.Count == assign.Rhs.Count:
                    var at = assign.Rhs.ToList().FindIndex(r => ReferenceEquals(r, use));
                    return at >= 0 && Syntax.Unparen(assign.Lhs[at]) is Ident; // now in a local, whose uses are checked too
                case CallExpr call when call.Args.ToList().FindIndex(a => ReferenceEquals(a, use)) is var i and >= 0:
                    if (IsWithValue(body, call))
                        return i == 0 && Allowed(body, parents, call, depth);
                    return CalleeIn(body, call) is { } callee && OnlyDecorates(callee, i, depth - 1)
                        && (!ReturnsContext(callee) || Allowed(body, parents, call, depth));
                default:
                    return false;
            }
        }

        // A return of a function literal hands the value to whoever calls the literal, which is not followed.
        private static bool InClosure(Dictionary<Node, Node> parents, Node node)
        {
            for (var at = parents.GetValueOrDefault(node); at is not null; at = parents.GetValueOrDefault(at))
                if (at is FuncLit)
                    return true;
            return false;
        }

        private sealed record FunctionBody(FuncDecl Decl, PackageFile File, GoTypes.Package Package);

        private static FunctionBody? BodyOf(Func function)
        {
            if (function.Decl is not { Body: not null } decl || function.Package is not { } package)
                return null;
            var file = package.Files.FirstOrDefault(f => f.Syntax.Decls.Any(d => ReferenceEquals(d, decl)));
            return file is null ? null : new FunctionBody(decl, file, package);
        }

        // The function a call names — `f(…)` of the body's package or `pkg.F(…)` of one it imports — without types.
        private static Func? CalleeIn(FunctionBody body, CallExpr call) => Syntax.Unparen(call.Fun) switch
        {
            Ident id when !DeclaredIn(body.Decl, id.Name) => body.Package.Lookup(id.Name) as Func,
            SelectorExpr { X: Ident qualifier, Sel: var name } when !DeclaredIn(body.Decl, qualifier.Name)
                && body.File.Scope.LookupLocal(qualifier.Name) is PackageName { Imported: { } imported } => imported.Lookup(name.Name) as Func,
            _ => null,
        };

        private static bool IsWithValue(FunctionBody body, CallExpr call) =>
            Syntax.Unparen(call.Fun) is SelectorExpr { X: Ident qualifier, Sel.Name: "WithValue" } && !DeclaredIn(body.Decl, qualifier.Name)
            && body.File.Scope.LookupLocal(qualifier.Name) is PackageName { ImportPath: "context" };

        // A parameter or local of that name shadows the package-level one.
        private static bool DeclaredIn(FuncDecl decl, string name) =>
            decl.Type.Params.List.Concat(decl.Type.Results?.List ?? []).Concat(decl.Recv?.List ?? []).Any(f => f.Names.Any(n => n.Name == name))
            || Walker.Descendants(decl.Body!).Any(n => n switch
            {
                AssignStmt { Tok: Token.Define } define => define.Lhs.Any(l => l is Ident id && id.Name == name),
                ValueSpec spec => spec.Names.Any(n => n.Name == name),
                FuncLit lit => lit.Type.Params.List.Any(f => f.Names.Any(n => n.Name == name)),
                RangeStmt range => range.Key is Ident { } k && k.Name == name || range.Value is Ident { } v && v.Name == name,
                _ => false,
            });

        private static Dictionary<Node, Node> ParentsIn(Node root)
        {
            var recorder = new ParentRecorder();
            Walker.Walk(recorder, root);
            return recorder.Parents;
        }

        private sealed class ParentRecorder : Visitor
        {
            private readonly Stack<Node> path = new();

            public Dictionary<Node, Node> Parents { get; } = new(ReferenceEqualityComparer.Instance);

            public override bool Enter(Node node)
            {
                if (path.TryPeek(out var parent))
                    Parents[node] = parent;
                path.Push(node);
                return true;
            }

            public override void Leave(Node node) => path.Pop();
        }
    }
}
