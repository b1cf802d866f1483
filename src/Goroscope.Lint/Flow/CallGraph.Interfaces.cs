using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>
/// Calls of interface methods, resolved by the concrete values that can reach the receiver (as go/ssa's VTA call graph
/// does, where the package sees every one of them), else by the implementations of the program where it is closed:
/// <list type="number">
/// <item>the receiver is a field of the package's own named struct type, or a parameter of a function only the package
/// calls, and every value stored or passed there has a concrete type whose method is declared in the package (nil
/// runs nothing): those methods, and no other (when none is seen, a function nobody calls, the next reading);</item>
/// <item>a closed world (<see cref="IsClosedWorld"/>: package `main`, test-only code) fully resolved, the interface declared in it, and
/// no value of another package's type, of an interface from outside, or of a type assertion can become one: the
/// methods of the package's types whose values do;</item>
/// <item>an unexported method of an interface of the package (only its own types can have it): every implementation
/// in the package;</item>
/// <item>otherwise the package's implementations, but the call is open (<see cref="IsOpen"/>): bodies of other
/// packages may run instead, so no rule may read "every target does X" from them.</item>
/// </list>
/// </summary>
internal sealed partial class CallGraph
{
    private readonly Dictionary<CallExpr, InterfaceCall> interfaceCalls = new(ReferenceEqualityComparer.Instance);
    private Dictionary<NamedType, IReadOnlyList<GoType>?>? closedWorld;

    private sealed record InterfaceCall(IReadOnlyList<CallTarget> Targets, bool IsOpen);

    /// <summary>
    /// Whether a call may run a body the package cannot see besides its <see cref="Targets"/>: an interface method
    /// call whose receiver's values and the implementations of whose interface the package does not all know.
    /// </summary>
    public bool IsOpen(CallExpr call) => InterfaceCallOf(call) is { IsOpen: true };

    private bool? isClosedWorld;

    /// <summary>
    /// Whether no other package can import this one, so every call of its functions and every value of its types is
    /// in its own files: package `main`; an external test package (`x_test`); a package of `_test.go` files only,
    /// when its directory has no external test package that could import it. Exported names are then no open API
    /// (an exported method may still be called through another package's interface, see FindParameterArguments).
    /// </summary>
    public bool IsClosedWorld => isClosedWorld ??= Info.Package.Name == "main" || Info.Package.Name.EndsWith("_test", StringComparison.Ordinal)
        || files.Count > 0 && files.All(f => f.Path.EndsWith("_test.go", StringComparison.Ordinal)) && !HasExternalTests(Info.Package);

