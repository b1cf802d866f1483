using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>How a call site runs what it calls.</summary>
internal enum CallKind
{
    /// <summary>An ordinary call: the callee runs to its end before the caller goes on.</summary>
    Call,
    /// <summary>`go f()`: the callee runs on a goroutine of its own.</summary>
    Go,
    /// <summary>`defer f()`: the callee runs when the caller returns.</summary>
    Defer,
}

/// <summary>One call of a body, and whether it is called, started with `go` or deferred.</summary>
internal sealed record CallSite(CallExpr Call, CallKind Kind);

/// <summary>
/// A body a call can run: a function or method of the package, or a function literal. <see cref="Enclosing"/> is the
/// declaration whose receiver and parameters name locks and other sync objects in the body (the literal's
/// enclosing declaration; the declaration itself for a function).
/// </summary>
internal sealed record CallTarget(Node Function, FuncDecl Enclosing, LintFile File)
{
    /// <summary>For a method reached through a method value (not called by name): the receiver it was bound to; null otherwise.</summary>
    public BoundReceiver? Receiver { get; init; }

    public BlockStmt Body => Function is FuncDecl decl ? decl.Body! : ((FuncLit)Function).Body;

    public bool Equals(CallTarget? other) => other is not null && ReferenceEquals(Function, other.Function);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Function);
}

