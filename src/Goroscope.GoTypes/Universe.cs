namespace Goroscope.GoTypes;

/// <summary>The predeclared identifiers (bool … string, error, any, comparable, true/false/iota/nil, the builtins) and package unsafe.</summary>
public static class Universe
{
    public static readonly BasicType Bool = new(BasicKind.Bool, "bool");
    public static readonly BasicType Int = new(BasicKind.Int, "int");
    public static readonly BasicType Int32 = new(BasicKind.Int32, "int32");
    public static readonly BasicType Uint8 = new(BasicKind.Uint8, "uint8");
    public static readonly BasicType Byte = new(BasicKind.Uint8, "byte");
    public static readonly BasicType Rune = new(BasicKind.Int32, "rune");
    public static readonly BasicType Uintptr = new(BasicKind.Uintptr, "uintptr");
    public static readonly BasicType Float64 = new(BasicKind.Float64, "float64");
    public static readonly BasicType Complex128 = new(BasicKind.Complex128, "complex128");
    public static readonly BasicType String = new(BasicKind.String, "string");
    public static readonly BasicType UnsafePointer = new(BasicKind.UnsafePointer, "unsafe.Pointer");
    public static readonly BasicType UntypedBool = new(BasicKind.UntypedBool, "untyped bool");
    public static readonly BasicType UntypedInt = new(BasicKind.UntypedInt, "untyped int");
    public static readonly BasicType UntypedRune = new(BasicKind.UntypedRune, "untyped rune");
    public static readonly BasicType UntypedFloat = new(BasicKind.UntypedFloat, "untyped float");
    public static readonly BasicType UntypedComplex = new(BasicKind.UntypedComplex, "untyped complex");
    public static readonly BasicType UntypedString = new(BasicKind.UntypedString, "untyped string");
    public static readonly BasicType UntypedNil = new(BasicKind.UntypedNil, "untyped nil");

    /// <summary>The predeclared interface error { Error() string }.</summary>
    public static readonly NamedType Error;

    public static readonly NamedType Comparable;

    /// <summary>any: an alias of interface{}.</summary>
    public static readonly AliasType Any;

    /// <summary>interface{}, as recover's result is declared (go/types prints it so, not as any).</summary>
    public static readonly InterfaceType EmptyInterface = new([], []);

    public static readonly Scope Scope = new(null);

    /// <summary>Package unsafe: Pointer and its builtins.</summary>
    public static readonly Package Unsafe;

    static Universe()
    {
        BasicType[] basics =
        [
            Bool, Int, new(BasicKind.Int8, "int8"), new(BasicKind.Int16, "int16"), Int32, new(BasicKind.Int64, "int64"),
            new(BasicKind.Uint, "uint"), Uint8, new(BasicKind.Uint16, "uint16"), new(BasicKind.Uint32, "uint32"), new(BasicKind.Uint64, "uint64"),
            Uintptr, new(BasicKind.Float32, "float32"), Float64, new(BasicKind.Complex64, "complex64"), Complex128, String, Byte, Rune,
        ];
        foreach (var basic in basics)
        {
            Scope.Insert(new TypeName(basic.Name, null, null) { ResolvedType = basic });
        }

        var errorName = new TypeName("error", null, null);
        var errorMethod = new Func("Error", null, null, null);
        Error = new NamedType(errorName, new InterfaceType([errorMethod], []));
        errorMethod.ResolvedType = new Signature(TupleType.Empty, new TupleType([Var.Of("", String)]), false, Var.Of("", Error));
        errorName.ResolvedType = Error;
        Scope.Insert(errorName);

        var comparableName = new TypeName("comparable", null, null);
        Comparable = new NamedType(comparableName, new InterfaceType([], [], hasTypeTerms: true));
        comparableName.ResolvedType = Comparable;
        Scope.Insert(comparableName);

        var anyName = new TypeName("any", null, null) { IsAlias = true };
        var empty = new InterfaceType([], []);
        Any = new AliasType(anyName, () => empty);
        anyName.ResolvedType = Any;
        Scope.Insert(anyName);

        Scope.Insert(new Const("true", null, null) { ResolvedType = UntypedBool });
        Scope.Insert(new Const("false", null, null) { ResolvedType = UntypedBool });
        Scope.Insert(new Const("iota", null, null) { ResolvedType = UntypedInt });
        Scope.Insert(new Nil());
        foreach (var (name, kind) in new[]
        {
            ("append", BuiltinKind.Append), ("cap", BuiltinKind.Cap), ("clear", BuiltinKind.Clear), ("close", BuiltinKind.Close),
            ("complex", BuiltinKind.Complex), ("copy", BuiltinKind.Copy), ("delete", BuiltinKind.Delete), ("imag", BuiltinKind.Imag),
            ("len", BuiltinKind.Len), ("make", BuiltinKind.Make), ("max", BuiltinKind.Max), ("min", BuiltinKind.Min), ("new", BuiltinKind.New),
            ("panic", BuiltinKind.Panic), ("print", BuiltinKind.Print), ("println", BuiltinKind.Println), ("real", BuiltinKind.Real),
            ("recover", BuiltinKind.Recover),
        })
        {
            Scope.Insert(new Builtin(name, kind));
        }

        Unsafe = Package.Predeclared("unsafe", "unsafe");
        Unsafe.Scope.Insert(new TypeName("Pointer", Unsafe, null) { ResolvedType = UnsafePointer });
        foreach (var (name, kind) in new[]
        {
            ("Add", BuiltinKind.UnsafeAdd), ("Alignof", BuiltinKind.UnsafeAlignof), ("Offsetof", BuiltinKind.UnsafeOffsetof),
            ("Sizeof", BuiltinKind.UnsafeSizeof), ("Slice", BuiltinKind.UnsafeSlice), ("SliceData", BuiltinKind.UnsafeSliceData),
            ("String", BuiltinKind.UnsafeString), ("StringData", BuiltinKind.UnsafeStringData),
        })
        {
            Unsafe.Scope.Insert(new Builtin(name, kind, Unsafe));
        }
    }

    /// <summary>The type an untyped constant gets where no other type is asked for (untyped int → int, …).</summary>
    public static GoType Default(GoType type) => type is BasicType { IsUntyped: true } basic
        ? basic.Kind switch
        {
            BasicKind.UntypedBool => Bool,
            BasicKind.UntypedInt => Int,
            BasicKind.UntypedRune => Rune,
            BasicKind.UntypedFloat => Float64,
            BasicKind.UntypedComplex => Complex128,
            BasicKind.UntypedString => String,
            _ => type,
        }
        : type;
}
