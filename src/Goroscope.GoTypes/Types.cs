namespace Goroscope.GoTypes;

/// <summary>
/// A Go type, shaped like go/types. Parts the resolver could not work out are <see cref="UnknownType"/>;
/// <see cref="IsComplete"/> says whether a type has none.
/// </summary>
public abstract class GoType
{
    /// <summary>The underlying type (itself for all but named types, aliases and type parameters' constraints).</summary>
    public virtual GoType Underlying => this;

    /// <summary>Whether no part of the type is unknown.</summary>
    public virtual bool IsComplete => true;

    /// <summary>The type as go/types' TypeString prints it with full package paths ("*net/http.Response", "chan<- int").</summary>
    public override string ToString() => TypeFormatter.Format(this);
}

/// <summary>What could not be resolved: a missing package, cgo, or a corner the resolver does not handle.</summary>
public sealed class UnknownType : GoType
{
    public static readonly UnknownType Instance = new();

    private UnknownType()
    {
    }

    public override bool IsComplete => false;
}

public enum BasicKind
{
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    UnsafePointer,
    UntypedBool,
    UntypedInt,
    UntypedRune,
    UntypedFloat,
    UntypedComplex,
    UntypedString,
    UntypedNil,
}

public sealed class BasicType : GoType
{
    internal BasicType(BasicKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    public BasicKind Kind { get; }

    /// <summary>"int", "byte" (an alias of uint8 that keeps its name), "untyped int".</summary>
    public string Name { get; }

    public bool IsUntyped => Kind >= BasicKind.UntypedBool;

    public bool IsInteger => Kind is >= BasicKind.Int and <= BasicKind.Uintptr or BasicKind.UntypedInt or BasicKind.UntypedRune;

    public bool IsString => Kind is BasicKind.String or BasicKind.UntypedString;

    public bool IsNumeric => Kind is >= BasicKind.Int and <= BasicKind.Complex128 or BasicKind.UntypedInt or BasicKind.UntypedRune or BasicKind.UntypedFloat or BasicKind.UntypedComplex;
}

public sealed class PointerType(GoType elem) : GoType
{
    public GoType Elem { get; } = elem;

    public override bool IsComplete => Elem.IsComplete;
}

public sealed class SliceType(GoType elem) : GoType
{
    public GoType Elem { get; } = elem;

    public override bool IsComplete => Elem.IsComplete;
}

public sealed class ArrayType(GoType elem, long length) : GoType
{
    public GoType Elem { get; } = elem;

    public long Length { get; } = length;

    public override bool IsComplete => Elem.IsComplete;
}

public sealed class MapType(GoType key, GoType value) : GoType
{
    public GoType Key { get; } = key;

    public GoType Value { get; } = value;

    public override bool IsComplete => Key.IsComplete && Value.IsComplete;
}

public enum ChanDirection
{
    Both,
    SendOnly,
    RecvOnly,
}

public sealed class ChanType(ChanDirection direction, GoType elem) : GoType
{
    public ChanDirection Direction { get; } = direction;

    public GoType Elem { get; } = elem;

    public override bool IsComplete => Elem.IsComplete;
}

public sealed class StructType(IReadOnlyList<Var> fields, IReadOnlyList<string?> tags) : GoType
{
    public IReadOnlyList<Var> Fields { get; } = fields;

    /// <summary>Each field's tag (unquoted), or null.</summary>
    public IReadOnlyList<string?> Tags { get; } = tags;

    public override bool IsComplete => Fields.All(f => f.Type.IsComplete);
}

/// <summary>The results of a call with several values, or a parameter list.</summary>
public sealed class TupleType(IReadOnlyList<Var> vars) : GoType
{
    public static readonly TupleType Empty = new([]);

    public IReadOnlyList<Var> Vars { get; } = vars;

    public int Count => Vars.Count;

    public GoType this[int i] => Vars[i].Type;

    public override bool IsComplete => Vars.All(v => v.Type.IsComplete);
}

public sealed class Signature : GoType
{
    public Signature(TupleType parameters, TupleType results, bool variadic, Var? receiver = null, IReadOnlyList<TypeParam>? typeParams = null)
    {
        Params = parameters;
        Results = results;
        Variadic = variadic;
        Receiver = receiver;
        TypeParams = typeParams ?? [];
    }

    public Var? Receiver { get; }

    public IReadOnlyList<TypeParam> TypeParams { get; }

    public TupleType Params { get; }

    public TupleType Results { get; }

    /// <summary>The last parameter is ...T (its type is []T).</summary>
    public bool Variadic { get; }

    /// <summary>A generic function's own signature (func[T any]…) is not complete: only its instances are.</summary>
    public override bool IsComplete => TypeParams.Count == 0 && Params.IsComplete && Results.IsComplete;
}

/// <summary>An interface: its explicit methods and embedded elements; <see cref="Methods"/> has them all.</summary>
public sealed class InterfaceType : GoType
{
    private IReadOnlyList<Func>? all;
    private bool? complete;

    public InterfaceType(IReadOnlyList<Func> explicitMethods, IReadOnlyList<GoType> embedded, bool hasTypeTerms = false, IReadOnlyList<GoType>? terms = null)
    {
        ExplicitMethods = explicitMethods;
        Embedded = embedded;
        HasTypeTerms = hasTypeTerms || terms is { Count: > 0 };
        Terms = terms ?? [];
    }

    /// <summary>The types of a constraint's union terms (~[]E | string: []E and string, the tilde dropped).</summary>
    public IReadOnlyList<GoType> Terms { get; }

    public IReadOnlyList<Func> ExplicitMethods { get; }

