using System.Globalization;
using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

internal enum Mode
{
    Unknown,
    NoValue,
    Value,

    /// <summary>A value that yields (T, bool) where two values are asked for: map index, type assertion, receive.</summary>
    CommaOk,
    Type,
    Package,
    Builtin,
}

/// <summary>What an expression is: a value of a type (with its integer value when constant), a type, a package or a builtin.</summary>
internal readonly record struct Operand(Mode Mode, GoType Type, long? Int = null, GoObject? Obj = null)
{
    public static Operand Unknown => new(Mode.Unknown, UnknownType.Instance);

    public static Operand Value(GoType type, long? value = null) => new(Mode.Value, type, value);

    public bool IsValue => Mode is Mode.Value or Mode.CommaOk;
}

internal sealed partial class Checker
{
    private const int MaxDepth = 2000;
    private int depth;

    /// <summary>Types an expression, recording it and the objects of its identifiers; <paramref name="hint"/> is the type a composite literal with its type elided has.</summary>
    private Operand Eval(Expr expr, Scope scope, GoType? hint = null)
    {
        // Generated code can nest expressions thousands deep ("a" + "b" + …): past this depth, unknown rather than a stack overflow.
        if (depth >= MaxDepth)
        {
            return Operand.Unknown;
        }
        depth++;
        Operand operand;
        try
        {
            operand = EvalOperand(expr, scope, hint);
        }
        finally
        {
            depth--;
        }
        if (operand.Mode is not (Mode.Package or Mode.Builtin or Mode.NoValue))
        {
            info.Record(expr, operand.Type, operand.Mode == Mode.Type);
        }
        return operand;
    }

    private Operand EvalOperand(Expr expr, Scope scope, GoType? hint)
    {
        switch (expr)
        {
            case Ident id:
                return EvalIdent(id, scope);
            case BasicLit lit:
                return Literal(lit);
            case ParenExpr paren:
                return Eval(paren.X, scope, hint);
            case FuncLit lit:
                var signature = FunctionSignature(lit.Type, scope, null, []);
                if (checkingBodies)
                {
                    CheckFunctionBody(signature, lit.Body, scope);
                }
                return Operand.Value(signature);
            case CompositeLit lit:
                return Operand.Value(CompositeLiteral(lit, scope, hint));
            case SelectorExpr selector:
                return Selector(selector, scope);
            case IndexExpr index:
                return Index(index.X, [index.Index], scope);
            case IndexListExpr list:
                return Index(list.X, list.Indices, scope);
            case SliceExpr slice:
                return Slice(slice, scope);
            case TypeAssertExpr assert:
                var x = Eval(assert.X, scope);
                return assert.Type is null ? Operand.Value(x.Type) : new Operand(Mode.CommaOk, TypeExpr(assert.Type, scope));
            case CallExpr call:
                return Call(call, scope, hint);
            case StarExpr star:
                var target = Eval(star.X, scope);
                if (target.Mode == Mode.Type)
                {
                    return new Operand(Mode.Type, new PointerType(target.Type));
                }
                return target.IsValue && Types.Unalias(target.Type).Underlying is PointerType p ? Operand.Value(p.Elem) : Operand.Unknown;
            case UnaryExpr unary:
                return Unary(unary, scope, hint);
            case BinaryExpr binary:
                return Binary(binary, scope);
            case KeyValueExpr or Ellipsis or BadExpr:
                return Operand.Unknown;
            default:
                return new Operand(Mode.Type, TypeExpr(expr, scope));
        }
    }

    private Operand EvalIdent(Ident id, Scope scope)
    {
        if (id.Name == "_")
        {
            return Operand.Unknown;
        }
        var obj = scope.Lookup(id.Name);
        if (obj is null)
        {
            return Operand.Unknown;
        }
        info.Use(id, obj);
        return OperandOf(obj);
    }