internal sealed partial class CallGraph
{
    private Dictionary<FuncLit, CallTarget>? literals;
    private Dictionary<Var, IReadOnlyList<CallTarget>>? closures;
    private readonly Dictionary<Func, IReadOnlyList<CallTarget>> implementations = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<CallExpr, IReadOnlyList<CallTarget>> targets = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The calls of a body in source order with how each runs: those of `go` and `defer` statements included (their
    /// arguments are evaluated here, as ordinary calls), not those inside function literals (each is a body of its own).
    /// </summary>
    public static IReadOnlyList<CallSite> SitesIn(Node body)
    {
        var sites = new List<CallSite>();
        Walker.Inspect(body, n =>
        {
            switch (n)
            {
                case FuncLit when !ReferenceEquals(n, body):
                    return false;
                case GoStmt or DeferStmt:
                    var (started, kind) = n is GoStmt go ? (go.Call, CallKind.Go) : (((DeferStmt)n).Call, CallKind.Defer);
                    sites.Add(new CallSite(started, kind));
                    foreach (var argument in started.Args)
                        sites.AddRange(SitesIn(argument).Where(s => s.Kind == CallKind.Call));
                    return false;
                case CallExpr call:
                    sites.Add(new CallSite(call, CallKind.Call));
                    return true;
                default:
                    return true;
            }
        });
        return sites.OrderBy(s => s.Call.Pos).ToList();
    }

    /// <summary>The body of a function of the package with its file.</summary>
    public CallTarget TargetOf(FuncDecl decl) => new(decl, decl, FileOf(decl));

    /// <summary>The body of a function when it is declared, with a body, in this package; null otherwise.</summary>
    public CallTarget? TargetInPackage(FuncDecl decl) => declarations.ContainsKey(decl) ? TargetOf(decl) : null;

    /// <summary>
    /// Whether some body within <paramref name="depth"/> calls of <paramref name="start"/> (any kind of call the package
    /// can follow) is <paramref name="reached"/>. A walk cut at the depth with calls left to follow counts as not
    /// reaching: counted as reaching, every edge the graph gains (`once.Do(f)`, a map of functions) would make more
    /// starts "reach" by size alone.
    /// </summary>
    public bool MayReach(CallTarget start, Func<CallTarget, bool> reached, int depth)
    {
        var seen = new HashSet<CallTarget> { start };
        var frontier = new List<CallTarget> { start };
        for (var level = 0; level <= depth && frontier.Count > 0; level++)
        {
            if (frontier.Any(reached))
                return true;
            frontier = frontier.SelectMany(t => SitesIn(t.Body)).SelectMany(s => Targets(s.Call)).Where(seen.Add).ToList();
        }
        return false;
    }

    /// <summary>A function literal of the package as a body of its own; null when it is not inside a function of the package.</summary>
    public CallTarget? TargetOf(FuncLit literal) => Literals.GetValueOrDefault(literal);

    /// <summary>Every function literal of the package, inside the functions of <see cref="Functions"/>.</summary>
    public IEnumerable<CallTarget> FunctionLiterals => Literals.Values;

    /// <summary>
    /// What a call can run in the package: the static callee (<see cref="Callee"/>), a literal called in place, the
    /// function values (CallGraph.Values.cs) of a local variable assigned one and nothing else (`f := func() {…}; f()`,
    /// `f := s.flush`), of a func-typed field or parameter every value of which is known (`s.onClose()`, `fn()` in
    /// `retry(fn func())`), or for an interface method the methods the receiver's values can run
    /// (CallGraph.Interfaces.cs; <see cref="IsOpen"/> when bodies of other packages may run too). Empty when it
    /// reaches nothing here.
    /// </summary>
    public IReadOnlyList<CallTarget> Targets(CallExpr call)
    {
        // Every rule and summary asks again for the same calls: worked out once per call.
        if (!targets.TryGetValue(call, out var found))
            targets[call] = found = FindTargets(call);
        return found;
    }

    private IReadOnlyList<CallTarget> FindTargets(CallExpr call)
    {
        var fun = Syntax.Unparen(call.Fun);
        if (fun is FuncLit literal)
            return TargetOf(literal) is { } inPlace ? [inPlace] : [];
        if (Callee(call) is { } decl)
            return [TargetOf(decl)];
        if (fun is Ident id && Info.ObjectOf(id) is Var variable)
            return LocalValues(variable) ?? ParameterValues(variable) ?? [];
        if (fun is SelectorExpr stored && Info.Selected(stored) is Var { IsField: true } field)
            return FieldValues(field) ?? [];
        if (fun is IndexExpr element)
            return MapElementValues(element.X) ?? [];
        if (IsOnceDo(call))
            return BodiesOf(call.Args[0], null, null, resolveLocals: true, resolveParameters: true) ?? [];
        return InterfaceCallOf(call)?.Targets ?? [];
    }

    /// <summary>
    /// An object <paramref name="inner"/> of the callee's body named as the caller names it: the callee's receiver becomes
    /// the call's receiver expression, its parameter N (a literal's too) the call's argument N; package-level variables
    /// and a literal's captured variables stay themselves. A method reached through a method value runs on the receiver
    /// it was bound to (<see cref="BoundReceiver"/>). Null when the caller cannot name it.
    /// </summary>
    public LockId? Translate(FuncDecl caller, CallTarget callee, CallExpr call, LockId inner)
    {
        if (callee.Function is FuncLit literal)
        {
            if (inner.Root is Var parameter && ParameterIndex(literal.Type, parameter) is { } index)
                return Argument(caller, literal.Type, call, index, inner.Path);
            if (CapturedOwnerOf(callee) is { } owner && Equals(owner.Root, inner.Root))
                return BoundReceiverOf(caller, call, callee.Receiver!) is { } receiver && Locks.IdOf(Info, caller, receiver) is { } value
                    ? value with { Path = value.Path + inner.Path }
                    : null;
            return ReferenceEquals(callee.Enclosing, caller) || inner.Root is Var { IsPackageLevel: true } ? inner : null;
        }
        var decl = (FuncDecl)callee.Function;
        switch (inner.Root)
        {
            case string root when root.StartsWith("recv ", StringComparison.Ordinal) && callee.Receiver is { } bound:
                return BoundReceiverOf(caller, call, bound) is { } receiver && Locks.IdOf(Info, caller, receiver) is { } value
                    ? value with { Path = value.Path + inner.Path }
                    : null;
            case string root when root.StartsWith("recv ", StringComparison.Ordinal):
                if (Syntax.Unparen(call.Fun) is not SelectorExpr selector || Info.TypeOf(selector.X) is not { } receiverType
                    || "recv " + Types.Deref(receiverType) != root)
                    return null; // a promoted method, or a method expression: the receiver is not the selector's operand
                return Locks.IdOf(Info, caller, selector.X) is { } owner ? owner with { Path = owner.Path + inner.Path } : null;
            case string root when root.StartsWith("param ", StringComparison.Ordinal):
                return Argument(caller, decl.Type, call, int.Parse(root.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture), inner.Path);
            default:
                return inner;
        }
    }

    // The variable a literal stored into its own field captured (CallGraph.Values.cs, CapturesItsOwner), as its
    // enclosing function names it: the lock root that the struct whose field is called stands for.
    private LockId? CapturedOwnerOf(CallTarget literal) =>
        literal.Receiver is { IsCalledStruct: true, Operand: { } owner, TakenIn: { } takenIn } && Locks.IdOf(Info, takenIn, owner) is { Path: "" } id
            ? id
            : null;

    // The receiver a method value runs on, as an expression of the calling function: the operand it was taken from in
    // this same function or in the call's own argument (`once.Do(s.init)`), or the struct whose field is called
    // (`t.onClose()`) or whose interface field's method is (`t.handler.Notify()`).
    private Expr? BoundReceiverOf(FuncDecl caller, CallExpr call, BoundReceiver bound) => bound switch
    {
        { IsCalledStruct: true } => Syntax.Unparen(call.Fun) switch
        {
            SelectorExpr field when Info.Selected(field) is Var { IsField: true } => field.X,
            SelectorExpr { X: var held } when Syntax.Unparen(held) is SelectorExpr interfaceField && Info.Selected(interfaceField) is Var { IsField: true } => interfaceField.X,
            _ => null,
        },
        { Operand: { } operand, TakenIn: { } takenIn } when ReferenceEquals(takenIn, caller) => operand,
        { Operand: { } operand, TakenIn: null } when call.Args.Any(a => Syntax.Unparen(a) is SelectorExpr value && ReferenceEquals(value.X, operand)) => operand,
        _ => null,
    };

    // `once.Do(f)` runs f on the caller's goroutine (the first time; a later call waits until that run is over).
    private bool IsOnceDo(CallExpr call) =>
        call.Args.Count == 1 && Info.Callee(call) is { Name: "Do", Package.Path: "sync", Signature.Receiver: { } receiver }
        && Types.IsNamed(Types.Deref(receiver.Type), "sync", "Once");

    private LockId? Argument(FuncDecl caller, FuncType callee, CallExpr call, int index, string path)
    {
        if (callee.Params.List.Any(f => f.Type is Ellipsis) || index >= call.Args.Count || call.EllipsisPos >= 0)
            return null;
        return Locks.IdOf(Info, caller, call.Args[index]) is { } argument ? argument with { Path = argument.Path + path } : null;
    }

    private static int? ParameterIndex(FuncType type, Var parameter)
    {
        var index = 0;
        foreach (var field in type.Params.List)
        {
            foreach (var name in field.Names)
            {
                if (ReferenceEquals(parameter.Declaration, name))
                    return index;
                index++;
            }
        }
        return null;
    }

    // The methods of the package's named types (through *T, whose method set holds T's too) that implement the interface.
    private IReadOnlyList<CallTarget> Implementations(Func method, GoType receiver)
    {
        if (implementations.TryGetValue(method, out var known))
            return known;
        var found = new List<CallTarget>();
        foreach (var type in Info.Package.Scope.Objects.OfType<TypeName>())
        {
            if (type.IsAlias || type.Type is not NamedType { TypeParams.Count: 0 } named || named.Underlying is GoTypes.InterfaceType)
                continue;
            var pointer = new PointerType(named);
            if (Types.Implements(pointer, receiver) && Types.LookupFieldOrMethod(pointer, method.Name, Info.Package)?.Obj is Func { Decl: { } decl }
                && declarations.ContainsKey(decl))
                found.Add(TargetOf(decl));
        }
        return implementations[method] = found;
    }

    private Dictionary<FuncLit, CallTarget> Literals => literals ??= FindLiterals();

    private Dictionary<FuncLit, CallTarget> FindLiterals()
    {
        var found = new Dictionary<FuncLit, CallTarget>(ReferenceEqualityComparer.Instance);
        foreach (var (decl, file) in declarations)
        {
            Walker.Inspect(decl.Body!, n =>
            {
                if (n is FuncLit literal)
                    found[literal] = new CallTarget(literal, decl, file);
                return true;
            });
        }
        return found;
    }

    private Dictionary<Var, IReadOnlyList<CallTarget>> Closures => closures ??= FindClosures();

    private Dictionary<Var, IndexExpr>? mapLookups;

    // The bodies a local bound once can run: a function value (Closures), or an element of a map of functions.
    private IReadOnlyList<CallTarget>? LocalValues(Var local) =>
        Closures.TryGetValue(local, out var bound) ? bound
        : mapLookups!.TryGetValue(local, out var lookup) ? MapElementValues(lookup.X)
        : null;

    // Local variables assigned exactly one known function value (CallGraph.Values.cs) and nothing else (a `var f func()`
    // before it is no assignment). Not parameters: `if f == nil { f = noop }` keeps the value the caller passed too.
    private Dictionary<Var, IReadOnlyList<CallTarget>> FindClosures()
    {
        var bound = new Dictionary<Var, IReadOnlyList<CallTarget>>(ReferenceEqualityComparer.Instance);
        var lookups = mapLookups = new Dictionary<Var, IndexExpr>(ReferenceEqualityComparer.Instance);
        var reassigned = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        void Assign(FuncDecl function, Expr target, Expr? value)
        {
            if (Syntax.Unparen(target) is not Ident id || Info.ObjectOf(id) is not Var { IsPackageLevel: false, IsField: false } variable)
                return;
            if (value is not null && BodiesOf(value, function, null, resolveLocals: false) is { Count: > 0 } bodies && !lookups.ContainsKey(variable) && bound.TryAdd(variable, bodies))
                return;
            // An element of a map of functions: resolved when asked (MapElementValues may need the locals bound here).
            if (value is not null && Syntax.Unparen(value) is IndexExpr lookup && MapOf(lookup.X) is not null && !bound.ContainsKey(variable) && lookups.TryAdd(variable, lookup))
                return;
            reassigned.Add(variable);
        }
        foreach (var decl in declarations.Keys)
        {
            reassigned.UnionWith(Parameters(decl).Select(p => p.Var).OfType<Var>());
            Walker.Inspect(decl.Body!, n =>
            {
                switch (n)
                {
                    case FuncLit literal:
                        reassigned.UnionWith(literal.Type.Params.List.SelectMany(f => f.Names).Select(Info.ObjectOf).OfType<Var>());
                        break;
                    case AssignStmt { Lhs.Count: 2, Rhs: [IndexExpr lookup] } commaOk:
                        Assign(decl, commaOk.Lhs[0], lookup); // `f, ok := m[k]`
                        Assign(decl, commaOk.Lhs[1], null);
                        break;
                    case AssignStmt assign:
                        for (var i = 0; i < assign.Lhs.Count; i++)
                            Assign(decl, assign.Lhs[i], assign.Lhs.Count == assign.Rhs.Count ? assign.Rhs[i] : null);
                        break;
                    case ValueSpec spec:
                        for (var i = 0; i < spec.Names.Count && spec.Values.Count > 0; i++)
                            Assign(decl, spec.Names[i], spec.Names.Count == spec.Values.Count ? spec.Values[i] : null);
                        break;
                    case UnaryExpr { Op: Token.And, X: var operand }:
                        Assign(decl, operand, null); // its address taken: it can be assigned through the pointer
                        break;
                }
                return true;
            });
        }
        foreach (var variable in reassigned)
        {
            bound.Remove(variable);
            lookups.Remove(variable);
        }
        return bound;
    }
}
