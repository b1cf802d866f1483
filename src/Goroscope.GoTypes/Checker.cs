using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

/// <summary>
/// Resolves one package: collects its package-level objects (lazily typed, so declaration order does not matter),
/// then, for an analysed package, walks every function body in scope order typing each expression.
/// </summary>
internal sealed partial class Checker
{
    private readonly Package pkg;
    private readonly Func<string, Package?> import;
    private readonly TypeInfo info;
    private readonly List<(Func Method, FuncDecl Decl)> methods = [];
    private readonly Dictionary<FuncDecl, Scope> signatureScopes = new(ReferenceEqualityComparer.Instance);
    private bool checkingBodies;
    private long? iota;

    /// <param name="import">Loads the package an import path names (null when it is not on disk).</param>
    public Checker(Package pkg, Func<string, Package?> import)
    {
        this.pkg = pkg;
        this.import = import;
        info = pkg.Info;
    }

    /// <summary>Declares the package-level objects of every file and attaches methods to their receiver types.</summary>
    public void CollectDeclarations()
    {
        foreach (var file in pkg.Files)
        {
            DeclareImports(file);
            foreach (var decl in file.Syntax.Decls)
            {
                switch (decl)
                {
                    case GenDecl { Tok: Token.Const } gen:
                        DeclareConsts(gen, pkg.Scope, file.Scope, packageLevel: true);
                        break;
                    case GenDecl { Tok: Token.Var } gen:
                        foreach (var spec in gen.Specs.OfType<ValueSpec>())
                        {
                            DeclarePackageVars(spec, file.Scope);
                        }
                        break;
                    case GenDecl { Tok: Token.Type } gen:
                        foreach (var spec in gen.Specs.OfType<TypeSpec>())
                        {
                            DeclareType(spec, pkg.Scope, file.Scope);
                        }
                        break;
                    case FuncDecl func:
                        DeclareFunc(func, file.Scope);
                        break;
                }
            }
        }
        foreach (var (method, decl) in methods)
        {
            // The receiver may name the type through an alias of it (type token = Token; func (t token) String()).
            if (ReceiverBaseName(decl.Recv!.List.FirstOrDefault()?.Type) is { } baseName
                && pkg.Scope.LookupLocal(baseName.Name) is TypeName owner && Types.Unalias(owner.Type) is NamedType named && ReferenceEquals(named.Package, pkg))
            {
                named.DeclaredMethods.Add(method);
            }
        }
    }

    /// <summary>Types every package-level object, so that afterwards they are only read (and can be shared between threads).</summary>
    public void ResolveDeclarations()
    {
        foreach (var obj in pkg.Scope.Objects.ToList())
        {
            var type = obj.Type;
            if (obj is TypeName)
            {
                ForceType(type);
            }
        }
        foreach (var (method, _) in methods)
        {
            _ = method.Type;
        }
    }

    /// <summary>Walks every function body (and function literals in package-level initializers), recording types and objects.</summary>
    public void CheckBodies()
    {
        checkingBodies = true;
        foreach (var file in pkg.Files)
        {
            foreach (var decl in file.Syntax.Decls)
            {
                switch (decl)
                {
                    case FuncDecl { Body: { } body } func:
                        var sigScope = signatureScopes.GetValueOrDefault(func) ?? file.Scope;
                        var signature = FuncObjectOf(func)?.Type as Signature;
                        CheckFunctionBody(signature, body, sigScope);
                        break;
                    case GenDecl { Tok: Token.Var } gen:
                        // Resolving declarations typed only what the variables' types needed; now every initializer is walked.
                        foreach (var spec in gen.Specs.OfType<ValueSpec>())
                        {
                            var declared = spec.Type is null ? null : TypeExpr(spec.Type, file.Scope);
                            foreach (var value in spec.Values)
                            {
                                Eval(value, file.Scope, declared);
                            }
                        }
                        break;
                }
            }
        }
    }

    private Func? FuncObjectOf(FuncDecl func) => info.ObjectOf(func.Name) as Func;

