namespace Goroscope.GoTypes;

/// <summary>Replaces type parameters by type arguments: instantiating List[T] as List[int], or a generic call's results.</summary>
internal static class Substitution
{
    public static Dictionary<TypeParam, GoType> Map(IReadOnlyList<TypeParam> parameters, IReadOnlyList<GoType> arguments)
    {
        var map = new Dictionary<TypeParam, GoType>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < parameters.Count; i++)
        {
            map[parameters[i]] = i < arguments.Count ? arguments[i] : UnknownType.Instance;
        }
        return map;
    }

    /// <summary>A new NamedType for generic[args]; unknown when the count of arguments does not match.</summary>
    public static GoType Instantiate(GoType generic, IReadOnlyList<GoType> args)
    {
        if (Types.Unalias(generic) is NamedType named && named.TypeParams.Count == args.Count && named.TypeArgs.Count == 0)
        {
            return new NamedType(named, args);
        }
        return UnknownType.Instance;
    }

    public static GoType Apply(GoType type, IReadOnlyDictionary<TypeParam, GoType> map) => map.Count == 0 ? type : Subst(type, map, 0);

    private static GoType Subst(GoType type, IReadOnlyDictionary<TypeParam, GoType> map, int depth)
    {
        if (depth > 64)
        {
            return UnknownType.Instance;
        }
        var d = depth + 1;
        switch (type)
        {
            case TypeParam p:
                return map.GetValueOrDefault(p) ?? p;
            case PointerType p:
                return new PointerType(Subst(p.Elem, map, d));
            case SliceType s:
                return new SliceType(Subst(s.Elem, map, d));
            case ArrayType a:
                return new ArrayType(Subst(a.Elem, map, d), a.Length);
            case MapType m:
                return new MapType(Subst(m.Key, map, d), Subst(m.Value, map, d));
            case ChanType c:
                return new ChanType(c.Direction, Subst(c.Elem, map, d));
            case TupleType t:
                return t.Count == 0 ? t : new TupleType(t.Vars.Select(v => SubstVar(v, map, d)).ToList());
            case Signature s:
                return new Signature((TupleType)Subst(s.Params, map, d), (TupleType)Subst(s.Results, map, d), s.Variadic,
                    s.Receiver is null ? null : SubstVar(s.Receiver, map, d));
            case StructType s:
                return new StructType(s.Fields.Select(f => SubstVar(f, map, d)).ToList(), s.Tags);
            case InterfaceType i:
                return new InterfaceType(
                    i.ExplicitMethods.Select(m => new Func(m.Name, m.Package, m.Declaration, m.Decl) { ResolvedType = Subst(m.Type, map, d), Origin = m }).ToList(),
                    i.Embedded.Select(e => Subst(e, map, d)).ToList(),
                    i.HasTypeTerms,
                    i.Terms.Select(t => Subst(t, map, d)).ToList());
            case NamedType n when n.TypeArgs.Count > 0:
                return new NamedType(n.Origin, n.TypeArgs.Select(a => Subst(a, map, d)).ToList());
            default:
                return type;
        }
    }

    private static Var SubstVar(Var v, IReadOnlyDictionary<TypeParam, GoType> map, int depth) =>
        new(v.Name, v.Package, v.Declaration)
        {
            ResolvedType = Subst(v.Type, map, depth),
            IsField = v.IsField,
            IsEmbedded = v.IsEmbedded,
        };

    /// <summary>Infers type arguments by matching a parameter type against an argument's type.</summary>
    public static void Unify(GoType parameter, GoType argument, Dictionary<TypeParam, GoType> inferred, IReadOnlySet<TypeParam> unknowns, int depth = 0)
    {
        if (depth > 32)
        {
            return;
        }
        var given = argument; // an alias stays an alias in the inferred type argument, as in go/types
        parameter = Types.Unalias(parameter);
        argument = Types.Unalias(argument);
        if (parameter is TypeParam p && unknowns.Contains(p))
        {
            if (!inferred.ContainsKey(p) && argument is not UnknownType && argument is not BasicType { Kind: BasicKind.UntypedNil })
            {
                inferred[p] = Universe.Default(given);
            }
            return;
        }
        var d = depth + 1;
        if (parameter is NamedType pn && argument is NamedType an && pn.Origin == an.Origin && pn.TypeArgs.Count == an.TypeArgs.Count)
        {
            for (var i = 0; i < pn.TypeArgs.Count; i++)
            {
                Unify(pn.TypeArgs[i], an.TypeArgs[i], inferred, unknowns, d);
            }
            return;
        }
        if (parameter is not NamedType && argument is NamedType)
        {
            argument = argument.Underlying;
        }
        switch (parameter, argument)
        {
            case (PointerType a, PointerType b):
                Unify(a.Elem, b.Elem, inferred, unknowns, d);
                break;
            case (SliceType a, SliceType b):
                Unify(a.Elem, b.Elem, inferred, unknowns, d);
                break;
            case (ArrayType a, ArrayType b):
                Unify(a.Elem, b.Elem, inferred, unknowns, d);
                break;
            case (MapType a, MapType b):
                Unify(a.Key, b.Key, inferred, unknowns, d);
                Unify(a.Value, b.Value, inferred, unknowns, d);
                break;
            case (ChanType a, ChanType b):
                Unify(a.Elem, b.Elem, inferred, unknowns, d);
                break;
            case (Signature a, Signature b) when a.Params.Count == b.Params.Count && a.Results.Count == b.Results.Count:
                for (var i = 0; i < a.Params.Count; i++)
                {
                    Unify(a.Params[i], b.Params[i], inferred, unknowns, d);
                }
                for (var i = 0; i < a.Results.Count; i++)
                {
                    Unify(a.Results[i], b.Results[i], inferred, unknowns, d);
                }
                break;
        }
    }
}
