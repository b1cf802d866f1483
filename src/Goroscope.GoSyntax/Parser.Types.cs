namespace Goroscope.GoSyntax;

public sealed partial class Parser
{
    private Ident ParseIdent()
    {
        var at = pos;
        var identName = "_";
        if (tok == Token.Ident)
        {
            identName = name!;
            Next();
        }
        else
        {
            Expect(Token.Ident);
        }
        return new Ident { NamePos = at, Name = identName };
    }

    private Ident[] ParseIdentList()
    {
        var mark = idents.Mark;
        idents.Push(ParseIdent());
        while (tok == Token.Comma)
        {
            Next();
            idents.Push(ParseIdent());
        }
        return idents.PopFrom(mark);
    }

    private Expr[] ParseExprList()
    {
        var first = ParseExpr();
        if (tok != Token.Comma)
        {
            return [first];
        }
        var mark = exprs.Mark;
        exprs.Push(first);
        while (tok == Token.Comma)
        {
            Next();
            exprs.Push(ParseExpr());
        }
        return exprs.PopFrom(mark);
    }

    private Expr[] ParseList(bool rhs)
    {
        var old = inRhs;
        inRhs = rhs;
        var list = ParseExprList();
        inRhs = old;
        return list;
    }

    private Expr ParseType()
    {
        var type = TryIdentOrType();
        if (type is null)
        {
            var at = pos;
            ErrorExpected(at, "type");
            Advance(ExprEnd);
            return new BadExpr { From = at, To = pos };
        }
        return type;
    }

    private Expr ParseQualifiedIdent(Ident? ident)
    {
        var type = ParseTypeName(ident);
        if (tok == Token.LBrack)
        {
            type = ParseTypeInstance(type);
        }
        return type;
    }

    private Expr ParseTypeName(Ident? ident)
    {
        ident ??= ParseIdent();
        if (tok == Token.Period)
        {
            Next();
            var sel = ParseIdent();
            return new SelectorExpr { X = ident, Sel = sel };
        }
        return ident;
    }

    // "[" has been consumed; len is the already parsed length, if any.
    private ArrayType ParseArrayType(int lbrack, Expr? length)
    {
        if (length is null)
        {
            exprLev++;
            if (tok == Token.Ellipsis)
            {
                length = new Ellipsis { EllipsisPos = pos };
                Next();
            }
            else if (tok != Token.RBrack)
            {
                length = ParseRhs();
            }
            exprLev--;
        }
        if (tok == Token.Comma)
        {
            // x [P]E or x[P,], where P is a type parameter list: be helpful.
            Error(pos, "unexpected comma; expecting ]");
            Next();
        }
        Expect(Token.RBrack);
        var elt = ParseType();
        return new ArrayType { Lbrack = lbrack, Len = length, Elt = elt };
    }

    // Distinguishes "x [N]E" (a field of array type) from "x[T]" (an embedded instance).
    private (Ident? Name, Expr Type) ParseArrayFieldOrTypeInstance(Ident x)
    {
        var lbrack = Expect(Token.LBrack);
        var trailingComma = FileText.NoPos;
        var args = new List<Expr>();
        if (tok != Token.RBrack)
        {
            exprLev++;
            args.Add(ParseRhs());
            while (tok == Token.Comma)
            {
                var comma = pos;
                Next();
                if (tok == Token.RBrack)
                {
                    trailingComma = comma;
                    break;
                }
                args.Add(ParseRhs());
            }
            exprLev--;
        }
        var rbrack = Expect(Token.RBrack);

        if (args.Count == 0)
        {
            var elt = ParseType();
            return (x, new ArrayType { Lbrack = lbrack, Elt = elt });
        }

        if (args.Count == 1)
        {
            var elt = TryIdentOrType();
            if (elt is not null)
            {
                if (trailingComma >= 0)
                {
                    Error(trailingComma, "unexpected comma; expecting ]");
                }
                return (x, new ArrayType { Lbrack = lbrack, Len = args[0], Elt = elt });
            }
        }

        return (null, PackIndexExpr(x, lbrack, args, rbrack));
    }

