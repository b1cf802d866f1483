namespace Goroscope.GoSyntax;

/// <summary>
/// Binds identifiers to their declarations following Go's scope rules: package, file (named
/// imports), function (receiver, type parameters, parameters, results), blocks, the implicit
/// blocks of if/for/switch/select and their clauses, and function-wide labels.
/// </summary>
internal sealed class Resolver
{
    private readonly Dictionary<string, Ident> packageScope;
    private readonly Dictionary<Ident, Ident> bindings = new(ReferenceEqualityComparer.Instance);
    private readonly List<Dictionary<string, Ident>> scopes = [];
    private Dictionary<string, Ident>? labels;

    // Resolves a child expression; made once, as a lambda per visited node would allocate per node.
    private readonly Action<Node> resolveChild;

    public Resolver(IEnumerable<SourceFile> packageFiles)
        : this(DeclarePackage(packageFiles))
    {
    }

    /// <param name="packageScope">The package's top-level names (<see cref="DeclarePackage"/>); only read, so one can serve every file.</param>
    public Resolver(Dictionary<string, Ident> packageScope)
    {
        this.packageScope = packageScope;
        resolveChild = child =>
        {
            if (child is Expr e)
            {
                ResolveExpr(e);
            }
        };
    }

    /// <summary>The names declared at the top level of the package's files.</summary>
    public static Dictionary<string, Ident> DeclarePackage(IEnumerable<SourceFile> packageFiles)
    {
        var packageScope = new Dictionary<string, Ident>(StringComparer.Ordinal);
        foreach (var file in packageFiles)
        {
            foreach (var decl in file.Decls)
            {
                switch (decl)
                {
                    case FuncDecl { Recv: null } func when func.Name.Name != "init":
                        DeclareIn(packageScope, func.Name);
                        break;
                    case GenDecl { Tok: not Token.Import } gen:
                        foreach (var spec in gen.Specs)
                        {
                            switch (spec)
                            {
                                case ValueSpec value:
                                    foreach (var name in value.Names)
                                    {
                                        DeclareIn(packageScope, name);
                                    }
                                    break;
                                case TypeSpec type:
                                    DeclareIn(packageScope, type.Name);
                                    break;
                            }
                        }
                        break;
                }
            }
        }
        return packageScope;
    }

    public Dictionary<Ident, Ident> Resolve(SourceFile file)
    {
        scopes.Clear();
        scopes.Add(packageScope);
        Open(); // file scope
        foreach (var import in file.Imports)
        {
            if (import.Name is { Name: not ("_" or ".") } name)
            {
                Declare(name);
            }
        }
        foreach (var decl in file.Decls)
        {
            switch (decl)
            {
                case GenDecl gen:
                    foreach (var spec in gen.Specs)
                    {
                        switch (spec)
                        {
                            case ValueSpec value:
                                ResolveExpr(value.Type);
                                value.Values.ToList().ForEach(ResolveExpr);
                                value.Names.ToList().ForEach(n => bindings[n] = n);
                                break;
                            case TypeSpec type:
                                bindings[type.Name] = type.Name;
                                Open();
                                DeclareTypeParams(type.TypeParams);
                                ResolveExpr(type.Type);
                                Close();
                                break;
                        }
                    }
                    break;
                case FuncDecl func:
                    bindings[func.Name] = func.Name;
                    ResolveFunction(func.Recv, func.Type, func.Body);
                    break;
            }
        }
        return bindings;
    }

    private void Open() => scopes.Add(new Dictionary<string, Ident>(StringComparer.Ordinal));

    private void Close() => scopes.RemoveAt(scopes.Count - 1);

    private static void DeclareIn(Dictionary<string, Ident> scope, Ident name)
    {
        if (name.Name != "_")
        {
            scope.TryAdd(name.Name, name);
        }
    }

    private void Declare(Ident name)
    {
        bindings[name] = name;
        if (name.Name != "_")
        {
            scopes[^1][name.Name] = name;
        }
    }

