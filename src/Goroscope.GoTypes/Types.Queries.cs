namespace Goroscope.GoTypes;

/// <summary>A field or method found by a selector: the object, the embedded fields walked through, and whether a pointer was followed.</summary>
public sealed record Selection(GoObject Obj, IReadOnlyList<int> Path, bool Indirect);

/// <summary>Questions rules ask about types: identity, names, fields and methods, method sets, implementation.</summary>
public static class Types
{
    /// <summary>The type with aliases removed.</summary>
    public static GoType Unalias(GoType type)
    {
        for (var i = 0; type is AliasType a && i < 32; i++)
        {
            type = a.Actual;
        }
        return type;
    }

    /// <summary>Whether <paramref name="type"/> is the named type pkgPath.name (sync.Mutex: IsNamed(t, "sync", "Mutex")), aliases looked through.</summary>
    public static bool IsNamed(GoType? type, string packagePath, string name) =>
        type is not null && Unalias(type) is NamedType n && n.Name == name && (n.Package?.Path ?? "") == packagePath;

    /// <summary>
    /// The underlying type, and for a type parameter the one underlying type all its constraint's terms share
    /// (S ~[]E: []E), so that indexing, ranging, receiving and calling work on it; unknown when there is none.
    /// </summary>
    public static GoType CoreType(GoType type)
    {
        var t = Unalias(type);
        if (t is not TypeParam p)
        {
            return t.Underlying;
        }
        var terms = TermsOf(p.Constraint);
        if (terms.Count == 0)
        {
            return UnknownType.Instance;
        }
        var first = Unalias(terms[0]).Underlying;
        return terms.All(term => Identical(Unalias(term).Underlying, first)) ? first : UnknownType.Instance;
    }

    /// <summary>The only term of a type parameter's constraint (S ~[]E: []E), or null.</summary>
    internal static GoType? SingleTerm(TypeParam p) => TermsOf(p.Constraint) is [var only] ? only : null;

    private static IReadOnlyList<GoType> TermsOf(GoType constraint)
    {
        if (Unalias(constraint).Underlying is not InterfaceType iface)
        {
            return [];
        }
        if (iface.Terms.Count > 0)
        {
            return iface.Terms;
        }
        // interface{ Number; M() } with Number's terms.
        var embeddedTerms = iface.Embedded.Select(e => Unalias(e).Underlying).OfType<InterfaceType>().Where(e => e.Terms.Count > 0).ToList();
        return embeddedTerms.Count == 1 ? embeddedTerms[0].Terms : [];
    }

    /// <summary>The element of a pointer type, else the type itself.</summary>
    public static GoType Deref(GoType type) => Unalias(type) is PointerType p ? p.Elem : type;

    /// <summary>Whether the type is *pkg.name or pkg.name.</summary>
    public static bool IsNamedOrPointerTo(GoType? type, string packagePath, string name) =>
        type is not null && IsNamed(Deref(type), packagePath, name);

    public static bool Identical(GoType a, GoType b) => Identical(a, b, 0);