    private Field ParseFieldDecl()
    {
        var doc = leadComment;
        IReadOnlyList<Ident> names = [];
        Expr type;
        switch (tok)
        {
            case Token.Ident:
                var first = ParseIdent();
                if (tok is Token.Period or Token.String or Token.Semicolon or Token.RBrace)
                {
                    // Embedded type.
                    type = first;
                    if (tok == Token.Period)
                    {
                        type = ParseQualifiedIdent(first);
                    }
                }
                else
                {
                    var list = new List<Ident> { first };
                    while (tok == Token.Comma)
                    {
                        Next();
                        list.Add(ParseIdent());
                    }
                    names = list;
                    if (list.Count == 1 && tok == Token.LBrack)
                    {
                        Ident? fieldName;
                        (fieldName, type) = ParseArrayFieldOrTypeInstance(first);
                        if (fieldName is null)
                        {
                            names = [];
                        }
                    }
                    else
                    {
                        type = ParseType();
                    }
                }
                break;
            case Token.Mul:
                var star = pos;
                Next();
                Expr x;
                if (tok == Token.LParen)
                {
                    Error(pos, "cannot parenthesize embedded type");
                    Next();
                    x = ParseQualifiedIdent(null);
                    if (tok == Token.RParen)
                    {
                        Next();
                    }
                }
                else
                {
                    x = ParseQualifiedIdent(null);
                }
                type = new StarExpr { Star = star, X = x };
                break;
            case Token.LParen:
                Error(pos, "cannot parenthesize embedded type");
                Next();
                if (tok == Token.Mul)
                {
                    var ptr = pos;
                    Next();
                    type = new StarExpr { Star = ptr, X = ParseQualifiedIdent(null) };
                }
                else
                {
                    type = ParseQualifiedIdent(null);
                }
                if (tok == Token.RParen)
                {
                    Next();
                }
                break;
            default:
                var at = pos;
                ErrorExpected(at, "field name or embedded type");
                Advance(ExprEnd);
                type = new BadExpr { From = at, To = pos };
                break;
        }

        BasicLit? tag = null;
        if (tok == Token.String)
        {
            tag = new BasicLit(file.Content, pos, end, tok);
            Next();
        }

        var comment = ExpectSemi();
        return new Field { Doc = doc, Names = names, Type = type, Tag = tag, Comment = comment };
    }

    private StructType ParseStructType()
    {
        var at = Expect(Token.Struct);
        var lbrace = Expect(Token.LBrace);
        var mark = fields.Mark;
        while (tok is Token.Ident or Token.Mul or Token.LParen)
        {
            fields.Push(ParseFieldDecl());
        }
        var list = fields.PopFrom(mark);
        var rbrace = Expect(Token.RBrace);
        return new StructType { Struct = at, Fields = new FieldList { Opening = lbrace, List = list, Closing = rbrace } };
    }

    private StarExpr ParsePointerType()
    {
        var star = Expect(Token.Mul);
        var baseType = ParseType();
        return new StarExpr { Star = star, X = baseType };
    }

    private Ellipsis ParseDotsType()
    {
        var at = Expect(Token.Ellipsis);
        var elt = ParseType();
        return new Ellipsis { EllipsisPos = at, Elt = elt };
    }

    private struct ParamField(Ident? name, Expr? type)
    {
        public Ident? Name = name;
        public Expr? Type = type;
    }

    private ParamField ParseParamDecl(Ident? paramName, bool typeSetsOk)
    {
        var f = default(ParamField);
        if (paramName is null && typeSetsOk && tok == Token.Tilde)
        {
            return new ParamField(null, EmbeddedElem(null)); // "~" ...
        }

        if (paramName is not null || tok == Token.Ident)
        {
            f.Name = paramName ?? ParseIdent();
            switch (tok)
            {
                case Token.Ident or Token.Mul or Token.Arrow or Token.Func or Token.Chan or Token.Map
                    or Token.Struct or Token.Interface or Token.LParen:
                    f.Type = ParseType(); // name type
                    break;
                case Token.LBrack:
                    (f.Name, f.Type) = ParseArrayFieldOrTypeInstance(f.Name!); // name "[" type1, ..., typeN "]" or name "[" n "]" type
                    break;
                case Token.Ellipsis:
                    f.Type = ParseDotsType(); // name "..." type
                    return f; // no "|" after ...type
                case Token.Period:
                    f.Type = ParseQualifiedIdent(f.Name); // name "." ...
                    f.Name = null;
                    break;
                case Token.Tilde:
                    if (typeSetsOk)
                    {
                        f.Type = EmbeddedElem(null);
                        return f;
                    }
                    break;
                case Token.Or:
                    if (typeSetsOk)
                    {
                        f.Type = EmbeddedElem(f.Name);
                        f.Name = null;
                        return f;
                    }
                    break;
            }
        }
        else
        {
            switch (tok)
            {
                case Token.Mul or Token.Arrow or Token.Func or Token.LBrack or Token.Chan or Token.Map
                    or Token.Struct or Token.Interface or Token.LParen:
                    f.Type = ParseType();
                    break;
                case Token.Ellipsis:
                    f.Type = ParseDotsType();
                    return f;
                default:
                    ErrorExpected(pos, "')'");
                    Advance(ExprEnd);
                    break;
            }
        }

        if (typeSetsOk && tok == Token.Or && f.Type is not null)
        {
            f.Type = EmbeddedElem(f.Type);
        }
        return f;
    }

