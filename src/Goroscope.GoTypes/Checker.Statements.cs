using Goroscope.GoSyntax;

namespace Goroscope.GoTypes;

internal sealed partial class Checker
{
    private void CheckFunctionBody(Signature? signature, BlockStmt body, Scope outer)
    {
        var scope = new Scope(outer);
        if (signature is not null)
        {
            if (signature.Receiver is { } receiver)
            {
                scope.Insert(receiver);
                if (receiver.Declaration is not null)
                {
                    info.Define(receiver.Declaration, receiver);
                }
            }
            foreach (var v in signature.Params.Vars.Concat(signature.Results.Vars))
            {
                if (v.Declaration is not null)
                {
                    scope.Insert(v);
                }
            }
        }
        foreach (var stmt in body.List)
        {
            Stmt(stmt, scope);
        }
    }

    private void Block(IReadOnlyList<Stmt> list, Scope scope)
    {
        foreach (var stmt in list)
        {
            Stmt(stmt, scope);
        }
    }

    private void Stmt(Stmt? stmt, Scope scope)
    {
        switch (stmt)
        {
            case null:
                return;
            case DeclStmt { Decl: GenDecl gen }:
                LocalDeclaration(gen, scope);
                return;
            case LabeledStmt labeled:
                Stmt(labeled.Stmt, scope);
                return;
            case ExprStmt e:
                Eval(e.X, scope);
                return;
            case SendStmt send:
                var channel = Eval(send.Chan, scope);
                Eval(send.Value, scope, Types.CoreType(channel.Type) is ChanType c ? c.Elem : null);
                return;
            case IncDecStmt incDec:
                Eval(incDec.X, scope);
                return;
            case AssignStmt assign:
                Assign(assign, scope);
                return;
            case GoStmt go:
                Eval(go.Call, scope);
                return;
            case DeferStmt defer:
                Eval(defer.Call, scope);
                return;
            case ReturnStmt ret:
                foreach (var result in ret.Results)
                {
                    Eval(result, scope);
                }
                return;
            case BlockStmt block:
                Block(block.List, new Scope(scope));
                return;
            case IfStmt ifStmt:
                var ifScope = new Scope(scope);
                Stmt(ifStmt.Init, ifScope);
                Eval(ifStmt.Cond, ifScope);
                Stmt(ifStmt.Body, ifScope);
                Stmt(ifStmt.Else, ifScope);
                return;
            case SwitchStmt switchStmt:
                var switchScope = new Scope(scope);
                Stmt(switchStmt.Init, switchScope);
                if (switchStmt.Tag is not null)
                {
                    Eval(switchStmt.Tag, switchScope);
                }
                foreach (var clause in switchStmt.Body.List.OfType<CaseClause>())
                {
                    foreach (var e in clause.List)
                    {
                        Eval(e, switchScope);
                    }
                    Block(clause.Body, new Scope(switchScope));
                }
                return;
            case TypeSwitchStmt typeSwitch:
                TypeSwitch(typeSwitch, scope);
                return;
            case SelectStmt select:
                foreach (var clause in select.Body.List.OfType<CommClause>())
                {
                    var clauseScope = new Scope(scope);
                    Stmt(clause.Comm, clauseScope);
                    Block(clause.Body, clauseScope);
                }
                return;
            case ForStmt forStmt:
                var forScope = new Scope(scope);
                Stmt(forStmt.Init, forScope);
                if (forStmt.Cond is not null)
                {
                    Eval(forStmt.Cond, forScope);
                }
                Stmt(forStmt.Post, forScope);
                Stmt(forStmt.Body, forScope);
                return;
            case RangeStmt range:
                Range(range, scope);
                return;
        }
    }

    private void LocalDeclaration(GenDecl gen, Scope scope)
    {
        switch (gen.Tok)
        {
            case Token.Const:
                DeclareConsts(gen, scope, scope, packageLevel: false);
                break;
            case Token.Type:
                foreach (var spec in gen.Specs.OfType<TypeSpec>())
                {
                    DeclareType(spec, scope, scope);
                    if (scope.LookupLocal(spec.Name.Name) is TypeName t)
                    {
                        ForceType(t.Type);
                    }
                }
                break;
            case Token.Var:
                foreach (var spec in gen.Specs.OfType<ValueSpec>())
                {
                    List<GoType> types;
                    if (spec.Type is not null)
                    {
                        var declared = TypeExpr(spec.Type, scope);
                        foreach (var value in spec.Values)
                        {
                            Eval(value, scope, declared);
                        }
                        types = Enumerable.Repeat(declared, spec.Names.Count).ToList();
                    }
                    else
                    {
                        types = EvalMulti(spec.Values, spec.Names.Count, scope, null).Select(DefaultVarType).ToList();
                    }
                    // The new variables are in scope after the whole spec.
                    var vars = spec.Names.Select((name, i) => new Var(name.Name, pkg, name) { ResolvedType = types[i] }).ToList();
                    for (var i = 0; i < vars.Count; i++)
                    {
                        info.Define(spec.Names[i], vars[i]);
                        scope.Insert(vars[i]);
                    }
                }
                break;
        }
    }

