using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

internal sealed partial class Checker
{
    private Operand Call(CallExpr call, Scope scope, GoType? hint)
    {
        var fun = Eval(call.Fun, scope);
        switch (fun.Mode)
        {
            case Mode.Type:
                // A conversion T(x): the value has type T (a constant keeps its value).
                var converted = call.Args.Count == 1 ? Eval(call.Args[0], scope, fun.Type) : Operand.Unknown;
                foreach (var extra in call.Args.Skip(1))
                {
                    Eval(extra, scope);
                }
                return Operand.Value(fun.Type, converted.Int);
            case Mode.Builtin:
                return BuiltinCall(call, (Builtin)fun.Obj!, scope, hint);
        }
        if (!fun.IsValue || Types.CoreType(fun.Type) is not Signature signature)
        {
            foreach (var arg in call.Args)
            {
                Eval(arg, scope);
            }
            return Operand.Unknown;
        }
        var argTypes = EvalArguments(call.Args, signature, scope);
        if (signature.TypeParams.Count > 0)
        {
            signature = InferAndInstantiate(signature, argTypes);
            info.Record(Unparen(call.Fun), signature, isType: false); // as go/types: the function expression has the instantiated type
        }
        return signature.Results.Count switch
        {
            0 => new Operand(Mode.NoValue, UnknownType.Instance),
            1 => Operand.Value(signature.Results[0]),
            _ => Operand.Value(signature.Results),
        };
    }

    // Each argument with its parameter's type as the hint (for func literals and untyped constants); f(g()) spreads g's results.
    private List<GoType> EvalArguments(IReadOnlyList<Expr> args, Signature signature, Scope scope)
    {
        var types = new List<GoType>();
        for (var i = 0; i < args.Count; i++)
        {
            var parameter = ParameterType(signature, i);
            var operand = Eval(args[i], scope, parameter is TypeParam ? null : parameter);
            if (args.Count == 1 && operand.Type is TupleType tuple)
            {
                types.AddRange(tuple.Vars.Select(v => v.Type));
            }
            else
            {
                types.Add(operand.Type);
            }
        }
        return types;
    }

    private static GoType? ParameterType(Signature signature, int i)
    {
        var count = signature.Params.Count;
        if (count == 0)
        {
            return null;
        }
        if (signature.Variadic && i >= count - 1)
        {
            return signature.Params[count - 1] is SliceType slice ? slice.Elem : null;
        }
        return i < count ? signature.Params[i] : null;
    }

    // Typed arguments first, then untyped constants with their default types (as Go's inference does);
    // results that still mention an uninferred type parameter are unknown.
    private static Signature InferAndInstantiate(Signature generic, List<GoType> argTypes)
    {
        var unknowns = generic.TypeParams.ToHashSet();
        var inferred = new Dictionary<TypeParam, GoType>(ReferenceEqualityComparer.Instance);
        foreach (var untypedPass in new[] { false, true })
        {
            for (var i = 0; i < argTypes.Count; i++)
            {
                var isUntyped = argTypes[i] is BasicType { IsUntyped: true };
                // A generic function passed uninstantiated (slices.SortFunc(x, slices.Compare)) is instantiated from the call, not the reverse.
                if (isUntyped != untypedPass || ParameterType(generic, i) is not { } parameter || argTypes[i] is Signature { TypeParams.Count: > 0 })
                {
                    continue;
                }
                if (generic.Variadic && i >= generic.Params.Count - 1 && argTypes.Count == generic.Params.Count && Types.Unalias(argTypes[i]).Underlying is SliceType)
                {
                    parameter = generic.Params[^1]; // f(xs...)
                }
                Substitution.Unify(parameter, argTypes[i], inferred, unknowns);
            }
            // From S inferred as []int and S's constraint ~[]E, E is int: before untyped constants get their default types.
            foreach (var p in generic.TypeParams)
            {
                if (inferred.TryGetValue(p, out var argument) && Types.SingleTerm(p) is { } term)
                {
                    Substitution.Unify(term, argument, inferred, unknowns);
                }
            }
        }
        var map = new Dictionary<TypeParam, GoType>(ReferenceEqualityComparer.Instance);
        foreach (var p in generic.TypeParams)
        {
            map[p] = inferred.GetValueOrDefault(p) ?? UnknownType.Instance;
        }
        return InstantiateSignature(generic, map);
    }

    private static Signature InstantiateSignature(Signature generic, Dictionary<TypeParam, GoType> map)
    {
        foreach (var p in generic.TypeParams.Where(p => !map.ContainsKey(p)))
        {
            map[p] = UnknownType.Instance;
        }
        return (Signature)Substitution.Apply(new Signature(generic.Params, generic.Results, generic.Variadic), map);
    }

