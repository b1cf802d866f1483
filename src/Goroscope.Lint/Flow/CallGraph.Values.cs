using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>
/// The receiver of a method reached through a method value, as a call of that value can name it: the operand `v` of
/// `v.m` when the call is made in the function that took the value (<see cref="Operand"/> in <see cref="TakenIn"/>),
/// or the struct whose field is called when the field only ever holds methods of the struct it belongs to
/// (`s.onClose = s.cleanup`, called as `t.onClose()`, runs on t). Neither: the receiver is unknown at the call.
/// </summary>
internal sealed record BoundReceiver(Expr? Operand, FuncDecl? TakenIn, bool IsCalledStruct)
{
    public static BoundReceiver Unknown { get; } = new(null, null, false);
}

/// <summary>
/// Calls through function values (as go/ssa's static and VTA call graphs follow them, conservatively): a struct field
/// of func type, a func-typed parameter, or a local variable calls the package's bodies only when every value that can
/// flow there is a known one — a function literal, a function of the package, or a method value `v.m` of a method of
/// the package (nil runs nothing). One value the package cannot see (an exported field or function other packages may
/// set or call, a value from a call, a parameter passed on) and the call reaches nothing, as before.
/// </summary>
internal sealed partial class CallGraph
{
    private Dictionary<Ident, IReadOnlyList<CallTarget>?>? fieldValues;
    private Dictionary<Var, IReadOnlyList<CallTarget>?>? parameterValues;
    private Dictionary<Ident, List<ValueStore>?>? fieldStores;
    private Dictionary<Var, List<ValueStore>?>? parameterArguments;

    /// <summary>
    /// One value stored in a field or passed for a parameter: the expression (null when the store cannot be read:
    /// through a pointer, a conversion, a range), the function it is written in, for a field the struct it is
    /// stored into (`x` of `x.f = v`), and for an argument of a method the receiver it is called on (`x` of
    /// `x.SetHook(v)`, when the method runs on x itself).
    /// </summary>
    private sealed record ValueStore(Expr? Value, FuncDecl? TakenIn, Expr? Owner, Expr? CallReceiver = null);

    private Dictionary<Var, IReadOnlyList<CallTarget>?>? setterValues;

    // The values a setter's parameter stores into a field of its own receiver (`func (w *T) SetHook(f func()) { w.hook = f }`),
    // each with the struct the setter was called on as the owner of the field: a literal passed as
    // `x.SetHook(func() { x.mu.Lock() … })` locks the struct whose field is called, as if stored as `x.hook = …`.
    private IReadOnlyList<CallTarget>? SetterValues(Var parameter)
    {
        setterValues ??= new(ReferenceEqualityComparer.Instance);
        if (!setterValues.TryGetValue(parameter, out var values))
            setterValues[parameter] = values = ArgumentsOf(parameter) is { Count: > 0 } arguments
                ? ValuesOf(arguments, a => BodiesOf(a.Value!, a.TakenIn, a.CallReceiver, resolveLocals: true, resolveParameters: false))
                : null;
        return values;
    }

    // Whether `owner` is the receiver of the method the store is written in.
    private bool IsReceiverOf(FuncDecl? method, Expr? owner) =>
        method?.Recv is { List: [{ Names: [var receiver] }] } && owner is not null && Syntax.Unparen(owner) is Ident id
        && Info.ObjectOf(id) is Var variable && ReferenceEquals(variable.Declaration, receiver);

    // Every function value a func-typed field of the package's own types can hold, keyed by the field's declaring name
    // (a generic type's instances have field objects of their own): null when one of them is not known.
    private IReadOnlyList<CallTarget>? FieldValues(Var field)
    {
        if (StoresOf(field) is not { } stores || field.Declaration is not { } name)
            return null;
        fieldValues ??= new(ReferenceEqualityComparer.Instance);
        if (!fieldValues.TryGetValue(name, out var values))
            fieldValues[name] = values = ValuesOf(stores, s => BodiesOf(s.Value!, s.TakenIn, s.Owner, resolveLocals: true, resolveParameters: true));
        return values;
    }