    private void Assign(AssignStmt assign, Scope scope)
    {
        if (assign.Tok == Token.Define)
        {
            var types = EvalMulti(assign.Rhs, assign.Lhs.Count, scope, null);
            var declared = new List<Var>();
            for (var i = 0; i < assign.Lhs.Count; i++)
            {
                if (assign.Lhs[i] is not Ident name)
                {
                    Eval(assign.Lhs[i], scope);
                    continue;
                }
                if (name.Name != "_" && scope.LookupLocal(name.Name) is Var existing)
                {
                    info.Use(name, existing); // redeclared in a := with at least one new variable
                    continue;
                }
                var v = new Var(name.Name, pkg, name) { ResolvedType = DefaultVarType(types[i]) };
                info.Define(name, v);
                declared.Add(v);
            }
            foreach (var v in declared)
            {
                scope.Insert(v);
            }
            return;
        }
        var targets = assign.Lhs.Select(lhs => lhs is Ident { Name: "_" } ? null : (GoType?)Eval(lhs, scope).Type).ToList();
        if (assign.Tok == Token.Assign)
        {
            EvalMulti(assign.Rhs, assign.Lhs.Count, scope, targets);
        }
        else
        {
            foreach (var rhs in assign.Rhs)
            {
                Eval(rhs, scope);
            }
        }
    }

    private void TypeSwitch(TypeSwitchStmt typeSwitch, Scope scope)
    {
        var outer = new Scope(scope);
        Stmt(typeSwitch.Init, outer);
        // The symbolic variable of v := x.(type) has no object of its own (as in go/types): each clause declares one.
        var bound = typeSwitch.Assign is AssignStmt { Lhs: [Ident v] } ? v : null;
        var subject = typeSwitch.Assign switch
        {
            AssignStmt { Rhs: [var rhs] } => Eval(rhs, outer),
            ExprStmt e => Eval(e.X, outer),
            _ => Operand.Unknown,
        };
        foreach (var clause in typeSwitch.Body.List.OfType<CaseClause>())
        {
            var caseTypes = clause.List.Select(e => e is Ident { Name: "nil" } nil && outer.Lookup("nil") is Nil
                ? NilCase(nil)
                : TypeExpr(e, outer)).ToList();
            var clauseScope = new Scope(outer);
            if (bound is not null && bound.Name != "_")
            {
                // Each clause has its own variable: of the case's type when there is exactly one (not nil), else of the subject's.
                var type = caseTypes.Count == 1 && caseTypes[0] is not BasicType { Kind: BasicKind.UntypedNil } ? caseTypes[0] : subject.Type;
                clauseScope.Insert(new Var(bound.Name, pkg, bound) { ResolvedType = type });
            }
            Block(clause.Body, clauseScope);
        }
    }

    private GoType NilCase(Ident nil)
    {
        info.Use(nil, Universe.Scope.Lookup("nil")!);
        return Universe.UntypedNil;
    }

    private void Range(RangeStmt range, Scope scope)
    {
        var x = Eval(range.X, scope);
        var (key, value) = RangeTypes(x);
        var inner = new Scope(scope);
        if (range.Tok == Token.Define)
        {
            var declared = new List<Var>();
            foreach (var (expr, type) in new[] { (range.Key, key), (range.Value, value) })
            {
                if (expr is Ident name)
                {
                    var v = new Var(name.Name, pkg, name) { ResolvedType = type };
                    info.Define(name, v);
                    declared.Add(v);
                }
            }
            declared.ForEach(inner.Insert);
        }
        else
        {
            foreach (var expr in new[] { range.Key, range.Value })
            {
                if (expr is not null and not Ident { Name: "_" })
                {
                    Eval(expr, scope);
                }
            }
        }
        Stmt(range.Body, inner);
    }

    // The iteration values of range over slices, arrays, strings, maps, channels, integers and iterator functions.
    private static (GoType Key, GoType Value) RangeTypes(Operand x)
    {
        var unknown = (UnknownType.Instance, UnknownType.Instance);
        if (!x.IsValue)
        {
            return unknown;
        }
        var type = Types.Unalias(x.Type);
        var under = Types.CoreType(type);
        if (under is PointerType { Elem: var e } && Types.Unalias(e).Underlying is ArrayType pointee)
        {
            under = pointee;
        }
        return under switch
        {
            BasicType { IsString: true } => (Universe.Int, Universe.Rune),
            BasicType { IsInteger: true } => (Universe.Default(type), UnknownType.Instance),
            ArrayType a => (Universe.Int, a.Elem),
            SliceType s => (Universe.Int, s.Elem),
            MapType m => (m.Key, m.Value),
            ChanType c => (c.Elem, UnknownType.Instance),
            Signature { Params.Count: 1 } s when Types.Unalias(s.Params[0]).Underlying is Signature yield => (
                yield.Params.Count > 0 ? yield.Params[0] : UnknownType.Instance,
                yield.Params.Count > 1 ? yield.Params[1] : UnknownType.Instance),
            _ => unknown,
        };
    }
}
