using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>
/// Calls of an element of a map of functions (`handlers[kind](msg)`, `if f, ok := m[k]; ok { f() }`): the map is a
/// local, an unexported package-level variable or a field of the package's own named struct type (unexported, or any
/// in a closed world), and the package sees every element stored in it: `m[k] = v`, and the values of every map
/// literal the variable is given. Any other use of the map (passed to a function, returned, copied, its address taken,
/// a parameter's map) may store elements the package cannot see, and the call reaches nothing, as before.
/// </summary>
internal sealed partial class CallGraph
{
    private Dictionary<Ident, List<ValueStore>?>? mapElementStores;
    private readonly Dictionary<Ident, IReadOnlyList<CallTarget>?> mapElementValues = new(ReferenceEqualityComparer.Instance);

    /// <summary>Every function an element of the map <paramref name="map"/> names can be; null when one of them is not known.</summary>
    private IReadOnlyList<CallTarget>? MapElementValues(Expr map)
    {
        if (MapOf(map) is not { Declaration: { } name } variable || !IsSeenWhole(variable)
            || !(mapElementStores ??= FindMapElementStores()).TryGetValue(name, out var stores) || stores is null)
            return null;
        if (mapElementValues.TryGetValue(name, out var values))
            return values;
        mapElementValues[name] = null; // a map whose elements come from itself: unknown while it is worked out
        mapElementValues[name] = values = ValuesOf(stores, s => BodiesOf(s.Value!, s.TakenIn, null, resolveLocals: true, resolveParameters: true));
        return values;
    }

    // The variable or field a map expression names, when its elements are functions.
    private Var? MapOf(Expr expr) => MapOf(Syntax.Unparen(expr) switch
    {
        Ident id => Info.ObjectOf(id) as Var,
        SelectorExpr selector => Info.Selected(selector) as Var ?? Info.ObjectOf(selector.Sel) as Var,
        _ => null,
    });

    private static Var? MapOf(Var? variable) =>
        variable is not null && Types.Unalias(variable.Type).Underlying is GoTypes.MapType { Value: var element } && IsFunc(element) ? variable : null;

    // Whether every use of the variable is in the package's files: a local, or an unexported (in a closed world, any)
    // package-level variable or field of this package. A field must also belong to a named struct type (see FindFieldStores).
    private bool IsSeenWhole(Var variable) =>
        !variable.IsPackageLevel && !variable.IsField
        || ReferenceEquals(variable.Package, Info.Package) && (!variable.IsExported || IsClosedWorld);