    private Operand BuiltinCall(CallExpr call, Builtin builtin, Scope scope, GoType? hint)
    {
        var args = call.Args;
        Operand Arg(int i, GoType? argHint = null) => i < args.Count ? Eval(args[i], scope, argHint) : Operand.Unknown;
        GoType TypeArg(int i) => i < args.Count ? TypeExpr(args[i], scope) : UnknownType.Instance;
        void Rest(int from)
        {
            for (var i = from; i < args.Count; i++)
            {
                Eval(args[i], scope);
            }
        }

        switch (builtin.Kind)
        {
            case BuiltinKind.Append:
                var slice = Arg(0, hint);
                var elem = Types.Unalias(slice.Type).Underlying is SliceType s ? s.Elem : null;
                for (var i = 1; i < args.Count; i++)
                {
                    Eval(args[i], scope, call.EllipsisPos >= 0 ? null : elem);
                }
                return slice.Type is BasicType { Kind: BasicKind.UntypedNil } ? Operand.Unknown : Operand.Value(slice.Type);
            case BuiltinKind.Len or BuiltinKind.Cap or BuiltinKind.Copy:
                Rest(0);
                return Operand.Value(Universe.Int);
            case BuiltinKind.Make:
                var made = TypeArg(0);
                Rest(1);
                return Operand.Value(made);
            case BuiltinKind.New:
                return Operand.Value(new PointerType(TypeArg(0)));
            case BuiltinKind.Clear or BuiltinKind.Close or BuiltinKind.Delete or BuiltinKind.Panic or BuiltinKind.Print or BuiltinKind.Println:
                Rest(0);
                return new Operand(Mode.NoValue, UnknownType.Instance);
            case BuiltinKind.Recover:
                return Operand.Value(Universe.EmptyInterface);
            case BuiltinKind.Max or BuiltinKind.Min:
                GoType? result = null;
                foreach (var arg in args)
                {
                    var t = Eval(arg, scope).Type;
                    result = result is null ? t : BinaryResultType(result, t);
                }
                return result is null ? Operand.Unknown : Operand.Value(result);
            case BuiltinKind.Complex:
                var re = Arg(0).Type;
                var im = Arg(1).Type;
                return Operand.Value(ComplexOf(re, im));
            case BuiltinKind.Real or BuiltinKind.Imag:
                var z = Arg(0).Type;
                return Operand.Value(z is BasicType { Kind: BasicKind.UntypedComplex or BasicKind.UntypedFloat or BasicKind.UntypedInt or BasicKind.UntypedRune }
                    ? Universe.UntypedFloat
                    : Types.Unalias(z).Underlying is BasicType { Kind: BasicKind.Complex64 } ? Float32 : Universe.Float64);
            case BuiltinKind.UnsafeSizeof or BuiltinKind.UnsafeAlignof or BuiltinKind.UnsafeOffsetof:
                Rest(0);
                return Operand.Value(Universe.Uintptr);
            case BuiltinKind.UnsafeAdd:
                Rest(0);
                return Operand.Value(Universe.UnsafePointer);
            case BuiltinKind.UnsafeSlice:
                var pointer = Arg(0).Type;
                Rest(1);
                return Types.Unalias(pointer).Underlying is PointerType p ? Operand.Value(new SliceType(p.Elem)) : Operand.Unknown;
            case BuiltinKind.UnsafeSliceData:
                var sliceArg = Arg(0).Type;
                return Types.Unalias(sliceArg).Underlying is SliceType sd ? Operand.Value(new PointerType(sd.Elem)) : Operand.Unknown;
            case BuiltinKind.UnsafeString:
                Rest(0);
                return Operand.Value(Universe.String);
            case BuiltinKind.UnsafeStringData:
                Rest(0);
                return Operand.Value(new PointerType(Universe.Byte));
            default:
                Rest(0);
                return Operand.Unknown;
        }
    }

    private static Expr Unparen(Expr e) => e is ParenExpr p ? Unparen(p.X) : e;

    private static readonly BasicType Float32 = (BasicType)((TypeName)Universe.Scope.Lookup("float32")!).Type;
    private static readonly BasicType Complex64 = (BasicType)((TypeName)Universe.Scope.Lookup("complex64")!).Type;

    private static GoType ComplexOf(GoType re, GoType im)
    {
        var typed = re is BasicType { IsUntyped: true } ? im : re;
        if (typed is BasicType { IsUntyped: true })
        {
            return Universe.UntypedComplex;
        }
        return Types.Unalias(typed).Underlying is BasicType { Kind: BasicKind.Float32 } ? Complex64 : Universe.Complex128;
    }
}