    private static void ForceType(GoType type)
    {
        if (type is NamedType named)
        {
            _ = named.Underlying;
            foreach (var m in named.Methods)
            {
                _ = m.Type;
            }
            if (named.Underlying is InterfaceType iface)
            {
                _ = iface.Methods;
                _ = iface.IsComplete;
            }
            foreach (var p in named.TypeParams)
            {
                _ = p.Constraint;
            }
        }
        else if (type is AliasType alias)
        {
            _ = alias.Actual;
        }
    }

    private void DeclareImports(PackageFile file)
    {
        foreach (var spec in file.Syntax.Imports)
        {
            var path = spec.Path.Value.Length >= 2 ? spec.Path.Value[1..^1] : "";
            var imported = path switch
            {
                "unsafe" => Universe.Unsafe,
                "C" => null, // cgo: every C.x is unknown
                _ => import(path),
            };
            if (imported is null && path != "C")
            {
                pkg.Missing.Add(path);
            }
            var name = spec.Name?.Name ?? imported?.Name ?? DefaultImportName(path);
            if (name == "_")
            {
                continue;
            }
            if (name == ".")
            {
                foreach (var obj in imported?.Scope.Objects.Where(o => o.IsExported) ?? [])
                {
                    file.Scope.Insert(obj);
                }
                continue;
            }
            var packageName = new PackageName(name, pkg, spec.Name, imported, path);
            file.Scope.Insert(packageName);
            if (spec.Name is not null)
            {
                info.Define(spec.Name, packageName);
            }
        }
    }

    private static string DefaultImportName(string path)
    {
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last;
    }

    private void DeclarePackageVars(ValueSpec spec, Scope fileScope)
    {
        Lazy<IReadOnlyList<GoType>>? shared = null;
        if (spec.Type is null && spec.Values.Count == 1 && spec.Names.Count > 1)
        {
            shared = new Lazy<IReadOnlyList<GoType>>(() => EvalMulti(spec.Values, spec.Names.Count, fileScope, null).Select(DefaultVarType).ToList(), LazyThreadSafetyMode.None);
        }
        for (var i = 0; i < spec.Names.Count; i++)
        {
            var index = i;
            var name = spec.Names[i];
            var v = new Var(name.Name, pkg, name) { IsPackageLevel = true };
            v.Resolve = () =>
            {
                if (spec.Type is not null)
                {
                    return TypeExpr(spec.Type, fileScope);
                }
                if (shared is not null)
                {
                    return shared.Value[index];
                }
                return index < spec.Values.Count ? DefaultVarType(Eval(spec.Values[index], fileScope).Type) : UnknownType.Instance;
            };
            pkg.Scope.TryInsert(v);
            info.Define(name, v);
        }
    }

    // x := nil is invalid; x := 1 is an int.
    private static GoType DefaultVarType(GoType t) => t is BasicType { Kind: BasicKind.UntypedNil } ? UnknownType.Instance : Universe.Default(t);

    private void DeclareConsts(GenDecl gen, Scope declareIn, Scope lookup, bool packageLevel)
    {
        ValueSpec? last = null;
        for (var index = 0; index < gen.Specs.Count; index++)
        {
            if (gen.Specs[index] is not ValueSpec spec)
            {
                continue;
            }
            // A spec without values repeats the previous one's type and expressions (with its own iota).
            var source = spec.Values.Count > 0 || spec.Type is not null ? spec : last ?? spec;
            last = source;
            var specIota = index;
            var consts = new List<Const>();
            for (var i = 0; i < spec.Names.Count; i++)
            {
                var position = i;
                var name = spec.Names[i];
                var c = new Const(name.Name, pkg, name);
                c.Resolve = () => ResolveConst(c, source, position, specIota, lookup);
                consts.Add(c);
                info.Define(name, c);
            }
            foreach (var c in consts)
            {
                if (!packageLevel)
                {
                    _ = c.Type; // a local constant's value is computed before the names are in scope
                }
                if (packageLevel)
                {
                    declareIn.TryInsert(c);
                }
                else
                {
                    declareIn.Insert(c);
                }
            }
        }
    }

