using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

/// <summary>
/// What the resolver worked out about one package's syntax: the type of each expression and the object each
/// identifier declares or refers to. Unknown is null: a rule that gets null must not assume anything.
/// </summary>
public sealed class TypeInfo
{
    private readonly Dictionary<Expr, GoType> types = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Ident, GoObject> objects = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Ident> definitions = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Expr> typeExpressions = new(ReferenceEqualityComparer.Instance);

    internal TypeInfo(Package package) => Package = package;

    public Package Package { get; }

    /// <summary>Value expressions whose type was known completely.</summary>
    public int KnownCount => types.Count(t => t.Value.IsComplete && !typeExpressions.Contains(t.Key));

    /// <summary>Value expressions whose type was unknown, wholly or in part.</summary>
    public int UnknownCount => types.Count(t => !t.Value.IsComplete && !typeExpressions.Contains(t.Key));

    /// <summary>Every value expression of the package had a completely known type.</summary>
    public bool IsFullyResolved => !types.Any(t => !t.Value.IsComplete && !typeExpressions.Contains(t.Key));

    /// <summary>
    /// The type of an expression (a value's type, or the type a type expression denotes); null when unknown.
    /// Untyped constants keep their untyped type ("untyped int") where go/types would report the type they convert to.
    /// </summary>
    public GoType? TypeOf(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        while (expr is ParenExpr paren)
        {
            expr = paren.X;
        }
        if (types.TryGetValue(expr, out var type))
        {
            return type is UnknownType ? null : type;
        }
        // Declaring identifiers are not expressions with a recorded type: their object's type is theirs.
        return expr is Ident id && ObjectOf(id) is (Var or Const) and var obj && obj.Type is not UnknownType ? obj.Type : null;
    }

    /// <summary>Whether the expression denotes a type (sync.Mutex in a declaration) rather than a value.</summary>
    public bool IsType(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        while (expr is ParenExpr paren)
        {
            expr = paren.X;
        }
        return typeExpressions.Contains(expr);
    }

    /// <summary>The type of a value expression (not a type expression); null when unknown.</summary>
    public GoType? ValueTypeOf(Expr expr) => IsType(expr) ? null : TypeOf(expr);

    /// <summary>The object an identifier declares or refers to (a field or method for x.Sel's Sel); null when unknown, blank, or a type switch's symbolic variable.</summary>
    public GoObject? ObjectOf(Ident ident) => objects.GetValueOrDefault(ident);

    /// <summary>Whether the identifier declares its object (rather than using it).</summary>
    public bool IsDefinition(Ident ident) => definitions.Contains(ident);

    /// <summary>Every identifier with an object, in no particular order.</summary>
    public IEnumerable<KeyValuePair<Ident, GoObject>> Objects => objects;

    /// <summary>The field or method a selector x.f selects; null for a package-qualified name or when unknown.</summary>
    public GoObject? Selected(SelectorExpr selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return ObjectOf(selector.Sel) is { } obj and (Var { IsField: true } or Func) ? obj : null;
    }

    /// <summary>The function or method a call calls statically; null for calls of function values, interface methods resolved dynamically stay as the interface method.</summary>
    public Func? Callee(CallExpr call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var fun = call.Fun;
        while (fun is ParenExpr paren)
        {
            fun = paren.X;
        }
        if (fun is IndexExpr or IndexListExpr)
        {
            fun = fun is IndexExpr ix ? ix.X : ((IndexListExpr)fun).X;
        }
        return fun switch
        {
            Ident id => ObjectOf(id) as Func,
            SelectorExpr sel => ObjectOf(sel.Sel) as Func,
            _ => null,
        };
    }

    /// <summary>
    /// Forgets every recorded type and object once the package's analysis is done, to free the memory: the resolver
    /// never reads another package's TypeInfo (importers see its scope's objects), so only this package's questions end.
    /// </summary>
    public void Release()
    {
        types.Clear();
        types.TrimExcess();
        objects.Clear();
        objects.TrimExcess();
        definitions.Clear();
        definitions.TrimExcess();
        typeExpressions.Clear();
        typeExpressions.TrimExcess();
    }

    internal void Record(Expr expr, GoType type, bool isType)
    {
        types[expr] = type;
        if (isType)
        {
            typeExpressions.Add(expr);
        }
    }

    internal void Use(Ident ident, GoObject obj) => objects[ident] = obj;

    internal void Define(Ident ident, GoObject obj)
    {
        objects[ident] = obj;
        definitions.Add(ident);
    }
}