    public IReadOnlyList<GoType> Embedded { get; }

    /// <summary>The interface has type terms (int | ~string) or embeds a non-interface: a constraint, not an ordinary type.</summary>
    public bool HasTypeTerms { get; }

    /// <summary>Every method, embedded ones included, in go/types' order (exported by name, then unexported by package and name).</summary>
    public IReadOnlyList<Func> Methods
    {
        get
        {
            if (all is null)
            {
                all = []; // an interface embedding itself (invalid Go) sees no methods of its own while they are collected
                all = CollectMethods();
            }
            return all;
        }
    }

    /// <summary>False when an embedded interface could not be resolved: the method list may be short.</summary>
    public override bool IsComplete
    {
        get
        {
            if (complete is null)
            {
                complete = true; // cycles through method signatures are complete unless something else is not
                complete = Embedded.All(e => e.Underlying is InterfaceType i ? i.IsComplete : e.IsComplete) && ExplicitMethods.All(m => m.Type.IsComplete);
            }
            return complete.Value;
        }
    }

    private List<Func> CollectMethods()
    {
        var methods = new Dictionary<string, Func>(StringComparer.Ordinal);
        foreach (var m in ExplicitMethods)
        {
            methods.TryAdd(m.Name, m);
        }
        foreach (var e in Embedded)
        {
            if (e.Underlying is InterfaceType embedded && !ReferenceEquals(embedded, this))
            {
                foreach (var m in embedded.Methods)
                {
                    methods.TryAdd(m.Name, m);
                }
            }
        }
        return methods.Values.OrderBy(Types.Id, StringComparer.Ordinal).ToList();
    }
}

/// <summary>A defined type (type T ...), possibly an instance of a generic type (List[int]).</summary>
public sealed class NamedType : GoType
{
    private readonly Func<GoType>? resolveUnderlying;
    private GoType? underlying;
    private bool resolving;
    private IReadOnlyList<Func>? instanceMethods;

    internal NamedType(TypeName obj, Func<GoType>? resolveUnderlying)
    {
        Obj = obj;
        this.resolveUnderlying = resolveUnderlying;
    }

    internal NamedType(TypeName obj, GoType underlying)
    {
        Obj = obj;
        this.underlying = underlying;
    }

    // An instance: the origin's underlying type and methods with the type arguments substituted.
    internal NamedType(NamedType origin, IReadOnlyList<GoType> typeArgs)
    {
        Obj = origin.Obj;
        Origin = origin;
        TypeArgs = typeArgs;
        var map = Substitution.Map(origin.TypeParams, typeArgs);
        resolveUnderlying = () => Substitution.Apply(origin.Underlying, map);
    }

    public TypeName Obj { get; }

    public string Name => Obj.Name;

    public Package? Package => Obj.Package;

    /// <summary>The generic type this is an instance of; itself when it is not an instance.</summary>
    public NamedType Origin
    {
        get => field ?? this;
        private init;
    }

    public IReadOnlyList<TypeParam> TypeParams { get; internal set; } = [];

    public IReadOnlyList<GoType> TypeArgs { get; } = [];

    /// <summary>Methods declared with this type as receiver (for an instance, substituted).</summary>
    public IReadOnlyList<Func> Methods => Origin == this ? DeclaredMethods : instanceMethods ??= Origin.DeclaredMethods.Select(InstantiateMethod).ToList();

    internal List<Func> DeclaredMethods { get; } = [];

    public override GoType Underlying
    {
        get
        {
            if (underlying is not null)
            {
                return underlying;
            }
            if (resolving || resolveUnderlying is null)
            {
                return UnknownType.Instance; // type T U; type U T: invalid, never resolvable
            }
            resolving = true;
            var u = resolveUnderlying().Underlying;
            resolving = false;
            return underlying = u;
        }
    }

    public override bool IsComplete => TypeArgs.All(a => a.IsComplete);

    private Func InstantiateMethod(Func method)
    {
        var map = Substitution.Map(method.ReceiverTypeParams, TypeArgs);
        return new Func(method.Name, method.Package, method.Declaration, method.Decl)
        {
            ResolvedType = Substitution.Apply(method.Type, map),
            Origin = method,
        };
    }
}

/// <summary>An alias (type A = B); go/types prints the alias's name, everything else looks through it.</summary>
public sealed class AliasType : GoType
{
    private readonly Func<GoType> resolve;
    private GoType? actual;
    private bool resolving;

    internal AliasType(TypeName obj, Func<GoType> resolve)
    {
        Obj = obj;
        this.resolve = resolve;
    }

    public TypeName Obj { get; }

    /// <summary>The aliased type, itself with aliases removed.</summary>
    public GoType Actual
    {
        get
        {
            if (actual is not null)
            {
                return actual;
            }
            if (resolving)
            {
                return UnknownType.Instance;
            }
            resolving = true;
            var a = Types.Unalias(resolve());
            resolving = false;
            return actual = a;
        }
    }

    public override GoType Underlying => Actual.Underlying;

    public override bool IsComplete => Actual.IsComplete;
}

public sealed class TypeParam : GoType
{
    private readonly Func<GoType> resolveConstraint;
    private GoType? constraint;

    internal TypeParam(TypeName obj, int index, Func<GoType> resolveConstraint)
    {
        Obj = obj;
        Index = index;
        this.resolveConstraint = resolveConstraint;
    }

    public TypeName Obj { get; }

    public string Name => Obj.Name;

    public int Index { get; }

    public GoType Constraint => constraint ??= resolveConstraint();

    /// <summary>The constraint's interface: methods callable on a value of the parameter type.</summary>
    public override GoType Underlying => Constraint.Underlying;
}