    private List<Field> ParseParameterList(Ident? name0, Expr? type0, Token closing, bool dddOk)
    {
        var typeParams = closing == Token.RBrack;
        var pos0 = pos;
        if (name0 is not null)
        {
            pos0 = name0.Pos;
        }
        else if (type0 is not null)
        {
            pos0 = type0.Pos;
        }

        var list = new List<ParamField>();
        var named = 0; // parameters with an explicit name and type
        var typed = 0; // parameters with an explicit type

        while (name0 is not null || tok != closing && tok != Token.EOF)
        {
            ParamField par;
            if (type0 is not null)
            {
                if (typeParams)
                {
                    type0 = EmbeddedElem(type0);
                }
                par = new ParamField(name0, type0);
            }
            else
            {
                par = ParseParamDecl(name0, typeParams);
            }
            name0 = null;
            type0 = null;
            if (par.Name is not null || par.Type is not null)
            {
                list.Add(par);
                if (par.Name is not null && par.Type is not null)
                {
                    named++;
                }
                if (par.Type is not null)
                {
                    typed++;
                }
            }
            if (!AtComma("parameter list", closing))
            {
                break;
            }
            Next();
        }

        var fields = new List<Field>();
        if (list.Count == 0)
        {
            return fields;
        }

        if (named == 0)
        {
            // All unnamed: the names were types.
            for (var i = 0; i < list.Count; i++)
            {
                var par = list[i];
                if (par.Name is not null)
                {
                    list[i] = new ParamField(null, par.Name);
                }
            }
            if (typeParams)
            {
                int errPos;
                string message;
                if (named == typed)
                {
                    errPos = pos; // at the closing ]
                    message = "missing type constraint";
                }
                else
                {
                    errPos = pos0;
                    message = "missing type parameter name";
                    if (list.Count == 1)
                    {
                        message += " or invalid array length";
                    }
                }
                Error(errPos, message);
            }
        }
        else if (named != list.Count)
        {
            // Some named or the types are missing: distribute types right to left.
            var errPos = FileText.NoPos;
            Expr? type = null;
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var par = list[i];
                if (par.Type is not null)
                {
                    type = par.Type;
                    if (par.Name is null)
                    {
                        errPos = type.Pos;
                        par.Name = new Ident { NamePos = errPos, Name = "_" };
                    }
                }
                else if (type is not null)
                {
                    par.Type = type;
                }
                else
                {
                    errPos = par.Name!.Pos;
                    par.Type = new BadExpr { From = errPos, To = pos };
                }
                list[i] = par;
            }
            if (errPos >= 0)
            {
                string message;
                if (named == typed)
                {
                    errPos = pos; // at the closing ) or ]
                    message = typeParams ? "missing type constraint" : "missing parameter type";
                }
                else
                {
                    if (typeParams)
                    {
                        message = "missing type parameter name";
                        if (list.Count == 1)
                        {
                            message += " or invalid array length";
                        }
                    }
                    else
                    {
                        message = "missing parameter name";
                    }
                }
                Error(errPos, message);
            }
        }