    private Operand OperandOf(GoObject obj)
    {
        switch (obj)
        {
            case Var v:
                return Operand.Value(v.Type);
            case Const c:
                if (c.Name == "iota" && c.Package is null)
                {
                    return Operand.Value(Universe.UntypedInt, iota);
                }
                var type = c.Type;
                return Operand.Value(type, c.IntValue);
            case TypeName t:
                return new Operand(Mode.Type, t.Type);
            case Func f:
                return Operand.Value(f.Type);
            case PackageName p:
                return new Operand(Mode.Package, UnknownType.Instance, Obj: p);
            case Builtin b:
                return new Operand(Mode.Builtin, UnknownType.Instance, Obj: b);
            case Nil:
                return Operand.Value(Universe.UntypedNil);
            default:
                return Operand.Unknown;
        }
    }

    private static Operand Literal(BasicLit lit) => lit.Kind switch
    {
        Token.Int => Operand.Value(Universe.UntypedInt, ParseInt(lit.Value)),
        Token.Float => Operand.Value(Universe.UntypedFloat),
        Token.Imag => Operand.Value(Universe.UntypedComplex),
        Token.Char => Operand.Value(Universe.UntypedRune, RuneValue(lit.Value)),
        Token.String => Operand.Value(Universe.UntypedString),
        _ => Operand.Unknown,
    };