    // Unknown when no call is seen: the callers may be in files not linted (tests), and a field stored from it must
    // not look as if it held only its other values.
    private IReadOnlyList<CallTarget>? ParameterValues(Var parameter)
    {
        parameterValues ??= new(ReferenceEqualityComparer.Instance);
        if (!parameterValues.TryGetValue(parameter, out var values))
            parameterValues[parameter] = values = ArgumentsOf(parameter) is { Count: > 0 } arguments
                ? ValuesOf(arguments, a => BodiesOf(a.Value!, a.TakenIn, null, resolveLocals: true, resolveParameters: false))
                : null;
        return values;
    }

    // The bodies every store can be: null as soon as one store is unreadable or its value unknown.
    private static IReadOnlyList<CallTarget>? ValuesOf(List<ValueStore> stores, Func<ValueStore, List<CallTarget>?> bodies)
    {
        var set = new ValueSet();
        foreach (var store in stores)
            set.Add(store.Value is null ? null : bodies(store));
        return set.Targets;
    }

    /// <summary>
    /// Every store into a field of func or interface type of the package's own named struct types, when the package
    /// sees them all (the field is unexported, or the package is `main`); null otherwise.
    /// </summary>
    private List<ValueStore>? StoresOf(Var field) =>
        field.Declaration is { } name && (fieldStores ??= FindFieldStores()).TryGetValue(name, out var stores)
        && ReferenceEquals(field.Package, Info.Package) && (!field.IsExported || IsClosedWorld)
            ? stores
            : null;

    /// <summary>The arguments every call site passes for a func- or interface-typed parameter (<see cref="FindParameterArguments"/>); null when some caller is not seen.</summary>
    private List<ValueStore>? ArgumentsOf(Var parameter) =>
        (parameterArguments ??= FindParameterArguments()).GetValueOrDefault(parameter);

    private static bool IsFollowed(GoType type) => IsFunc(type) || Types.Unalias(type).Underlying is GoTypes.InterfaceType;

    // Only fields of a named struct type count: a value of an unnamed struct type can be assigned from another unnamed
    // struct written the same way, whose fields are other objects; a conversion from another struct type brings that
    // type's values too.
    private Dictionary<Ident, List<ValueStore>?> FindFieldStores()
    {
        var stores = new Dictionary<Ident, List<ValueStore>>(ReferenceEqualityComparer.Instance);
        var named = new HashSet<Ident>(ReferenceEqualityComparer.Instance);
        void Store(Var field, Expr? value, FuncDecl? takenIn, Expr? owner)
        {
            if (field.Declaration is not { } name || !IsFollowed(field.Type))
                return;
            if (!stores.TryGetValue(name, out var list))
                stores[name] = list = [];
            list.Add(new ValueStore(value, takenIn, owner));
        }
        foreach (var file in files)
        {
            foreach (var decl in file.Syntax.Decls)
            {
                var takenIn = decl is FuncDecl function && declarations.ContainsKey(function) ? function : null;
                Walker.Inspect(decl, n =>
                {
                    switch (n)
                    {
                        case AssignStmt assign:
                            for (var i = 0; i < assign.Lhs.Count; i++)
                                if (Syntax.Unparen(assign.Lhs[i]) is SelectorExpr target && Info.Selected(target) is Var { IsField: true } field)
                                    Store(field, assign.Lhs.Count == assign.Rhs.Count && assign.Tok is Token.Assign or Token.Define ? assign.Rhs[i] : null, takenIn, target.X);
                            break;
                        case CompositeLit literal when Info.TypeOf(literal) is { } type && Types.Unalias(Types.Deref(type)).Underlying is GoTypes.StructType structure:
                            for (var i = 0; i < literal.Elts.Count; i++)
                            {
                                if (literal.Elts[i] is KeyValueExpr { Key: Ident key } pair && Info.ObjectOf(key) is Var { IsField: true } keyed)
                                    Store(keyed, pair.Value, takenIn, null);
                                else if (literal.Elts[i] is not KeyValueExpr && i < structure.Fields.Count)
                                    Store(structure.Fields[i], literal.Elts[i], takenIn, null);
                            }
                            break;
                        case UnaryExpr { Op: Token.And } address when Syntax.Unparen(address.X) is SelectorExpr selector && Info.Selected(selector) is Var { IsField: true } field:
                            Store(field, null, takenIn, null); // assignable through the pointer
                            break;
                        case TypeSpec { Type: GoSyntax.StructType declared } spec when spec.Assign == FileText.NoPos:
                            named.UnionWith(declared.Fields.List.SelectMany(f => f.Names));
                            break;
                        case CallExpr { Args.Count: 1 } conversion when Info.IsType(conversion.Fun) && Info.TypeOf(conversion.Fun) is { } converted
                            && Types.Unalias(converted).Underlying is GoTypes.StructType fields:
                            foreach (var field in fields.Fields)
                                Store(field, null, takenIn, null);
                            break;
                        case RangeStmt range:
                            foreach (var assigned in new[] { range.Key, range.Value })
                                if (assigned is not null && Syntax.Unparen(assigned) is SelectorExpr selector && Info.Selected(selector) is Var { IsField: true } field)
                                    Store(field, null, takenIn, null);
                            break;
                    }
                    return true;
                });
            }
        }
        return stores.ToDictionary(v => v.Key, v => named.Contains(v.Key) ? v.Value : null, (IEqualityComparer<Ident>)ReferenceEqualityComparer.Instance);
    }

