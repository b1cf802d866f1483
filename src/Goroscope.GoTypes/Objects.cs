using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

/// <summary>A named language entity: a variable or field, constant, type name, function or method, imported package, builtin or nil.</summary>
public abstract class GoObject
{
    private protected GoObject(string name, Package? package, Ident? declaration)
    {
        Name = name;
        Package = package;
        Declaration = declaration;
    }

    public string Name { get; }

    /// <summary>The package declaring it; null for predeclared objects.</summary>
    public Package? Package { get; }

    /// <summary>The identifier that declares it; null for predeclared and implicit objects.</summary>
    public Ident? Declaration { get; }

    public bool IsExported => Name.Length > 0 && char.IsUpper(Name, 0);

    /// <summary>Its type (for a type name, the type it denotes); <see cref="UnknownType"/> when unresolvable.</summary>
    public GoType Type
    {
        get
        {
            if (ResolvedType is not null)
            {
                return ResolvedType;
            }
            if (Resolve is null || resolving)
            {
                return UnknownType.Instance; // declared in terms of itself (var x = x) or never resolvable
            }
            resolving = true;
            var t = Resolve();
            resolving = false;
            Resolve = null;
            return ResolvedType ??= t;
        }
    }

    internal GoType? ResolvedType { get; set; }

    internal Func<GoType>? Resolve { get; set; }

    private bool resolving;

    public override string ToString() => $"{GetType().Name.ToLowerInvariant()} {Name} {Type}";
}

public sealed class Var : GoObject
{
    internal Var(string name, Package? package, Ident? declaration)
        : base(name, package, declaration)
    {
    }

    internal static Var Of(string name, GoType type, Package? package = null, Ident? declaration = null) =>
        new(name, package, declaration) { ResolvedType = type };

    public bool IsField { get; init; }

    /// <summary>An embedded field (struct { sync.Mutex }).</summary>
    public bool IsEmbedded { get; init; }

    /// <summary>Declared at package level (a global), not in a function.</summary>
    public bool IsPackageLevel { get; init; }
}

public sealed class Const : GoObject
{
    internal Const(string name, Package? package, Ident? declaration)
        : base(name, package, declaration)
    {
    }

    /// <summary>The value of an integer constant, when the resolver could evaluate it.</summary>
    public long? IntValue { get; internal set; }
}

public sealed class TypeName : GoObject
{
    internal TypeName(string name, Package? package, Ident? declaration)
        : base(name, package, declaration)
    {
    }

    public bool IsAlias { get; init; }
}

/// <summary>A function or method (its type is a <see cref="Signature"/>, with the receiver for a method).</summary>
public sealed class Func : GoObject
{
    internal Func(string name, Package? package, Ident? declaration, FuncDecl? decl)
        : base(name, package, declaration)
    {
        Decl = decl;
    }

    /// <summary>The declaration, when it is a function or method declared in Go source.</summary>
    public FuncDecl? Decl { get; }

    public Signature? Signature => Type as Signature;

    /// <summary>For a method of an instantiated generic type, the generic method.</summary>
    public Func Origin
    {
        get => field ?? this;
        internal init;
    }

    internal IReadOnlyList<TypeParam> ReceiverTypeParams { get; set; } = [];

    /// <summary>A method with a pointer receiver (func (s *T) M()).</summary>
    public bool HasPointerReceiver => Signature?.Receiver?.Type is PointerType;
}

/// <summary>The name a file gives an imported package.</summary>
public sealed class PackageName : GoObject
{
    internal PackageName(string name, Package? package, Ident? declaration, Package? imported, string importPath)
        : base(name, package, declaration)
    {
        Imported = imported;
        ImportPath = importPath;
        ResolvedType = UnknownType.Instance;
    }

    /// <summary>The imported package; null when it could not be found (its members are unknown).</summary>
    public Package? Imported { get; }

    public string ImportPath { get; }
}

public enum BuiltinKind
{
    Append,
    Cap,
    Clear,
    Close,
    Complex,
    Copy,
    Delete,
    Imag,
    Len,
    Make,
    Max,
    Min,
    New,
    Panic,
    Print,
    Println,
    Real,
    Recover,
    UnsafeAdd,
    UnsafeAlignof,
    UnsafeOffsetof,
    UnsafeSizeof,
    UnsafeSlice,
    UnsafeSliceData,
    UnsafeString,
    UnsafeStringData,
}

public sealed class Builtin : GoObject
{
    internal Builtin(string name, BuiltinKind kind, Package? package = null)
        : base(name, package, null)
    {
        Kind = kind;
        ResolvedType = UnknownType.Instance;
    }

    public BuiltinKind Kind { get; }
}

public sealed class Nil : GoObject
{
    internal Nil()
        : base("nil", null, null)
    {
        ResolvedType = Universe.UntypedNil;
    }
}

/// <summary>Names declared in a block, function, file, package or the universe; lookups go outward.</summary>
public sealed class Scope(Scope? parent)
{
    private Dictionary<string, GoObject>? names; // most blocks declare nothing: made on the first declaration

    public Scope? Parent { get; } = parent;

    public IEnumerable<GoObject> Objects => names?.Values ?? Enumerable.Empty<GoObject>();

    public GoObject? LookupLocal(string name) => names?.GetValueOrDefault(name);

    public GoObject? Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s.names is not null && s.names.TryGetValue(name, out var obj))
            {
                return obj;
            }
        }
        return null;
    }

    /// <summary>Declares the object unless it is blank; a later declaration of the same name in the same block replaces it (invalid Go).</summary>
    internal void Insert(GoObject obj)
    {
        if (obj.Name != "_")
        {
            (names ??= new Dictionary<string, GoObject>(StringComparer.Ordinal))[obj.Name] = obj;
        }
    }

    internal bool TryInsert(GoObject obj) => obj.Name == "_" || (names ??= new Dictionary<string, GoObject>(StringComparer.Ordinal)).TryAdd(obj.Name, obj);
}