    private static long? ParseInt(string text)
    {
        var s = text.Replace("_", "", StringComparison.Ordinal);
        try
        {
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) is var h && h >= 0 ? h : null;
            }
            if (s.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
            {
                return Convert.ToInt64(s[2..], 2);
            }
            if (s.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
            {
                return Convert.ToInt64(s[2..], 8);
            }
            if (s.Length > 1 && s[0] == '0')
            {
                return Convert.ToInt64(s[1..], 8);
            }
            return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    // 'a' and simple escapes; others are left without a value.
    private static long? RuneValue(string text)
    {
        var body = text.Length >= 2 ? text[1..^1] : "";
        if (body.Length == 1)
        {
            return body[0];
        }
        return body switch
        {
            "\\n" => '\n',
            "\\t" => '\t',
            "\\r" => '\r',
            "\\\\" => '\\',
            "\\'" => '\'',
            "\\0" or "\\x00" or "\\000" => 0,
            _ => body.Length > 1 && !body.StartsWith('\\') && char.IsSurrogate(body[0]) ? char.ConvertToUtf32(body[0], body[1]) : null,
        };
    }

    private GoType CompositeLiteral(CompositeLit lit, Scope scope, GoType? hint)
    {
        GoType type;
        if (lit.Type is GoSyntax.ArrayType { Len: Ellipsis } array)
        {
            var elem = TypeExpr(array.Elt, scope);
            var length = ArrayLiteralLength(lit, scope);
            type = length >= 0 ? new ArrayType(elem, length) : UnknownType.Instance;
            info.Record(array, type, isType: true);
        }
        else if (!checkingBodies && lit.Type is not null)
        {
            return TypeExpr(lit.Type, scope);
        }
        else
        {
            type = lit.Type is not null ? TypeExpr(lit.Type, scope) : hint ?? UnknownType.Instance;
        }
        // In []*T{{…}} the elided &T{…} has type *T; its elements are T's.
        var structure = Types.Unalias(type);
        if (lit.Type is null && structure is PointerType pointer)
        {
            structure = Types.Unalias(pointer.Elem);
        }
        switch (structure.Underlying)
        {
            case StructType s:
                for (var i = 0; i < lit.Elts.Count; i++)
                {
                    if (lit.Elts[i] is KeyValueExpr { Key: Ident key } pair)
                    {
                        var field = s.Fields.FirstOrDefault(f => f.Name == key.Name);
                        if (field is not null)
                        {
                            info.Use(key, field);
                        }
                        Eval(pair.Value, scope, field?.Type);
                    }
                    else
                    {
                        Eval(lit.Elts[i], scope, i < s.Fields.Count ? s.Fields[i].Type : null);
                    }
                }
                break;
            case ArrayType or SliceType when !checkingBodies:
                break; // a package-level variable's type needs only the literal's type; its elements are walked with the bodies
            case ArrayType or SliceType:
                var elemType = structure.Underlying is ArrayType a ? a.Elem : ((SliceType)structure.Underlying).Elem;
                foreach (var elt in lit.Elts)
                {
                    if (elt is KeyValueExpr pair)
                    {
                        Eval(pair.Key, scope);
                        Eval(pair.Value, scope, elemType);
                    }
                    else
                    {
                        Eval(elt, scope, elemType);
                    }
                }
                break;
            case MapType m:
                foreach (var elt in lit.Elts)
                {
                    if (elt is KeyValueExpr pair)
                    {
                        Eval(pair.Key, scope, m.Key);
                        Eval(pair.Value, scope, m.Value);
                    }
                }
                break;
            default:
                foreach (var elt in lit.Elts)
                {
                    if (elt is KeyValueExpr pair)
                    {
                        if (pair.Key is not Ident)
                        {
                            Eval(pair.Key, scope);
                        }
                        Eval(pair.Value, scope);
                    }
                    else
                    {
                        Eval(elt, scope);
                    }
                }
                break;
        }
        return type;
    }

    // [...]T{a, b, 5: c}: one past the largest index.
    private long ArrayLiteralLength(CompositeLit lit, Scope scope)
    {
        long next = 0, max = 0;
        foreach (var elt in lit.Elts)
        {
            if (elt is KeyValueExpr pair)
            {
                if (ConstInt(pair.Key, scope) is not { } key)
                {
                    return -1;
                }
                next = key;
            }
            next++;
            max = Math.Max(max, next);
        }
        return max;
    }

    private long? ConstInt(Expr expr, Scope scope) => Eval(expr, scope).Int;

    private Operand Selector(SelectorExpr selector, Scope scope)
    {
        if (selector.X is Ident qualifier && scope.Lookup(qualifier.Name) is PackageName packageName)
        {
            info.Use(qualifier, packageName);
            if (packageName.Imported?.Scope.LookupLocal(selector.Sel.Name) is not { IsExported: true } member)
            {
                return Operand.Unknown;
            }
            info.Use(selector.Sel, member);
            return OperandOf(member);
        }
        var x = Eval(selector.X, scope);
        if (x.Mode == Mode.Type)
        {
            // Method expression T.M or (*T).M: a function taking the receiver first.
            if (Types.LookupFieldOrMethod(x.Type, selector.Sel.Name, pkg) is { Obj: Func method } && method.Type is Signature sig)
            {
                info.Use(selector.Sel, method);
                // The receiver keeps its name only when the parameters have names (go/types keeps the list consistent).
                var named = sig.Params.Count > 0 && sig.Params.Vars[0].Name.Length > 0;
                var receiverName = named ? (sig.Receiver?.Name is { Length: > 0 } r ? r : "_") : "";
                var parameters = new List<Var> { Var.Of(receiverName, x.Type, pkg) };
                parameters.AddRange(sig.Params.Vars);
                return Operand.Value(new Signature(new TupleType(parameters), sig.Results, sig.Variadic));
            }
            return Operand.Unknown;
        }
        if (!x.IsValue || x.Type is UnknownType)
        {
            return Operand.Unknown;
        }
        switch (Types.LookupFieldOrMethod(x.Type, selector.Sel.Name, pkg)?.Obj)
        {
            case Var field:
                info.Use(selector.Sel, field);
                return Operand.Value(field.Type);
            case Func method:
                info.Use(selector.Sel, method);
                return method.Type is Signature s ? Operand.Value(Types.WithoutReceiver(s)) : Operand.Unknown;
            default:
                return Operand.Unknown;
        }
    }

    private Operand Index(Expr baseExpr, IReadOnlyList<Expr> indices, Scope scope)
    {
        var x = Eval(baseExpr, scope);
        if (x.Mode == Mode.Type)
        {
            return new Operand(Mode.Type, Substitution.Instantiate(x.Type, indices.Select(i => TypeExpr(i, scope)).ToList()));
        }
        if (x.IsValue && Types.Unalias(x.Type) is Signature { TypeParams.Count: > 0 } generic)
        {
            var args = indices.Select(i => TypeExpr(i, scope)).ToList();
            return Operand.Value(InstantiateSignature(generic, Substitution.Map(generic.TypeParams.Take(args.Count).ToList(), args)));
        }
        foreach (var index in indices)
        {
            Eval(index, scope);
        }
        if (!x.IsValue || indices.Count != 1)
        {
            return Operand.Unknown;
        }
        var under = Types.CoreType(x.Type);
        if (under is PointerType { Elem: var pointee } && Types.Unalias(pointee).Underlying is ArrayType)
        {
            under = Types.Unalias(pointee).Underlying;
        }
        return under switch
        {
            BasicType { IsString: true } => Operand.Value(Universe.Byte),
            ArrayType a => Operand.Value(a.Elem),
            SliceType s => Operand.Value(s.Elem),
            MapType m => new Operand(Mode.CommaOk, m.Value),
            _ => Operand.Unknown,
        };
    }

    private Operand Slice(SliceExpr slice, Scope scope)
    {
        var x = Eval(slice.X, scope);
        foreach (var bound in new[] { slice.Low, slice.High, slice.Max })
        {
            if (bound is not null)
            {
                Eval(bound, scope);
            }
        }
        if (!x.IsValue)
        {
            return Operand.Unknown;
        }
        return Types.CoreType(x.Type) switch
        {
            BasicType { Kind: BasicKind.UntypedString } => Operand.Value(Universe.String),
            BasicType { IsString: true } => Operand.Value(x.Type),
            ArrayType a => Operand.Value(new SliceType(a.Elem)),
            PointerType { Elem: var e } when Types.Unalias(e).Underlying is ArrayType a => Operand.Value(new SliceType(a.Elem)),
            SliceType => Operand.Value(x.Type),
            _ => Operand.Unknown,
        };
    }

    private Operand Unary(UnaryExpr unary, Scope scope, GoType? hint)
    {
        switch (unary.Op)
        {
            case Token.And:
                var inner = Types.Unalias(hint ?? UnknownType.Instance) is PointerType p ? p.Elem : null;
                var x = Eval(unary.X, scope, inner);
                return x.IsValue ? Operand.Value(new PointerType(x.Type)) : Operand.Unknown;
            case Token.Arrow:
                var ch = Eval(unary.X, scope);
                return ch.IsValue && Types.CoreType(ch.Type) is ChanType c ? new Operand(Mode.CommaOk, c.Elem) : Operand.Unknown;
            default:
                var operand = Eval(unary.X, scope);
                if (!operand.IsValue)
                {
                    return Operand.Unknown;
                }
                long? value = operand.Int is { } v ? unary.Op switch
                {
                    Token.Sub => -v,
                    Token.Add => v,
                    Token.Xor when operand.Type is BasicType { IsUntyped: true } => ~v,
                    _ => null,
                } : null;
                return Operand.Value(operand.Type, value);
        }
    }

    private Operand Binary(BinaryExpr binary, Scope scope)
    {
        var x = Eval(binary.X, scope);
        var y = Eval(binary.Y, scope);
        if (!x.IsValue || !y.IsValue)
        {
            return Operand.Unknown;
        }
        switch (binary.Op)
        {
            case Token.Eql or Token.Neq or Token.Lss or Token.Leq or Token.Gtr or Token.Geq:
                return Operand.Value(Universe.UntypedBool);
            case Token.Shl or Token.Shr:
                var shifted = x.Int is { } a && y.Int is { } n && n is >= 0 and < 63
                    ? binary.Op == Token.Shl ? (a << (int)n >> (int)n == a ? a << (int)n : null) : a >> (int)n
                    : (long?)null;
                return Operand.Value(x.Type, shifted);
        }
        var type = BinaryResultType(x.Type, y.Type);
        long? result = null;
        if (x.Int is { } l && y.Int is { } r && Types.Unalias(type).Underlying is BasicType { IsInteger: true })
        {
            try
            {
                result = binary.Op switch
                {
                    Token.Add => checked(l + r),
                    Token.Sub => checked(l - r),
                    Token.Mul => checked(l * r),
                    Token.Quo when r != 0 => l / r,
                    Token.Rem when r != 0 => l % r,
                    Token.And => l & r,
                    Token.Or => l | r,
                    Token.Xor => l ^ r,
                    Token.AndNot => l & ~r,
                    _ => null,
                };
            }
            catch (OverflowException)
            {
                result = null;
            }
        }
        return Operand.Value(type, result);
    }

    // A typed operand's type wins; two untyped constants give the later kind (int < rune < float < complex).
    private static GoType BinaryResultType(GoType x, GoType y)
    {
        var xUntyped = x is BasicType { IsUntyped: true };
        var yUntyped = y is BasicType { IsUntyped: true };
        if (xUntyped && yUntyped)
        {
            return ((BasicType)x).Kind >= ((BasicType)y).Kind ? x : y;
        }
        return xUntyped ? y : x;
    }

    /// <summary>The types of the values on the right of an assignment of <paramref name="count"/> variables.</summary>
    private List<GoType> EvalMulti(IReadOnlyList<Expr> values, int count, Scope scope, IReadOnlyList<GoType?>? hints)
    {
        if (values.Count == count)
        {
            return values.Select((v, i) => Eval(v, scope, hints is not null && i < hints.Count ? hints[i] : null).Type).ToList();
        }
        if (values.Count == 1)
        {
            var operand = Eval(values[0], scope);
            if (operand.Type is TupleType tuple && tuple.Count == count)
            {
                return tuple.Vars.Select(v => v.Type).ToList();
            }
            if (operand.Mode == Mode.CommaOk && count == 2)
            {
                return [operand.Type, Universe.UntypedBool];
            }
            return Enumerable.Repeat<GoType>(UnknownType.Instance, count).ToList();
        }
        foreach (var value in values)
        {
            Eval(value, scope);
        }
        return Enumerable.Repeat<GoType>(UnknownType.Instance, count).ToList();
    }

    /// <summary>The type a type expression denotes; unknown when it is not a type or cannot be resolved.</summary>
    private GoType TypeExpr(Expr expr, Scope scope)
    {
        var type = TypeExprUnrecorded(expr, scope);
        info.Record(expr, type, isType: true);
        return type;
    }

    private GoType TypeExprUnrecorded(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case Ident id:
                var obj = scope.Lookup(id.Name);
                if (obj is not null)
                {
                    info.Use(id, obj);
                }
                return obj is TypeName t ? t.Type : UnknownType.Instance;
            case SelectorExpr { X: Ident qualifier } selector when scope.Lookup(qualifier.Name) is PackageName p:
                info.Use(qualifier, p);
                if (p.Imported?.Scope.LookupLocal(selector.Sel.Name) is TypeName { IsExported: true } member)
                {
                    info.Use(selector.Sel, member);
                    return member.Type;
                }
                return UnknownType.Instance;
            case ParenExpr paren:
                return TypeExpr(paren.X, scope);
            case StarExpr star:
                return new PointerType(TypeExpr(star.X, scope));
            case GoSyntax.ArrayType array:
                var elem = TypeExpr(array.Elt, scope);
                if (array.Len is null)
                {
                    return new SliceType(elem);
                }
                return ConstInt(array.Len, scope) is { } length and >= 0 ? new ArrayType(elem, length) : UnknownType.Instance;
            case GoSyntax.MapType map:
                return new MapType(TypeExpr(map.Key, scope), TypeExpr(map.Value, scope));
            case GoSyntax.ChanType chan:
                var direction = chan.Dir switch
                {
                    ChanDir.Send => ChanDirection.SendOnly,
                    ChanDir.Recv => ChanDirection.RecvOnly,
                    _ => ChanDirection.Both,
                };
                return new ChanType(direction, TypeExpr(chan.Value, scope));
            case FuncType func:
                return FunctionSignature(func, new Scope(scope), null, []);
            case GoSyntax.StructType structType:
                return Struct(structType, scope);
            case GoSyntax.InterfaceType interfaceType:
                return Interface(interfaceType, scope);
            case IndexExpr index:
                return Substitution.Instantiate(TypeExpr(index.X, scope), [TypeExpr(index.Index, scope)]);
            case IndexListExpr list:
                return Substitution.Instantiate(TypeExpr(list.X, scope), list.Indices.Select(i => TypeExpr(i, scope)).ToList());
            default:
                return UnknownType.Instance;
        }
    }

    private StructType Struct(GoSyntax.StructType structType, Scope scope)
    {
        var fields = new List<Var>();
        var tags = new List<string?>();
        foreach (var field in structType.Fields.List)
        {
            var type = field.Type is null ? UnknownType.Instance : TypeExpr(field.Type, scope);
            var tag = field.Tag is null ? null : UnquoteTag(field.Tag.Value);
            if (field.Names.Count == 0)
            {
                var name = EmbeddedName(field.Type);
                var v = new Var(name?.Name ?? "", pkg, name) { ResolvedType = type, IsField = true, IsEmbedded = true };
                if (name is not null)
                {
                    info.Define(name, v);
                }
                fields.Add(v);
                tags.Add(tag);
                continue;
            }
            foreach (var name in field.Names)
            {
                var v = new Var(name.Name, pkg, name) { ResolvedType = type, IsField = true };
                info.Define(name, v);
                fields.Add(v);
                tags.Add(tag);
            }
        }
        return new StructType(fields, tags);
    }

    private static string UnquoteTag(string literal)
    {
        if (literal.StartsWith('`'))
        {
            return literal.Length >= 2 ? literal[1..^1] : "";
        }
        // Interpreted tag literals are rare; the common escapes are enough.
        var body = literal.Length >= 2 ? literal[1..^1] : "";
        var sb = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
                sb.Append(body[i] switch { 'n' => '\n', 't' => '\t', _ => body[i] });
                continue;
            }
            sb.Append(body[i]);
        }
        return sb.ToString();
    }

    // The field name of an embedded T, *T, pkg.T or T[A]: T.
    private static Ident? EmbeddedName(Expr? type) => type switch
    {
        Ident id => id,
        StarExpr star => EmbeddedName(star.X),
        SelectorExpr selector => selector.Sel,
        IndexExpr index => EmbeddedName(index.X),
        IndexListExpr list => EmbeddedName(list.X),
        ParenExpr paren => EmbeddedName(paren.X),
        _ => null,
    };

    private InterfaceType Interface(GoSyntax.InterfaceType interfaceType, Scope scope)
    {
        var explicitMethods = new List<Func>();
        var embedded = new List<GoType>();
        var hasTypeTerms = false;
        var terms = new List<GoType>();
        foreach (var field in interfaceType.Methods.List)
        {
            if (field.Names.Count > 0 && field.Type is FuncType func)
            {
                foreach (var name in field.Names)
                {
                    var method = new Func(name.Name, pkg, name, null) { ResolvedType = FunctionSignature(func, new Scope(scope), null, []) };
                    info.Define(name, method);
                    explicitMethods.Add(method);
                }
                continue;
            }
            if (field.Type is BinaryExpr or UnaryExpr)
            {
                hasTypeTerms = true;
                terms.AddRange(UnionTerms(field.Type, scope));
                continue;
            }
            var type = field.Type is null ? UnknownType.Instance : TypeExpr(field.Type, scope);
            if (type.Underlying is not (InterfaceType or UnknownType))
            {
                hasTypeTerms = true;
                terms.Add(type);
            }
            embedded.Add(type);
        }
        return new InterfaceType(explicitMethods, embedded, hasTypeTerms, terms);
    }

    // ~[]E | string → []E, string.
    private List<GoType> UnionTerms(Expr expr, Scope scope) => expr switch
    {
        BinaryExpr { Op: Token.Or } union => [.. UnionTerms(union.X, scope), .. UnionTerms(union.Y, scope)],
        UnaryExpr { Op: Token.Tilde } tilde => [TypeExpr(tilde.X, scope)],
        ParenExpr paren => UnionTerms(paren.X, scope),
        _ => [TypeExpr(expr, scope)],
    };
}