        var first = true; // report only the first misplaced "..."
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Type is Ellipsis t && (!dddOk || i + 1 < list.Count))
            {
                if (first)
                {
                    first = false;
                    Error(t.EllipsisPos, dddOk ? "can only use ... with final parameter" : "invalid use of ...");
                }
                list[i] = new ParamField(list[i].Name, new BadExpr { From = t.Pos, To = t.End });
            }
        }

        if (named == 0)
        {
            foreach (var par in list)
            {
                fields.Add(new Field { Type = par.Type });
            }
            return fields;
        }

        // Group consecutive names sharing a type into one field.
        var names = new List<Ident>();
        Expr? groupType = null;
        foreach (var par in list)
        {
            if (!ReferenceEquals(par.Type, groupType))
            {
                if (names.Count > 0)
                {
                    fields.Add(new Field { Names = names, Type = groupType });
                    names = [];
                }
                groupType = par.Type;
            }
            names.Add(par.Name!);
        }
        if (names.Count > 0)
        {
            fields.Add(new Field { Names = names, Type = groupType });
        }
        return fields;
    }

    private FieldList? ParseTypeParameters()
    {
        var lbrack = Expect(Token.LBrack);
        List<Field> list = [];
        if (tok != Token.RBrack)
        {
            list = ParseParameterList(null, null, Token.RBrack, false);
        }
        var rbrack = Expect(Token.RBrack);
        if (list.Count == 0)
        {
            Error(rbrack, "empty type parameter list");
            return null;
        }
        return new FieldList { Opening = lbrack, List = list, Closing = rbrack };
    }

    private FieldList? ParseParameters(bool result)
    {
        if (!result || tok == Token.LParen)
        {
            var lparen = Expect(Token.LParen);
            List<Field> list = [];
            if (tok != Token.RParen)
            {
                list = ParseParameterList(null, null, Token.RParen, !result);
            }
            var rparen = Expect(Token.RParen);
            return new FieldList { Opening = lparen, List = list, Closing = rparen };
        }

        var type = TryIdentOrType();
        if (type is not null)
        {
            return new FieldList { List = [new Field { Type = type }] };
        }
        return null;
    }

    private FuncType ParseFuncType()
    {
        var at = Expect(Token.Func);
        if (tok == Token.LBrack)
        {
            var typeParams = ParseTypeParameters();
            if (typeParams is not null)
            {
                Error(typeParams.Opening, "function type must have no type parameters");
            }
        }
        var parameters = ParseParameters(false)!;
        var results = ParseParameters(true);
        return new FuncType { Func = at, Params = parameters, Results = results };
    }

    private Field ParseMethodSpec()
    {
        var doc = leadComment;
        IReadOnlyList<Ident> idents = [];
        Expr type;
        var x = ParseTypeName(null);
        if (x is Ident ident)
        {
            switch (tok)
            {
                case Token.LBrack:
                    // Generic method or embedded instantiated type.
                    var lbrack = pos;
                    Next();
                    exprLev++;
                    var first = ParseExpr();
                    exprLev--;
                    if (first is Ident name0 && tok != Token.Comma && tok != Token.RBrack)
                    {
                        // Generic method m[T any]: not allowed, but parse it.
                        _ = ParseParameterList(name0, null, Token.RBrack, false);
                        _ = Expect(Token.RBrack);
                        Error(lbrack, "interface method must have no type parameters");
                        var parameters = ParseParameters(false)!;
                        var results = ParseParameters(true);
                        idents = [ident];
                        type = new FuncType { Params = parameters, Results = results };
                    }
                    else
                    {
                        var list = new List<Expr> { first };
                        if (AtComma("type argument list", Token.RBrack))
                        {
                            exprLev++;
                            Next();
                            while (tok != Token.RBrack && tok != Token.EOF)
                            {
                                list.Add(ParseType());
                                if (!AtComma("type argument list", Token.RBrack))
                                {
                                    break;
                                }
                                Next();
                            }
                            exprLev--;
                        }
                        var rbrack = ExpectClosing(Token.RBrack, "type argument list");
                        type = PackIndexExpr(ident, lbrack, list, rbrack);
                    }
                    break;
                case Token.LParen:
                    var methodParams = ParseParameters(false)!;
                    var methodResults = ParseParameters(true);
                    idents = [ident];
                    type = new FuncType { Params = methodParams, Results = methodResults };
                    break;
                default:
                    type = x; // embedded type
                    break;
            }
        }
        else
        {
            type = x; // qualified embedded type
            if (tok == Token.LBrack)
            {
                type = ParseTypeInstance(type);
            }
        }
        return new Field { Doc = doc, Names = idents, Type = type };
    }

    private Expr EmbeddedElem(Expr? x)
    {
        x ??= EmbeddedTerm();
        while (tok == Token.Or)
        {
            var opPos = pos;
            Next();
            var y = EmbeddedTerm();
            x = new BinaryExpr { X = x, OpPos = opPos, Op = Token.Or, Y = y };
        }
        return x;
    }

    private Expr EmbeddedTerm()
    {
        if (tok == Token.Tilde)
        {
            var opPos = pos;
            Next();
            var x = ParseType();
            return new UnaryExpr { OpPos = opPos, Op = Token.Tilde, X = x };
        }

        var t = TryIdentOrType();
        if (t is null)
        {
            var at = pos;
            ErrorExpected(at, "~ term or type");
            Advance(ExprEnd);
            return new BadExpr { From = at, To = pos };
        }
        return t;
    }

    private InterfaceType ParseInterfaceType()
    {
        var at = Expect(Token.Interface);
        var lbrace = Expect(Token.LBrace);
        var mark = fields.Mark;
        while (true)
        {
            if (tok == Token.Ident)
            {
                var f = ParseMethodSpec();
                if (f.Names.Count == 0)
                {
                    f.Type = EmbeddedElem(f.Type);
                }
                f.Comment = ExpectSemi();
                fields.Push(f);
            }
            else if (tok == Token.Tilde)
            {
                var type = EmbeddedElem(null);
                var comment = ExpectSemi();
                fields.Push(new Field { Type = type, Comment = comment });
            }
            else if (TryIdentOrType() is { } t)
            {
                var type = EmbeddedElem(t);
                var comment = ExpectSemi();
                fields.Push(new Field { Type = type, Comment = comment });
            }
            else
            {
                break;
            }
        }
        var list = fields.PopFrom(mark);
        var rbrace = Expect(Token.RBrace);
        return new InterfaceType { Interface = at, Methods = new FieldList { Opening = lbrace, List = list, Closing = rbrace } };
    }

    private MapType ParseMapType()
    {
        var at = Expect(Token.Map);
        Expect(Token.LBrack);
        var key = ParseType();
        Expect(Token.RBrack);
        var value = ParseType();
        return new MapType { Map = at, Key = key, Value = value };
    }

    private ChanType ParseChanType()
    {
        var at = pos;
        var dir = ChanDir.Send | ChanDir.Recv;
        var arrow = FileText.NoPos;
        if (tok == Token.Chan)
        {
            Next();
            if (tok == Token.Arrow)
            {
                arrow = pos;
                Next();
                dir = ChanDir.Send;
            }
        }
        else
        {
            arrow = Expect(Token.Arrow);
            Expect(Token.Chan);
            dir = ChanDir.Recv;
        }
        var value = ParseType();
        return new ChanType { Begin = at, Arrow = arrow, Dir = dir, Value = value };
    }

    private Expr ParseTypeInstance(Expr type)
    {
        var opening = Expect(Token.LBrack);
        exprLev++;
        var mark = exprs.Mark;
        while (tok != Token.RBrack && tok != Token.EOF)
        {
            exprs.Push(ParseType());
            if (!AtComma("type argument list", Token.RBrack))
            {
                break;
            }
            Next();
        }
        exprLev--;
        var list = exprs.PopFrom(mark);

        var closing = ExpectClosing(Token.RBrack, "type argument list");
        if (list.Length == 0)
        {
            ErrorExpected(closing, "type argument list");
            return new IndexExpr { X = type, Lbrack = opening, Index = new BadExpr { From = opening + 1, To = closing }, Rbrack = closing };
        }
        return PackIndexExpr(type, opening, list, closing);
    }

    private Expr? TryIdentOrType()
    {
        IncNestLev();
        Expr? type;
        switch (tok)
        {
            case Token.Ident:
                type = ParseTypeName(null);
                if (tok == Token.LBrack)
                {
                    type = ParseTypeInstance(type);
                }
                break;
            case Token.LBrack:
                var lbrack = Expect(Token.LBrack);
                type = ParseArrayType(lbrack, null);
                break;
            case Token.Struct:
                type = ParseStructType();
                break;
            case Token.Mul:
                type = ParsePointerType();
                break;
            case Token.Func:
                type = ParseFuncType();
                break;
            case Token.Interface:
                type = ParseInterfaceType();
                break;
            case Token.Map:
                type = ParseMapType();
                break;
            case Token.Chan or Token.Arrow:
                type = ParseChanType();
                break;
            case Token.LParen:
                var lparen = pos;
                Next();
                var inner = ParseType();
                var rparen = Expect(Token.RParen);
                type = new ParenExpr { Lparen = lparen, X = inner, Rparen = rparen };
                break;
            default:
                type = null;
                break;
        }
        DecNestLev();
        return type;
    }

    private static Expr PackIndexExpr(Expr x, int lbrack, IReadOnlyList<Expr> indices, int rbrack) =>
        indices.Count == 1
            ? new IndexExpr { X = x, Lbrack = lbrack, Index = indices[0], Rbrack = rbrack }
            : new IndexListExpr { X = x, Lbrack = lbrack, Indices = indices, Rbrack = rbrack };

    private static Expr Unparen(Expr x)
    {
        while (x is ParenExpr p)
        {
            x = p.X;
        }
        return x;
    }
}