    private GoType ResolveConst(Const c, ValueSpec source, int position, int specIota, Scope lookup)
    {
        var saved = iota;
        iota = specIota;
        try
        {
            var declared = source.Type is null ? null : TypeExpr(source.Type, lookup);
            if (position >= source.Values.Count)
            {
                return declared ?? UnknownType.Instance;
            }
            var operand = Eval(source.Values[position], lookup);
            c.IntValue = operand.Int;
            return declared ?? operand.Type;
        }
        finally
        {
            iota = saved;
        }
    }

    private void DeclareType(TypeSpec spec, Scope declareIn, Scope lookup)
    {
        var obj = new TypeName(spec.Name.Name, pkg, spec.Name) { IsAlias = spec.Assign >= 0 };
        if (obj.IsAlias)
        {
            obj.ResolvedType = spec.TypeParams is null
                ? new AliasType(obj, () => TypeExpr(spec.Type, lookup))
                : UnknownType.Instance; // generic aliases are not resolved
        }
        else
        {
            var scope = lookup;
            IReadOnlyList<TypeParam> typeParams = [];
            if (spec.TypeParams is not null)
            {
                scope = new Scope(lookup);
                typeParams = DeclareTypeParams(spec.TypeParams, scope);
            }
            var typeScope = scope;
            obj.ResolvedType = new NamedType(obj, () => TypeExpr(spec.Type, typeScope)) { TypeParams = typeParams };
        }
        if (ReferenceEquals(declareIn, pkg.Scope))
        {
            declareIn.TryInsert(obj);
        }
        else
        {
            declareIn.Insert(obj);
        }
        info.Define(spec.Name, obj);
    }

    private List<TypeParam> DeclareTypeParams(FieldList list, Scope scope)
    {
        var result = new List<TypeParam>();
        foreach (var field in list.List)
        {
            foreach (var name in field.Names)
            {
                var obj = new TypeName(name.Name, pkg, name);
                var constraintExpr = field.Type;
                var p = new TypeParam(obj, result.Count, () => ConstraintType(constraintExpr, scope));
                obj.ResolvedType = p;
                scope.Insert(obj);
                info.Define(name, obj);
                result.Add(p);
            }
        }
        return result;
    }

    private GoType ConstraintType(Expr? expr, Scope scope)
    {
        if (expr is BinaryExpr or UnaryExpr)
        {
            return new InterfaceType([], [], hasTypeTerms: true, UnionTerms(expr, scope));
        }
        var t = expr is null ? UnknownType.Instance : TypeExpr(expr, scope);
        return t.Underlying is InterfaceType or UnknownType ? t : new InterfaceType([], [], hasTypeTerms: true, [t]);
    }

    private void DeclareFunc(FuncDecl decl, Scope fileScope)
    {
        var f = new Func(decl.Name.Name, pkg, decl.Name, decl);
        info.Define(decl.Name, f);
        if (decl.Recv is null)
        {
            var scope = fileScope;
            IReadOnlyList<TypeParam> typeParams = [];
            if (decl.Type.TypeParams is not null)
            {
                scope = new Scope(fileScope);
                typeParams = DeclareTypeParams(decl.Type.TypeParams, scope);
            }
            signatureScopes[decl] = scope;
            f.Resolve = () => FunctionSignature(decl.Type, scope, null, typeParams);
            if (decl.Name.Name is not ("init" or "_"))
            {
                pkg.Scope.TryInsert(f);
            }
            return;
        }
        // func (l *List[T]) M(): T is declared by the receiver and stands for List's first type parameter.
        var methodScope = new Scope(fileScope);
        signatureScopes[decl] = methodScope;
        var recvField = decl.Recv.List.FirstOrDefault();
        var receiverParams = new List<TypeParam>();
        var recvTypeExpr = recvField?.Type;
        var baseExpr = StripReceiver(recvTypeExpr, out var typeArgNames);
        foreach (var argName in typeArgNames)
        {
            var index = receiverParams.Count;
            var obj = new TypeName(argName.Name, pkg, argName);
            var p = new TypeParam(obj, index, () => BaseNamed(baseExpr, fileScope) is { } b && index < b.TypeParams.Count ? b.TypeParams[index].Constraint : UnknownType.Instance);
            obj.ResolvedType = p;
            methodScope.Insert(obj);
            info.Define(argName, obj);
            receiverParams.Add(p);
        }
        f.ReceiverTypeParams = receiverParams;
        // A generic method (Go 1.27: func (r *Rand) N[Int intType](n Int) Int) has type parameters of its own.
        IReadOnlyList<TypeParam> methodTypeParams = decl.Type.TypeParams is null ? [] : DeclareTypeParams(decl.Type.TypeParams, methodScope);
        f.Resolve = () =>
        {
            GoType recvType = UnknownType.Instance;
            if (BaseNamed(baseExpr, fileScope) is { } named)
            {
                // func (t token) M() with type token = Token: the receiver's type is the alias, as written.
                var written = baseExpr is Ident id && fileScope.Lookup(id.Name) is TypeName { IsAlias: true } alias ? alias.Type : named;
                GoType baseType = receiverParams.Count > 0 ? Substitution.Instantiate(named, receiverParams) : written;
                recvType = IsPointerReceiver(recvTypeExpr) ? new PointerType(baseType) : baseType;
            }
            var recvName = recvField?.Names.FirstOrDefault();
            var recv = new Var(recvName?.Name ?? "", pkg, recvName) { ResolvedType = recvType };
            return FunctionSignature(decl.Type, methodScope, recv, methodTypeParams);
        };
        methods.Add((f, decl));
    }

