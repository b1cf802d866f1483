using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Rules;

/// <summary>
/// A value of the package whose goroutine (`go v.loop()`) ends only when a method of its type closes the channel it
/// waits on or cancels the context it waits on (Close, Stop, Rollback, …), dropped by a function of the package
/// without calling such a method: never, or on a return before it.
/// </summary>
internal static class StopNotCalled
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "stop-not-called",
        Title = "value dropped without the Close/Stop its goroutine waits for",
        Doc = "A type whose goroutine (`go t.loop()`, started by its constructor or by the function that made it) waits on a channel of the value or on its context's Done, and leaves only when a method of the type (Close, Stop, Rollback, …) closes that channel or calls the cancel func, must have that method called by whoever holds the value. A function that lets the value go — never calling it, or returning early before it — leaves that goroutine blocked for good, with everything it references.",
        DefaultSeverity = Severity.Error,
        Run = Run,
    };

    // How a goroutine of the type waits for its stop: the method it runs, the receive it blocks in, and the methods that release it.
    private sealed record Waiter(NamedType Type, FuncDecl Method, LintFile File, Expr Wait, string Signal, IReadOnlyList<FuncDecl> Stops);

    private enum Use { Neutral, Release, HandOn }

    private static void Run(Pass pass)
    {
        if (pass.Types is not { } info || !pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("go "u8) >= 0))
            return;
        var methods = MethodsByType(pass, info);
        var waiters = new Dictionary<(NamedType, string), Waiter>();
        foreach (var (type, list) in methods)
            foreach (var waiter in Waiters(info, type, list))
                waiters.TryAdd((type, waiter.Method.Name.Name), waiter);
        if (waiters.Count == 0)
            return;
        var constructors = Constructors(pass, info, waiters);
        foreach (var file in pass.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                switch (node)
                {
                    case GoStmt go when Syntax.Unparen(go.Call.Fun) is SelectorExpr { X: Ident x } method && LocalOf(file, x) is { } declaration
                        && TypeOf(info, x) is { } type && waiters.GetValueOrDefault((type, method.Sel.Name)) is { } waiter:
                        Check(pass, file, info, go, declaration, waiter, null);
                        break;
                    case AssignStmt { Rhs: [CallExpr call] } assign when assign.Lhs.Count is 1 or 2 && Syntax.Unparen(assign.Lhs[0]) is Ident { Name: "_" }
                        && info.Callee(call)?.Decl is { } callee && constructors.GetValueOrDefault(callee) is { } waiter:
                        ReportDropped(pass, file, assign, callee, waiter);
                        break;
                    case AssignStmt { Rhs: [CallExpr call] } assign when assign.Lhs.Count is 1 or 2 && Syntax.Unparen(assign.Lhs[0]) is Ident x
                        && LocalOf(file, x) is { } declaration && info.Callee(call)?.Decl is { } callee && constructors.GetValueOrDefault(callee) is { } waiter:
                        Check(pass, file, info, assign, declaration, waiter, assign.Lhs.Count == 2 ? assign.Lhs[1] as Ident : null);
                        break;
                    case ExprStmt { X: CallExpr call } dropped when info.Callee(call)?.Decl is { } callee && constructors.GetValueOrDefault(callee) is { } waiter:
                        ReportDropped(pass, file, dropped, callee, waiter);
                        break;
                }
                return true;
            });
        }
    }

    // The package's methods per named type of the package, with the file of each.
    private static Dictionary<NamedType, List<(FuncDecl Decl, LintFile File)>> MethodsByType(Pass pass, TypeInfo info)
    {
        var byType = new Dictionary<NamedType, List<(FuncDecl, LintFile)>>();
        foreach (var file in pass.Files)
            foreach (var decl in file.Syntax.Decls.OfType<FuncDecl>())
                if (decl is { Recv.List: [{ Names: [var receiver] }], Body: not null } && info.ObjectOf(receiver) is Var { } r
                    && Types.Deref(r.Type) is NamedType type && ReferenceEquals(type.Package, info.Package))
                {
                    if (!byType.TryGetValue(type, out var list))
                        byType[type] = list = [];
                    list.Add((decl, file));
                }
        return byType;
    }

    private static Ident Receiver(FuncDecl method) => method.Recv!.List[0].Names[0];

    // The type's goroutine methods: a method that blocks on a field channel some method of the type closes, or on a
    // context field's Done while some method calls a cancel func field, and leaves only after that receive.
    private static IEnumerable<Waiter> Waiters(TypeInfo info, NamedType type, List<(FuncDecl Decl, LintFile File)> methods)
    {
        var closes = new Dictionary<FuncDecl, HashSet<string>>();
        foreach (var (decl, file) in methods)
            closes[decl] = Releases(file, info, decl);
        // A method that calls a releasing method of its receiver releases too (`Close` calling `stop`).
        for (var round = 0; round < 3; round++)
            foreach (var (decl, _) in methods)
                foreach (var call in Syntax.BodyNodes<CallExpr>(decl.Body!))
                    if (Syntax.Unparen(call.Fun) is SelectorExpr { X: Ident x } sel && IsReceiver(info, decl, x)
                        && methods.FirstOrDefault(m => m.Decl.Name.Name == sel.Sel.Name).Decl is { } callee && !ReferenceEquals(callee, decl))
                        closes[decl].UnionWith(closes[callee]);
        foreach (var (decl, file) in methods)
        {
            if (WaitOf(file, info, decl) is not ({ } wait, var signal))
                continue;
            var stops = methods.Select(m => m.Decl).Where(m => !ReferenceEquals(m, decl) && closes[m].Contains(signal)).ToList();
            if (stops.Count > 0)
                yield return new Waiter(type, decl, file, wait, signal, stops);
        }
    }

    // What the method releases on its receiver: `close(r.F)` releases "F"; calling a cancel func field releases "Done".
    private static HashSet<string> Releases(LintFile file, TypeInfo info, FuncDecl method)
    {
        var released = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in Syntax.BodyNodes<CallExpr>(method.Body!))
        {
            if (Syntax.IsBuiltinCall(file, call, "close") && call.Args is [var arg] && Syntax.Unparen(arg) is SelectorExpr { X: Ident x } field && IsReceiver(info, method, x))
                released.Add(field.Sel.Name);
            else if (Syntax.Unparen(call.Fun) is SelectorExpr { X: Ident r } cancel && IsReceiver(info, method, r)
                && info.Selected(cancel) is Var { IsField: true } f && (Types.IsNamed(f.Type, "context", "CancelFunc") || Types.IsNamed(f.Type, "context", "CancelCauseFunc")))
                released.Add("Done");
        }
        return released;
    }

    // The receive the method blocks in until its stop, and the signal's name ("F" for `<-r.F`, "Done" for
    // `<-r.ctx.Done()`): a plain receive statement of the body with no return before it, or the case of a `select` in
    // a `for {}` of the body that holds every return and from which nothing breaks out of the loop.
    private static (Expr? Wait, string Signal) WaitOf(LintFile file, TypeInfo info, FuncDecl method)
    {
        var body = method.Body!;
        var returns = Syntax.BodyNodes<ReturnStmt>(body);
        foreach (var stmt in body.List)
        {
            if (stmt is ExprStmt { X: UnaryExpr { Op: Token.Arrow } plain } && SignalOf(info, method, plain.X) is { } signal)
                return returns.Any(r => r.Pos < stmt.Pos) ? (null, "") : (plain, signal);
            if (stmt is not ForStmt { Init: null, Cond: null, Post: null } loop)
                continue;
            foreach (var clause in Syntax.BodyNodes<CommClause>(loop.Body))
            {
                var received = clause.Comm switch
                {
                    ExprStmt { X: UnaryExpr { Op: Token.Arrow } r } => r,
                    AssignStmt { Rhs: [UnaryExpr { Op: Token.Arrow } r] } => r,
                    _ => null,
                };
                if (received is null || SignalOf(info, method, received.X) is not { } caseSignal)
                    continue;
                var leaves = Syntax.BodyNodes<BranchStmt>(body).Any(b => b.Tok == Token.Goto || b.Tok == Token.Break
                    && (b.Label is not null || ReferenceEquals(Loops.NearestBreakable(file, b), loop)) && !Syntax.Within(b, clause));
                if (!leaves && returns.All(r => Syntax.Within(r, clause) || r.Pos > loop.End)
                    && !Syntax.BodyNodes<ExprStmt>(loop.Body).Any(s => s.X is CallExpr c && !Syntax.Within(s, clause) && Syntax.IsTerminating(file, s)))
                    return (received, caseSignal);
            }
        }
        return (null, "");
    }

    private static string? SignalOf(TypeInfo info, FuncDecl method, Expr channel) => Syntax.Unparen(channel) switch
    {
        SelectorExpr { X: Ident x } field when IsReceiver(info, method, x) && info.Selected(field) is Var { IsField: true } => field.Sel.Name,
        CallExpr { Fun: SelectorExpr { Sel.Name: "Done", X: SelectorExpr { X: Ident x } ctx }, Args.Count: 0 } when IsReceiver(info, method, x)
            && info.Selected(ctx) is Var { IsField: true } f && Types.IsNamed(f.Type, "context", "Context") => "Done",
        _ => null,
    };

    private static bool IsReceiver(TypeInfo info, FuncDecl method, Ident x) =>
        info.ObjectOf(x) is { } o && ReferenceEquals(o, info.ObjectOf(Receiver(method)));

    // Package functions whose first result is a value they made and started a waiter on (`c := &conn{…}; go c.loop();
    // return c, nil`) and handed nowhere else: the caller holds the only way to stop it.
    private static Dictionary<FuncDecl, Waiter> Constructors(Pass pass, TypeInfo info, Dictionary<(NamedType, string), Waiter> waiters)
    {
        var constructors = new Dictionary<FuncDecl, Waiter>();
        foreach (var file in pass.Files)
            foreach (var decl in file.Syntax.Decls.OfType<FuncDecl>().Where(d => d.Body is not null && d.Type.Results is { List.Count: > 0 }))
                foreach (var go in Syntax.BodyNodes<GoStmt>(decl.Body!))
                {
                    if (Syntax.Unparen(go.Call.Fun) is not SelectorExpr { X: Ident x } method || LocalOf(file, x) is not { } declaration
                        || TypeOf(info, x) is not { } type || waiters.GetValueOrDefault((type, method.Sel.Name)) is not { } waiter)
                        continue;
                    var uses = file.UsesOf(declaration).Where(u => u.Pos > go.End).Select(u => (Use: u, Kind: Classify(file, info, waiter, u))).ToList();
                    bool IsReturned(Ident u) => file.Index.Parent(u) is ReturnStmt ret && ReferenceEquals(ret.Results[0], u);
                    var returned = uses.Any(u => IsReturned(u.Use)) && uses.All(u => u.Kind != Use.HandOn || IsReturned(u.Use));
                    var handedBefore = file.UsesOf(declaration).Any(u => u.Pos < go.Pos && Classify(file, info, waiter, u) != Use.Neutral);
                    if (returned && !handedBefore)
                        constructors.TryAdd(decl, waiter);
                }
        return constructors;
    }

    // A local variable declared in the function's body (not a parameter, not package-level): its declaring identifier.
    private static Ident? LocalOf(LintFile file, Ident x)
    {
        if (file.Index.Declaration(x) is not { } declaration || file.Index.EnclosingFunction(declaration) is not { } function
            || Syntax.BodyOf(function) is not { } body || !Syntax.Within(declaration, body))
            return null;
        return declaration;
    }

    private static NamedType? TypeOf(TypeInfo info, Ident x) => info.TypeOf(x) is { } t && Types.Deref(t) is NamedType named ? named : null;

    // What a use of the variable does with the value: calls a stop (or closes the channel, cancels), calls another method
    // or reads a field or compares it with nil (neutral), or anything else — returns it, stores it, passes it on,
    // takes a method value: handed to code that may stop it.
    private static Use Classify(LintFile file, TypeInfo info, Waiter waiter, Ident use)
    {
        if (Syntax.Classify(file, use) == UseKind.Written)
            return Use.Neutral;
        Node at = use;
        var parent = file.Index.Parent(at);
        while (parent is ParenExpr)
            (at, parent) = (parent, file.Index.Parent(parent));
        switch (parent)
        {
            case SelectorExpr sel when ReferenceEquals(sel.X, at):
                var selected = info.Selected(sel);
                if (file.Index.Parent(sel) is CallExpr call && ReferenceEquals(Syntax.Unparen(call.Fun), sel))
                    return waiter.Stops.Any(s => s.Name.Name == sel.Sel.Name) || selected is Var { IsField: true } ? Use.Release : Use.Neutral;
                if (file.Index.Parent(sel) is CallExpr closing && Syntax.IsBuiltinCall(file, closing, "close"))
                    return Use.Release;
                return selected is Var { IsField: true } ? Use.Neutral : Use.HandOn;
            case BinaryExpr { Op: Token.Eql or Token.Neq } compare when Syntax.Unparen(ReferenceEquals(compare.X, at) ? compare.Y : compare.X) is Ident { Name: "nil" }:
                return Use.Neutral;
            default:
                return Use.HandOn;
        }
    }

    // `stmt` makes the value held in `declaration` live (a `go v.loop()`, or `v, err := newV()`); report when the function
    // lets it go without a stop: no stop and no hand-on after it, or a return before the first one.
    private static void Check(Pass pass, LintFile file, TypeInfo info, Stmt stmt, Ident declaration, Waiter waiter, Ident? err)
    {
        if (file.Index.EnclosingFunction(stmt) is not { } function || Syntax.BodyOf(function) is not { } body)
            return;
        var uses = file.UsesOf(declaration).Select(u => (Use: u, Kind: Classify(file, info, waiter, u))).ToList();
        if (stmt is GoStmt && uses.Any(u => u.Use.Pos < stmt.Pos && u.Kind != Use.Neutral))
            return; // handed on before its goroutine starts: whoever has it may stop it
        var after = uses.Where(u => u.Use.Pos > stmt.End && u.Kind != Use.Neutral).Select(u => u.Use).ToList();
        var name = declaration.Name;
        var stops = string.Join(" or ", waiter.Stops.Select(s => $"`{s.Name.Name}`").Distinct());
        var blocked = $"goroutine `{waiter.Method.Name.Name}` ({Path.GetFileName(waiter.File.Path)}:{Pass.LineOf(waiter.File, waiter.Wait)}) waits on `{waiter.File.SourceOf(waiter.Wait)}` until {stops} is called";
        var related = new List<(LintFile, Node, string)> { (waiter.File, waiter.Wait, "blocks here until a stop"), (waiter.File, waiter.Stops[0].Name, "the stop that releases it") };
        if (after.Count == 0)
        {
            pass.Report(file, stmt,
                $"`{name}` is a {waiter.Type.Name} whose {blocked}, and this function never calls it nor hands `{name}` on: that goroutine never ends, and keeps `{name}` and what it references alive",
                $"defer {name}.{waiter.Stops[0].Name.Name}() once `{name}` is made", related);
            return;
        }
        var first = after.Min(u => u.Pos);
        var scope = file.Index.Parent(stmt) ?? body;
        var early = Syntax.BodyNodes<ReturnStmt>(body).FirstOrDefault(r => r.Pos > stmt.End && r.Pos < first && Syntax.Within(r, scope) && !after.Any(u => Syntax.Within(u, r))
            && !(err is not null && file.Index.Ancestors(r).OfType<IfStmt>().Any(i => Syntax.Within(i, scope) && Mentions(i.Cond, err.Name))));
        if (early is null)
            return;
        related.Insert(0, (file, early, "returns here without the stop"));
        pass.Report(file, stmt,
            $"`{name}` is a {waiter.Type.Name} whose {blocked}, and the return on line {Pass.LineOf(file, early)} leaves without calling it or handing `{name}` on: that goroutine never ends, and keeps `{name}` and what it references alive",
            $"defer {name}.{waiter.Stops[0].Name.Name}() right after `{name}` is made (cancelled by a flag once it is handed on), or call it before that return", related);
    }

    // The constructor's value is dropped as it is made (a call statement, or `_` in its place): nobody holds it to stop it.
    private static void ReportDropped(Pass pass, LintFile file, Stmt stmt, FuncDecl constructor, Waiter waiter)
    {
        var stops = string.Join(" or ", waiter.Stops.Select(s => $"`{s.Name.Name}`").Distinct());
        pass.Report(file, stmt,
            $"`{constructor.Name.Name}` returns a {waiter.Type.Name} whose goroutine `{waiter.Method.Name.Name}` ({Path.GetFileName(waiter.File.Path)}:{Pass.LineOf(waiter.File, waiter.Wait)}) waits on `{waiter.File.SourceOf(waiter.Wait)}` until {stops} is called, and this call drops it: nobody can ever call it, so that goroutine never ends",
            $"keep the value and defer its {waiter.Stops[0].Name.Name}()",
            [(waiter.File, waiter.Wait, "blocks here until a stop"), (waiter.File, waiter.Stops[0].Name, "the stop that releases it")]);
    }

    private static bool Mentions(Node node, string name) => Walker.Descendants(node).OfType<Ident>().Any(i => i.Name == name);
}