    private void Use(Ident ident)
    {
        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            if (scopes[i].TryGetValue(ident.Name, out var decl))
            {
                bindings[ident] = decl;
                return;
            }
        }
    }

    // Type parameters are in scope in the whole list: [T any, S ~[]T].
    private void DeclareTypeParams(FieldList? typeParams)
    {
        if (typeParams is null)
        {
            return;
        }
        foreach (var field in typeParams.List)
        {
            field.Names.ToList().ForEach(Declare);
        }
        foreach (var field in typeParams.List)
        {
            ResolveExpr(field.Type);
        }
    }

    private void DeclareFields(FieldList? fields)
    {
        if (fields is null)
        {
            return;
        }
        foreach (var field in fields.List)
        {
            ResolveExpr(field.Type);
        }
        foreach (var field in fields.List)
        {
            field.Names.ToList().ForEach(Declare);
        }
    }

    private void ResolveFunction(FieldList? recv, FuncType type, BlockStmt? body)
    {
        var outerLabels = labels;
        labels = new Dictionary<string, Ident>(StringComparer.Ordinal);
        Open();
        if (recv is not null)
        {
            foreach (var field in recv.List)
            {
                DeclareReceiverTypeParameters(field.Type);
                ResolveExpr(field.Type);
            }
            foreach (var field in recv.List)
            {
                field.Names.ToList().ForEach(Declare);
            }
        }
        DeclareTypeParams(type.TypeParams);
        DeclareFields(type.Params);
        DeclareFields(type.Results);
        if (body is not null)
        {
            CollectLabels(body);
            body.List.ToList().ForEach(ResolveStmt);
        }
        Close();
        labels = outerLabels;
    }

    // In func (l *List[T]) ..., T is declared by the receiver.
    private void DeclareReceiverTypeParameters(Expr? type)
    {
        switch (type)
        {
            case StarExpr star:
                DeclareReceiverTypeParameters(star.X);
                break;
            case ParenExpr paren:
                DeclareReceiverTypeParameters(paren.X);
                break;
            case IndexExpr { Index: Ident param }:
                Declare(param);
                break;
            case IndexListExpr list:
                list.Indices.OfType<Ident>().ToList().ForEach(Declare);
                break;
        }
    }

    private void CollectLabels(Node body) => Walker.Inspect(body, n =>
    {
        if (n is LabeledStmt labeled)
        {
            bindings[labeled.Label] = labeled.Label;
            labels!.TryAdd(labeled.Label.Name, labeled.Label);
        }
        return n is not FuncLit;
    });

    private void ResolveStmts(IReadOnlyList<Stmt> list)
    {
        foreach (var stmt in list)
        {
            ResolveStmt(stmt);
        }
    }

    private void ResolveStmt(Stmt? stmt)
    {
        switch (stmt)
        {
            case null:
                return;
            case DeclStmt { Decl: GenDecl gen }:
                foreach (var spec in gen.Specs)
                {
                    switch (spec)
                    {
                        case ValueSpec value:
                            ResolveExpr(value.Type);
                            value.Values.ToList().ForEach(ResolveExpr);
                            value.Names.ToList().ForEach(Declare);
                            break;
                        case TypeSpec type:
                            Declare(type.Name); // in scope within its own definition
                            Open();
                            DeclareTypeParams(type.TypeParams);
                            ResolveExpr(type.Type);
                            Close();
                            break;
                    }
                }
                return;
            case LabeledStmt labeled:
                ResolveStmt(labeled.Stmt);
                return;
            case ExprStmt e:
                ResolveExpr(e.X);
                return;
            case SendStmt send:
                ResolveExpr(send.Chan);
                ResolveExpr(send.Value);
                return;
            case IncDecStmt incDec:
                ResolveExpr(incDec.X);
                return;
            case AssignStmt assign:
                assign.Rhs.ToList().ForEach(ResolveExpr);
                if (assign.Tok == Token.Define)
                {
                    foreach (var lhs in assign.Lhs)
                    {
                        if (lhs is Ident ident && !scopes[^1].ContainsKey(ident.Name))
                        {
                            Declare(ident);
                        }
                        else
                        {
                            ResolveExpr(lhs);
                        }
                    }
                }
                else
                {
                    assign.Lhs.ToList().ForEach(ResolveExpr);
                }
                return;
            case GoStmt go:
                ResolveExpr(go.Call);
                return;
            case DeferStmt defer:
                ResolveExpr(defer.Call);
                return;
            case ReturnStmt ret:
                ret.Results.ToList().ForEach(ResolveExpr);
                return;
            case BranchStmt { Label: { } label }:
                if (labels is not null && labels.TryGetValue(label.Name, out var target))
                {
                    bindings[label] = target;
                }
                return;
            case BlockStmt block:
                Open();
                ResolveStmts(block.List);
                Close();
                return;
            case IfStmt ifStmt:
                Open();
                ResolveStmt(ifStmt.Init);
                ResolveExpr(ifStmt.Cond);
                ResolveStmt(ifStmt.Body);
                ResolveStmt(ifStmt.Else);
                Close();
                return;
            case SwitchStmt switchStmt:
                Open();
                ResolveStmt(switchStmt.Init);
                ResolveExpr(switchStmt.Tag);
                foreach (var clause in switchStmt.Body.List.Cast<CaseClause>())
                {
                    clause.List.ToList().ForEach(ResolveExpr);
                    Open();
                    ResolveStmts(clause.Body);
                    Close();
                }
                Close();
                return;
            case TypeSwitchStmt typeSwitch:
                Open();
                ResolveStmt(typeSwitch.Init);
                Ident? bound = null;
                switch (typeSwitch.Assign)
                {
                    case AssignStmt { Lhs: [Ident v] } guard:
                        guard.Rhs.ToList().ForEach(ResolveExpr);
                        bound = v;
                        bindings[v] = v;
                        break;
                    case ExprStmt guard:
                        ResolveExpr(guard.X);
                        break;
                }
                foreach (var clause in typeSwitch.Body.List.Cast<CaseClause>())
                {
                    clause.List.ToList().ForEach(ResolveExpr);
                    Open();
                    if (bound is not null && bound.Name != "_")
                    {
                        scopes[^1][bound.Name] = bound; // each clause has its own copy of the variable
                    }
                    ResolveStmts(clause.Body);
                    Close();
                }
                Close();
                return;
            case SelectStmt select:
                foreach (var clause in select.Body.List.Cast<CommClause>())
                {
                    Open();
                    ResolveStmt(clause.Comm);
                    ResolveStmts(clause.Body);
                    Close();
                }
                return;
            case ForStmt forStmt:
                Open();
                ResolveStmt(forStmt.Init);
                ResolveExpr(forStmt.Cond);
                ResolveStmt(forStmt.Post);
                ResolveStmt(forStmt.Body);
                Close();
                return;
            case RangeStmt range:
                ResolveExpr(range.X);
                Open();
                foreach (var iterationVariable in new[] { range.Key, range.Value })
                {
                    if (range.Tok == Token.Define && iterationVariable is Ident ident)
                    {
                        Declare(ident);
                    }
                    else
                    {
                        ResolveExpr(iterationVariable);
                    }
                }
                ResolveStmt(range.Body);
                Close();
                return;
            case CaseClause or CommClause or EmptyStmt or BadStmt or DeclStmt or BranchStmt:
                return;
        }
    }

    private void ResolveExpr(Expr? expr)
    {
        switch (expr)
        {
            case null:
                return;
            case Ident ident:
                Use(ident);
                return;
            case SelectorExpr selector:
                ResolveExpr(selector.X); // the selected name depends on types
                return;
            case FuncLit func:
                ResolveFunction(null, func.Type, func.Body);
                return;
            case FuncType type:
                Open();
                DeclareTypeParams(type.TypeParams);
                DeclareFields(type.Params);
                DeclareFields(type.Results);
                Close();
                return;
            case StructType structType:
                foreach (var field in structType.Fields.List)
                {
                    ResolveExpr(field.Type); // field names are not in any scope
                }
                return;
            case InterfaceType interfaceType:
                foreach (var method in interfaceType.Methods.List)
                {
                    ResolveExpr(method.Type);
                }
                return;
            case CompositeLit lit:
                ResolveExpr(lit.Type);
                foreach (var elt in lit.Elts)
                {
                    if (elt is KeyValueExpr { Key: Ident } pair)
                    {
                        ResolveExpr(pair.Value); // an identifier key may be a struct field name
                    }
                    else
                    {
                        ResolveExpr(elt);
                    }
                }
                return;
            default:
                expr.VisitChildren(resolveChild);
                return;
        }
    }
}