    private Dictionary<Ident, List<ValueStore>?> FindMapElementStores()
    {
        var stores = new Dictionary<Ident, List<ValueStore>?>(ReferenceEqualityComparer.Instance);
        var namedFields = new HashSet<Ident>(ReferenceEqualityComparer.Instance);
        void Store(Var variable, Expr? value, FuncDecl? takenIn)
        {
            if (variable.Declaration is not { } name)
                return;
            if (!stores.TryGetValue(name, out var list))
                stores[name] = list = [];
            list?.Add(new ValueStore(value, takenIn, null));
        }
        // The map the variable is given as a whole: a literal's values are its elements; `make` and nil add none.
        void Given(Var variable, Expr? value, FuncDecl? takenIn)
        {
            switch (value is null ? null : Syntax.Unparen(value))
            {
                case CompositeLit literal:
                    foreach (var element in literal.Elts)
                        Store(variable, element is KeyValueExpr pair ? pair.Value : null, takenIn);
                    break;
                case CallExpr { Fun: Ident { Name: "make" } make } when Info.ObjectOf(make) is Builtin:
                    break;
                case Ident id when Info.ObjectOf(id) is Nil:
                    break;
                default:
                    Store(variable, null, takenIn);
                    break;
            }
        }
        foreach (var file in files)
        {
            foreach (var decl in file.Syntax.Decls)
            {
                var takenIn = decl is FuncDecl function && declarations.ContainsKey(function) ? function : null;
                Walker.Inspect(decl, n =>
                {
                    if (n is TypeSpec { Type: GoSyntax.StructType declared } spec && spec.Assign == FileText.NoPos)
                        namedFields.UnionWith(declared.Fields.List.SelectMany(f => f.Names));
                    if (n is CompositeLit literal && !literal.Elts.Any(e => e is KeyValueExpr)
                        && Info.TypeOf(literal) is { } type && Types.Unalias(Types.Deref(type)).Underlying is GoTypes.StructType positional)
                        for (var i = 0; i < literal.Elts.Count && i < positional.Fields.Count; i++)
                            if (MapOf(positional.Fields[i]) is { } field)
                                Given(field, literal.Elts[i], takenIn);
                    if (n is CallExpr { Args.Count: 1 } conversion && Info.IsType(conversion.Fun) && Info.TypeOf(conversion.Fun) is { } converted
                        && Types.Unalias(converted).Underlying is GoTypes.StructType fields)
                        foreach (var field in fields.Fields)
                            if (MapOf(field) is not null)
                                Store(field, null, takenIn); // another struct type's maps
                    if (n is Ident { } sel && file.Index.Parent(sel) is SelectorExpr owner && ReferenceEquals(owner.Sel, sel))
                        return true; // the selector itself is the use
                    if (n is not (Ident or SelectorExpr) || MapOf((Expr)n) is not { } variable)
                        return true;
                    Classify(file, (Expr)n, variable, takenIn, Store, Given);
                    return true;
                });
            }
        }
        foreach (var name in stores.Keys.ToList())
            if (Info.ObjectOf(name) is Var { IsField: true } && !namedFields.Contains(name))
                stores[name] = null;
        return stores;
    }

    // One use of a map of functions: an element stored, the whole map given, or a use that cannot store (a read, an
    // index, `len`, `delete`, `range`); anything else makes its elements unknown.
    private void Classify(LintFile file, Expr use, Var variable, FuncDecl? takenIn, Action<Var, Expr?, FuncDecl?> store, Action<Var, Expr?, FuncDecl?> given)
    {
        Node node = use;
        while (file.Index.Parent(node) is ParenExpr paren)
            node = paren;
        switch (file.Index.Parent(node))
        {
            case IndexExpr index when ReferenceEquals(index.X, node):
                if (file.Index.Parent(index) is AssignStmt elementStore && IndexIn(elementStore.Lhs, index) is var element and >= 0)
                    store(variable, elementStore.Lhs.Count == elementStore.Rhs.Count && elementStore.Tok == Token.Assign ? elementStore.Rhs[element] : null, takenIn);
                break;
            case AssignStmt assign when IndexIn(assign.Lhs, node) is var target and >= 0:
                given(variable, assign.Lhs.Count == assign.Rhs.Count && assign.Tok is Token.Assign or Token.Define ? assign.Rhs[target] : null, takenIn);
                break;
            case ValueSpec spec when IndexIn(spec.Names, node) is var name and >= 0:
                if (spec.Values.Count > 0)
                    given(variable, spec.Names.Count == spec.Values.Count ? spec.Values[name] : null, takenIn);
                break;
            case KeyValueExpr pair when ReferenceEquals(pair.Key, node):
                given(variable, pair.Value, takenIn);
                break;
            case Field when variable.IsField:
                break; // the field's declaration
            case CallExpr { Fun: Ident { Name: "len" or "delete" } builtin } when Info.ObjectOf(builtin) is Builtin:
                break;
            case RangeStmt range when ReferenceEquals(range.X, node):
                break;
            default:
                store(variable, null, takenIn);
                break;
        }
    }

    private static int IndexIn<T>(IReadOnlyList<T> nodes, Node node) where T : Node
    {
        for (var i = 0; i < nodes.Count; i++)
            if (ReferenceEquals(nodes[i], node))
                return i;
        return -1;
    }
}