    private NamedType? BaseNamed(Expr? baseExpr, Scope fileScope) =>
        baseExpr is Ident id && fileScope.Lookup(id.Name) is TypeName t && Types.Unalias(t.Type) is NamedType n && ReferenceEquals(n.Package, pkg) ? n : null;

    private static Ident? ReceiverBaseName(Expr? recvType) => StripReceiver(recvType, out _) as Ident;

    private static bool IsPointerReceiver(Expr? recvType) => recvType switch
    {
        ParenExpr p => IsPointerReceiver(p.X),
        StarExpr => true,
        _ => false,
    };

    // *List[K, V] → List, with [K, V] the receiver's names for the type parameters.
    private static Expr? StripReceiver(Expr? recvType, out IReadOnlyList<Ident> typeArgNames)
    {
        typeArgNames = [];
        while (true)
        {
            switch (recvType)
            {
                case ParenExpr p:
                    recvType = p.X;
                    continue;
                case StarExpr s:
                    recvType = s.X;
                    continue;
                case IndexExpr { Index: Ident arg } ix:
                    typeArgNames = [arg];
                    return ix.X;
                case IndexListExpr list:
                    typeArgNames = list.Indices.OfType<Ident>().ToList();
                    return list.X;
                default:
                    return recvType;
            }
        }
    }

    private Signature FunctionSignature(FuncType type, Scope scope, Var? receiver, IReadOnlyList<TypeParam> typeParams)
    {
        var (parameters, variadic) = ParameterList(type.Params, scope);
        var (results, _) = ParameterList(type.Results, scope);
        return new Signature(parameters, results, variadic, receiver, typeParams);
    }

    private (TupleType Vars, bool Variadic) ParameterList(FieldList? list, Scope scope)
    {
        if (list is null || list.List.Count == 0)
        {
            return (TupleType.Empty, false);
        }
        var vars = new List<Var>();
        var variadic = false;
        foreach (var field in list.List)
        {
            GoType type;
            if (field.Type is Ellipsis ellipsis)
            {
                variadic = true;
                type = new SliceType(ellipsis.Elt is null ? UnknownType.Instance : TypeExpr(ellipsis.Elt, scope));
                info.Record(ellipsis, type, isType: true);
            }
            else
            {
                type = field.Type is null ? UnknownType.Instance : TypeExpr(field.Type, scope);
            }
            if (field.Names.Count == 0)
            {
                vars.Add(Var.Of("", type, pkg));
                continue;
            }
            foreach (var name in field.Names)
            {
                var v = new Var(name.Name, pkg, name) { ResolvedType = type };
                info.Define(name, v);
                vars.Add(v);
            }
        }
        return (new TupleType(vars), variadic);
    }
}