    // The arguments passed for each func- or interface-typed parameter of a function of the package that only the
    // package calls, and only by name, and that never assigns the parameter: null for the others. In a closed world
    // (package `main`) no other package can call a function (it can only be handed one as a value); an exported method
    // may still be called through another package's interface (`ServeHTTP`, `Format`), unless its parameters name a
    // type of the package, which no other package's interface can (it cannot import the package).
    private Dictionary<Var, List<ValueStore>?> FindParameterArguments()
    {
        var sites = new Dictionary<FuncDecl, List<(CallExpr Call, FuncDecl? Caller)>>(ReferenceEqualityComparer.Instance);
        var usedAsValue = new HashSet<FuncDecl>(ReferenceEqualityComparer.Instance);
        var calledThroughInterfaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var decl in file.Syntax.Decls)
            {
                var caller = decl is FuncDecl function && declarations.ContainsKey(function) ? function : null;
                Walker.Inspect(decl, n =>
                {
                    if (n is CallExpr call && Info.Callee(call) is { } callee)
                    {
                        if (callee.Decl is { } called && declarations.ContainsKey(called))
                            (sites.TryGetValue(called, out var list) ? list : sites[called] = []).Add((call, caller));
                        else if (callee.Decl is null && ReferenceEquals(callee.Package, Info.Package))
                            calledThroughInterfaces.Add(callee.Name);
                    }
                    if (n is Ident id && !Info.IsDefinition(id) && Info.ObjectOf(id) is Func { Decl: { } named } && !IsCalledByName(file, id))
                        usedAsValue.Add(named);
                    return true;
                });
            }
        }
        var found = new Dictionary<Var, List<ValueStore>?>(ReferenceEqualityComparer.Instance);
        foreach (var decl in declarations.Keys)
        {
            if (decl.Type.TypeParams is { List.Count: > 0 } || decl.Recv is { List: [{ Type: { } receiver }] } && IsGenericReceiver(receiver))
                continue;
            var parameters = Parameters(decl);
            if (!parameters.Any(p => p.Var is not null && IsFollowed(p.Var.Type)))
                continue;
            var open = usedAsValue.Contains(decl) || decl.Name.IsExported && !(IsClosedWorld && (decl.Recv is null || MentionsOwnType(decl)))
                || decl.Recv is not null && calledThroughInterfaces.Contains(decl.Name.Name) || decl.Name.Name is "init" or "main";
            var assigned = Reassigned(decl.Body!);
            var calls = sites.GetValueOrDefault(decl) ?? [];
            for (var index = 0; index < parameters.Count; index++)
            {
                var (parameter, variadic) = parameters[index];
                if (parameter is null || !IsFollowed(parameter.Type))
                    continue;
                found[parameter] = open || variadic || assigned.Contains(parameter)
                    ? null
                    : calls.Select(c => new ValueStore(c.Call.EllipsisPos < 0 && c.Call.Args.Count == parameters.Count ? c.Call.Args[index] : null, c.Caller, null, ReceiverOperand(c.Call, decl))).ToList();
            }
        }
        return found;
    }

    // The operand `x` of a call `x.m(…)` of a method that runs on x itself (not a promoted method, which runs on the
    // embedded field); null for anything else.
    private Expr? ReceiverOperand(CallExpr call, FuncDecl method) =>
        method.Recv is not null && Syntax.Unparen(call.Fun) is SelectorExpr selector && Info.Selected(selector) is Func { Signature.Receiver: { } receiver }
        && Info.TypeOf(selector.X) is { } operand && Types.Deref(operand).ToString() == Types.Deref(receiver.Type).ToString()
            ? selector.X
            : null;

    // Whether a parameter of the function has a type declared in this package, or built from one (`func(*lessor)`).
    private bool MentionsOwnType(FuncDecl decl) =>
        Parameters(decl).Any(p => p.Var is not null && Mentions(p.Var.Type, 0));

    private bool Mentions(GoType type, int depth) => depth < 8 && Types.Unalias(type) switch
    {
        NamedType named => ReferenceEquals(named.Package, Info.Package) || named.TypeArgs.Any(a => Mentions(a, depth + 1)),
        PointerType pointer => Mentions(pointer.Elem, depth + 1),
        SliceType slice => Mentions(slice.Elem, depth + 1),
        GoTypes.ArrayType array => Mentions(array.Elem, depth + 1),
        GoTypes.MapType map => Mentions(map.Key, depth + 1) || Mentions(map.Value, depth + 1),
        GoTypes.ChanType channel => Mentions(channel.Elem, depth + 1),
        Signature signature => signature.Params.Vars.Concat(signature.Results.Vars).Any(v => Mentions(v.Type, depth + 1)),
        _ => false,
    };

    // The parameters of a declaration in order, each with its object (null for a blank or unnamed one) and whether it is `...T`.
    private List<(Var? Var, bool Variadic)> Parameters(FuncDecl decl)
    {
        var parameters = new List<(Var?, bool)>();
        foreach (var field in decl.Type.Params.List)
        {
            if (field.Names.Count == 0)
                parameters.Add((null, field.Type is Ellipsis));
            foreach (var name in field.Names)
                parameters.Add((Info.ObjectOf(name) as Var, field.Type is Ellipsis));
        }
        return parameters;
    }

    // Local variables of a body assigned after their declaration, or whose address is taken.
    private HashSet<Var> Reassigned(BlockStmt body)
    {
        var assigned = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        Walker.Inspect(body, n =>
        {
            var targets = n switch
            {
                AssignStmt assign => assign.Lhs,
                UnaryExpr { Op: Token.And } address => [address.X],
                IncDecStmt step => [step.X],
                _ => (IReadOnlyList<Expr>)[],
            };
            foreach (var target in targets)
                if (Syntax.Unparen(target) is Ident id && !Info.IsDefinition(id) && Info.ObjectOf(id) is Var variable)
                    assigned.Add(variable);
            return true;
        });
        return assigned;
    }

    // A name of a function used as the callee of a call (`f(…)`, `s.m(…)`), not as a value.
    private static bool IsCalledByName(LintFile file, Ident id)
    {
        Node use = file.Index.Parent(id) is SelectorExpr selector && ReferenceEquals(selector.Sel, id) ? selector : id;
        return file.Index.Parent(use) is CallExpr call && ReferenceEquals(call.Fun, use);
    }

    private static bool IsGenericReceiver(Expr receiver) =>
        (receiver is StarExpr star ? star.X : receiver) is IndexExpr or IndexListExpr;

    private static bool IsFunc(GoType type) => Types.Unalias(type).Underlying is Signature;

    /// <summary>
    /// The bodies a function value is: a literal; a function of the package; a method value `v.m` of a method of the
    /// package (<paramref name="owner"/>: the struct whose field it is stored in, when it is); for a local variable
    /// (<paramref name="resolveLocals"/>) the bodies it is bound to. Empty for nil; null when the value is not known.
    /// </summary>
    private List<CallTarget>? BodiesOf(Expr value, FuncDecl? takenIn, Expr? owner, bool resolveLocals, bool resolveParameters = false)
    {
        switch (Syntax.Unparen(value))
        {
            case FuncLit literal:
                return TargetOf(literal) is not { } body ? null
                    : CapturesItsOwner(body, takenIn, owner) ? [body with { Receiver = new BoundReceiver(owner, takenIn, true) }]
                    : [body];
            case Ident id when Info.ObjectOf(id) is Nil:
                return [];
            case Ident id when Info.ObjectOf(id) is Func { Decl: { Recv: null } decl } && declarations.ContainsKey(decl):
                return [TargetOf(decl)];
            case IndexExpr element when resolveLocals && MapOf(element.X) is not null:
                return MapElementValues(element.X) is { } elements ? [.. elements] : null;
            case Ident id when resolveLocals && Info.ObjectOf(id) is Var { IsPackageLevel: false, IsField: false } local && LocalValues(local) is { } bound:
                return [.. bound.Select(t => t.Function is FuncLit && CapturesItsOwner(t, takenIn, owner) ? t with { Receiver = new BoundReceiver(owner, takenIn, true) } : t)];
            case Ident id when resolveParameters && IsReceiverOf(takenIn, owner) && Info.ObjectOf(id) is Var { IsPackageLevel: false, IsField: false } parameter
                && SetterValues(parameter) is { } set:
                return [.. set];
            case Ident id when resolveParameters && Info.ObjectOf(id) is Var { IsPackageLevel: false, IsField: false } parameter
                && ParameterValues(parameter) is { } passed:
                return [.. passed];
            case SelectorExpr selector when Info.Selected(selector) is Func { Decl: { Recv: not null } decl, Signature.Receiver: { } receiver }
                && declarations.ContainsKey(decl) && !Info.IsType(selector.X) && Info.TypeOf(selector.X) is { } operand
                && Types.Unalias(Types.Deref(operand)).Underlying is not GoTypes.InterfaceType:
                // A promoted method runs on the embedded field, not on the operand.
                var own = Types.Deref(operand).ToString() == Types.Deref(receiver.Type).ToString();
                var self = own && owner is not null && Types.Unalias(operand) is PointerType && SameVariable(owner, selector.X);
                return [TargetOf(decl) with { Receiver = self ? new BoundReceiver(null, null, true) : own ? new BoundReceiver(selector.X, takenIn, false) : BoundReceiver.Unknown }];
            default:
                return null;
        }
    }

    // A literal stored, in the function that writes it, into a field of a pointer variable of that function which
    // nothing assigns again (`h.onDrop = func(id int) { h.mu.Lock() … }`): the variable it captures is the struct
    // whose field is called, so `t.onDrop(id)` locks `t.mu`. Which of its locks are named through the owner is up to
    // Translate (a lock of another captured variable stays unnamed).
    private bool CapturesItsOwner(CallTarget literal, FuncDecl? takenIn, Expr? owner) =>
        owner is not null && takenIn is not null && ReferenceEquals(literal.Enclosing, takenIn)
        && Syntax.Unparen(owner) is Ident id && Info.ObjectOf(id) is Var { IsField: false, IsPackageLevel: false } variable
        && Types.Unalias(variable.Type) is PointerType && !Reassigned(takenIn.Body!).Contains(variable);

    private bool SameVariable(Expr a, Expr b) =>
        Syntax.Unparen(a) is Ident x && Syntax.Unparen(b) is Ident y && Info.ObjectOf(x) is Var variable && ReferenceEquals(variable, Info.ObjectOf(y));

    // The bodies every value stored in one place can be; unknown (null) as soon as one value is. A method reached
    // with different receivers keeps none.
    private sealed class ValueSet
    {
        private readonly List<CallTarget> targets = [];
        private bool unknown;

        public IReadOnlyList<CallTarget>? Targets => unknown ? null : targets;

        public void Add(List<CallTarget>? bodies)
        {
            if (bodies is null)
            {
                unknown = true;
                return;
            }
            foreach (var body in bodies)
            {
                var index = targets.IndexOf(body);
                if (index < 0)
                    targets.Add(body);
                else if (targets[index].Receiver != body.Receiver)
                    targets[index] = body with { Receiver = BoundReceiver.Unknown };
            }
        }
    }
}