    private static bool Identical(GoType a, GoType b, int depth)
    {
        a = Unalias(a);
        b = Unalias(b);
        if (ReferenceEquals(a, b))
        {
            return a is not UnknownType;
        }
        if (depth > 32)
        {
            return false;
        }
        var d = depth + 1;
        return (a, b) switch
        {
            (BasicType x, BasicType y) => x.Kind == y.Kind,
            (PointerType x, PointerType y) => Identical(x.Elem, y.Elem, d),
            (SliceType x, SliceType y) => Identical(x.Elem, y.Elem, d),
            (ArrayType x, ArrayType y) => x.Length == y.Length && Identical(x.Elem, y.Elem, d),
            (MapType x, MapType y) => Identical(x.Key, y.Key, d) && Identical(x.Value, y.Value, d),
            (ChanType x, ChanType y) => x.Direction == y.Direction && Identical(x.Elem, y.Elem, d),
            (TupleType x, TupleType y) => x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => Identical(x[i], y[i], d)),
            (Signature x, Signature y) => x.Variadic == y.Variadic && Identical(x.Params, y.Params, d) && Identical(x.Results, y.Results, d),
            (StructType x, StructType y) => x.Fields.Count == y.Fields.Count && Enumerable.Range(0, x.Fields.Count).All(i =>
                x.Fields[i].Name == y.Fields[i].Name && x.Fields[i].IsEmbedded == y.Fields[i].IsEmbedded && x.Tags[i] == y.Tags[i]
                && Identical(x.Fields[i].Type, y.Fields[i].Type, d)),
            (InterfaceType x, InterfaceType y) => x.IsComplete && y.IsComplete && !x.HasTypeTerms && !y.HasTypeTerms
                && x.Methods.Count == y.Methods.Count
                && Enumerable.Range(0, x.Methods.Count).All(i => x.Methods[i].Name == y.Methods[i].Name && Identical(x.Methods[i].Type, y.Methods[i].Type, d)),
            (NamedType x, NamedType y) => ReferenceEquals(x.Origin, y.Origin) && x.TypeArgs.Count == y.TypeArgs.Count
                && Enumerable.Range(0, x.TypeArgs.Count).All(i => Identical(x.TypeArgs[i], y.TypeArgs[i], d)),
            _ => false,
        };
    }

    /// <summary>
    /// The field or method <paramref name="name"/> of a value of <paramref name="type"/> as a selector x.name finds it:
    /// the shallowest one through embedded fields, null when there is none, it is ambiguous, or part of the way is unknown.
    /// Unexported names match only when declared in <paramref name="from"/>.
    /// </summary>
    public static Selection? LookupFieldOrMethod(GoType type, string name, Package? from)
    {
        ArgumentNullException.ThrowIfNull(type);
        var start = Unalias(type);
        if (start is TypeParam typeParam)
        {
            start = typeParam.Underlying; // the methods its constraint promises
        }
        var startIndirect = false;
        if (start is PointerType p && Unalias(p.Elem) is NamedType or StructType)
        {
            start = Unalias(p.Elem);
            startIndirect = true;
        }
        if (DirectMember(start, name, from, startIndirect) is { } direct)
        {
            return direct;
        }
        var current = new List<(GoType Type, List<int> Path, bool Indirect)> { (start, [], startIndirect) };
        var seen = new HashSet<NamedType>(ReferenceEqualityComparer.Instance);
        for (var depth = 0; current.Count > 0 && depth < 16; depth++)
        {
            Selection? found = null;
            var count = 0;
            var next = new List<(GoType, List<int>, bool)>();
            foreach (var (t, path, indirect) in current)
            {
                var typ = t;
                if (typ is NamedType named)
                {
                    if (!seen.Add(named))
                    {
                        continue;
                    }
                    foreach (var m in named.Methods)
                    {
                        if (Matches(m, name, from))
                        {
                            count++;
                            found = new Selection(m, path, indirect);
                        }
                    }
                    typ = named.Underlying;
                }
                switch (typ)
                {
                    case StructType s:
                        for (var i = 0; i < s.Fields.Count; i++)
                        {
                            var f = s.Fields[i];
                            if (Matches(f, name, from))
                            {
                                count++;
                                found = new Selection(f, [.. path, i], indirect);
                                continue;
                            }
                            if (f.IsEmbedded)
                            {
                                var ft = Unalias(f.Type);
                                var viaPointer = false;
                                if (ft is PointerType fp)
                                {
                                    ft = Unalias(fp.Elem);
                                    viaPointer = true;
                                }
                                if (ft is UnknownType && f.Name == name)
                                {
                                    return null;
                                }
                                next.Add((ft, [.. path, i], indirect || viaPointer));
                            }
                        }
                        break;
                    case InterfaceType iface:
                        foreach (var m in iface.Methods)
                        {
                            if (Matches(m, name, from))
                            {
                                count++;
                                found = new Selection(m, path, indirect);
                            }
                        }
                        if (!iface.IsComplete && found is null)
                        {
                            return null;
                        }
                        break;
                    case UnknownType:
                        return null; // the name may be in the part we do not know
                }
            }
            if (count == 1)
            {
                return found;
            }
            if (count > 1)
            {
                return null; // ambiguous selector
            }
            current = next;
        }
        return null;
    }

    // The common case without the breadth-first search: a method of the named type or a field of its struct, when no
    // embedded field could also supply the name at the same depth.
    private static Selection? DirectMember(GoType type, string name, Package? from, bool indirect)
    {
        Func? method = null;
        if (type is NamedType named)
        {
            foreach (var m in named.Methods)
            {
                if (Matches(m, name, from))
                {
                    method = m;
                }
            }
            type = named.Underlying;
        }
        if (type is not StructType s)
        {
            return method is not null && type is not InterfaceType and not UnknownType ? new Selection(method, [], indirect) : null;
        }
        for (var i = 0; i < s.Fields.Count; i++)
        {
            if (Matches(s.Fields[i], name, from))
            {
                return method is null ? new Selection(s.Fields[i], [i], indirect) : null; // both at depth 0: ambiguous, left to the full search
            }
        }
        return method is not null ? new Selection(method, [], indirect) : null;
    }

    private static bool Matches(GoObject obj, string name, Package? from) =>
        obj.Name == name && (obj.IsExported || obj.Package is null || from is null || obj.Package.Path == from.Path);

    /// <summary>
    /// The methods callable on a value of <paramref name="type"/> (for *T, T's pointer- and value-receiver methods; for T,
    /// the value-receiver ones, and those promoted from embedded fields by the same rule), in go/types' order.
    /// </summary>
    public static IReadOnlyList<Func> MethodSet(GoType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var t = Unalias(type);
        if (t.Underlying is InterfaceType iface && t is not TypeParam)
        {
            return iface.Methods;
        }
        var names = CandidateMethodNames(t);
        var result = new List<Func>();
        foreach (var (name, package) in names)
        {
            var selection = LookupFieldOrMethod(t, name, package);
            if (selection?.Obj is Func f && (Unalias(t) is PointerType || selection.Indirect || !f.HasPointerReceiver || f.Signature?.Receiver is null))
            {
                result.Add(f);
            }
        }
        return result.OrderBy(Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>go/types' order of methods: exported names by name, unexported ones by package path and name.</summary>
    internal static string Id(Func method) => method.IsExported || method.Package is null ? method.Name : method.Package.Path + "." + method.Name;

    // Every method name of the type and of the types it embeds, at any depth (LookupFieldOrMethod then applies the depth rule);
    // unexported names with their package, since two packages' unexported methods of one name are different methods.
    private static HashSet<(string Name, Package? Package)> CandidateMethodNames(GoType type)
    {
        var names = new HashSet<(string, Package?)>();
        void Add(IEnumerable<Func> methods) => names.UnionWith(methods.Select(m => (m.Name, m.IsExported ? null : m.Package)));
        var seen = new HashSet<NamedType>(ReferenceEqualityComparer.Instance);
        void Collect(GoType t, int depth)
        {
            t = Unalias(Deref(Unalias(t)));
            if (depth > 16)
            {
                return;
            }
            if (t is NamedType n)
            {
                if (!seen.Add(n))
                {
                    return;
                }
                Add(n.Methods);
            }
            switch (t.Underlying)
            {
                case StructType s:
                    foreach (var f in s.Fields.Where(f => f.IsEmbedded))
                    {
                        Collect(f.Type, depth + 1);
                    }
                    break;
                case InterfaceType i when depth > 0:
                    Add(i.Methods);
                    break;
            }
        }
        Collect(type, 0);
        return names;
    }

    /// <summary>
    /// Whether a value of <paramref name="type"/> implements <paramref name="iface"/>: every method of the interface is in the
    /// type's method set with an identical signature. False when that cannot be decided (part of either is unknown).
    /// </summary>
    public static bool Implements(GoType type, GoType iface)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(iface);
        if (iface.Underlying is not InterfaceType target || !target.IsComplete || target.HasTypeTerms)
        {
            return false;
        }
        // Not keyed by name alone: a struct embedding types of two packages has both packages' unexported `send`.
        var methods = MethodSet(type);
        return target.Methods.All(m => methods.FirstOrDefault(have => have.Name == m.Name && (m.IsExported || ReferenceEquals(m.Package, have.Package))) is { } have
            && m.Type is Signature want && have.Type is Signature got
            && Identical(WithoutReceiver(want), WithoutReceiver(got)));
    }

    /// <summary>The signature as a function value (method value x.M has no receiver).</summary>
    public static Signature WithoutReceiver(Signature s) => s.Receiver is null ? s : new Signature(s.Params, s.Results, s.Variadic, null, s.TypeParams);
}