    // Whether a `<name>_test` package sits beside the package's files (read from the package clause of each test file).
    private static bool HasExternalTests(Package package)
    {
        try
        {
            var clause = "package " + package.Name + "_test";
            return Directory.EnumerateFiles(package.Directory, "*_test.go")
                .Any(path => File.ReadLines(path).Any(line => line.StartsWith(clause, StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return true;
        }
    }

    private InterfaceCall? InterfaceCallOf(CallExpr call)
    {
        if (interfaceCalls.TryGetValue(call, out var known))
            return known;
        if (Syntax.Unparen(call.Fun) is not SelectorExpr selector || Info.Callee(call) is not { Decl: null } method
            || Info.TypeOf(selector.X) is not { } receiver || receiver is TypeParam
            || Types.Unalias(receiver).Underlying is not GoTypes.InterfaceType)
            return null;
        return interfaceCalls[call] = ResolveInterfaceCall(selector, method, receiver);
    }

    private InterfaceCall ResolveInterfaceCall(SelectorExpr selector, Func method, GoType receiver)
    {
        if (ReceiverStores(selector.X) is { } stores && ConcreteTargets(stores, method.Name) is { Count: > 0 } flowing)
            return new InterfaceCall(flowing, false);
        if (ClosedWorldTargets(receiver, method.Name) is { } closed)
            return new InterfaceCall(closed, false);
        var ownMethod = !method.IsExported && ReferenceEquals(method.Package, Info.Package);
        return new InterfaceCall(Implementations(method, receiver), !ownMethod);
    }

    // Every value that can reach an interface-typed receiver, when the package sees them all: a field's stores or a
    // parameter's arguments (CallGraph.Values.cs). Null for anything else (a local, a call's result, a map element).
    private List<ValueStore>? ReceiverStores(Expr receiver) => Syntax.Unparen(receiver) switch
    {
        SelectorExpr field when Info.Selected(field) is Var { IsField: true } stored => StoresOf(stored),
        Ident id when Info.ObjectOf(id) is Var { IsPackageLevel: false, IsField: false } parameter => ArgumentsOf(parameter),
        _ => null,
    };

    // The methods named `name` of the concrete types of every stored value; null when one value is of an interface
    // type, of a type whose method the package does not declare, or cannot be read.
    private IReadOnlyList<CallTarget>? ConcreteTargets(List<ValueStore> stores, string name)
    {
        var set = new ValueSet();
        foreach (var store in stores)
            set.Add(store.Value is null ? null : ConcreteTarget(store, name));
        return set.Targets;
    }

    private List<CallTarget>? ConcreteTarget(ValueStore store, string name)
    {
        var value = Syntax.Unparen(store.Value!);
        if (value is Ident nil && Info.ObjectOf(nil) is Nil)
            return [];
        if (Info.TypeOf(value) is not { } type || Types.Unalias(type).Underlying is GoTypes.InterfaceType || type is TypeParam
            || MethodOf(type, name) is not { } target)
            return null;
        // `s.handler = s`: the method runs on the struct the field is called on, as a method value stored in its own
        // struct does; not a promoted method, which runs on the embedded field.
        var self = store.Owner is not null && Types.Unalias(type) is PointerType && SameVariable(store.Owner, value)
            && target.Method.Signature?.Receiver is { } declared && Types.Deref(type).ToString() == Types.Deref(declared.Type).ToString();
        return [target.Body with { Receiver = self ? new BoundReceiver(null, null, true) : BoundReceiver.Unknown }];
    }

    // The method `name` of a concrete type and its body, when the package declares it; null otherwise.
    private (Func Method, CallTarget Body)? MethodOf(GoType type, string name) =>
        Types.LookupFieldOrMethod(type, name, Info.Package)?.Obj is Func { Decl: { } decl } method && declarations.ContainsKey(decl)
            ? (method, TargetOf(decl))
            : null;

    // In a closed world, the methods `name` of every concrete type whose values the package turns into the interface.
    private IReadOnlyList<CallTarget>? ClosedWorldTargets(GoType receiver, string name)
    {
        if (!IsClosedWorld || !Info.IsFullyResolved || Types.Unalias(receiver) is not NamedType { TypeArgs.Count: 0 } iface
            || !ReferenceEquals(iface.Package, Info.Package))
            return null;
        if (ConcreteTypesOf(iface, []) is not { } types)
            return null;
        var targets = new List<CallTarget>();
        foreach (var type in types)
        {
            if (MethodOf(type, name) is not { } target)
                return null;
            if (!targets.Contains(target.Body))
                targets.Add(target.Body with { Receiver = BoundReceiver.Unknown });
        }
        return targets;
    }

    // The concrete types of the package's expressions that implement the interface (every value of it was one of
    // them once); null when a value may come from elsewhere: a type of another package or a generic one, another
    // interface that is not itself closed, or a type assertion to an interface that can hold it.
    private IReadOnlyList<GoType>? ConcreteTypesOf(NamedType iface, HashSet<NamedType> visiting)
    {
        closedWorld ??= new(ReferenceEqualityComparer.Instance);
        if (closedWorld.TryGetValue(iface, out var known))
            return known;
        if (!visiting.Add(iface))
            return [];
        var found = new List<GoType>();
        var closed = true;
        foreach (var type in ExpressionTypes.Types)
        {
            if (Types.Identical(type, iface) || !Types.Implements(type, iface))
                continue;
            var named = Types.Unalias(Types.Deref(type)) as NamedType;
            if (Types.Unalias(type).Underlying is GoTypes.InterfaceType)
            {
                if (named is { TypeArgs.Count: 0 } other && ReferenceEquals(other.Package, Info.Package) && ConcreteTypesOf(other, visiting) is { } inner)
                    found.AddRange(inner);
                else
                    closed = false;
            }
            else if (named is { TypeArgs.Count: 0 } && ReferenceEquals(named.Package, Info.Package) && named.Obj.Declaration is not null)
                found.Add(type);
            else
                closed = false;
        }
        closed &= !ExpressionTypes.Asserted.Any(a => Types.Implements(iface, a) || Types.Identical(a, iface));
        visiting.Remove(iface);
        return closedWorld[iface] = closed ? found.Distinct(TypeComparer.Instance).ToList() : null;
    }

    private (HashSet<GoType> Types, List<GoType> Asserted)? expressionTypes;

    // Every distinct type of an expression of the package, and the interface types it asserts to (`x.(I)`, `case I:`).
    private (HashSet<GoType> Types, List<GoType> Asserted) ExpressionTypes => expressionTypes ??= FindExpressionTypes();

    private (HashSet<GoType>, List<GoType>) FindExpressionTypes()
    {
        var types = new HashSet<GoType>(TypeComparer.Instance);
        var asserted = new List<GoType>();
        foreach (var file in files)
        {
            Walker.Inspect(file.Syntax, n =>
            {
                switch (n)
                {
                    case TypeAssertExpr { Type: { } target } when Info.TypeOf(target) is { } type && Types.Unalias(type).Underlying is GoTypes.InterfaceType:
                        asserted.Add(type);
                        break;
                    case TypeSwitchStmt typeSwitch:
                        foreach (var clause in typeSwitch.Body.List.OfType<CaseClause>())
                            foreach (var listed in clause.List)
                                if (Info.TypeOf(listed) is { } type && Types.Unalias(type).Underlying is GoTypes.InterfaceType)
                                    asserted.Add(type);
                        break;
                    case Expr expr when !Info.IsType(expr) && Info.TypeOf(expr) is { } type:
                        types.Add(type);
                        break;
                }
                return true;
            });
        }
        return (types, asserted);
    }

    // Types told apart as go/types prints them: two expressions of one type have one type object or equal ones.
    private sealed class TypeComparer : IEqualityComparer<GoType>
    {
        public static TypeComparer Instance { get; } = new();

        public bool Equals(GoType? x, GoType? y) => ReferenceEquals(x, y) || x is not null && y is not null && Types.Identical(x, y);

        public int GetHashCode(GoType type) => type.ToString()!.GetHashCode(StringComparison.Ordinal);
    }
}
