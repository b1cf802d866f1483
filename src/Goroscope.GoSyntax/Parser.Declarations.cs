namespace Goroscope.GoSyntax;

public sealed partial class Parser
{
    private ImportSpec ParseImportSpec(CommentGroup? doc)
    {
        Ident? ident = null;
        switch (tok)
        {
            case Token.Ident:
                ident = ParseIdent();
                break;
            case Token.Period:
                ident = new Ident { NamePos = pos, Name = "." };
                Next();
                break;
        }

        var at = pos;
        BasicLit? path = null;
        if (tok == Token.String)
        {
            path = new BasicLit(file.Content, pos, end, Token.String);
            Next();
        }
        else if (tok.IsLiteral())
        {
            Error(at, "import path must be a string");
            Next();
        }
        else
        {
            Error(at, "missing import path");
            Advance(ExprEnd);
        }
        var comment = ExpectSemi();

        var spec = new ImportSpec
        {
            Doc = doc,
            Name = ident,
            Path = path ?? new BasicLit { ValuePos = at, ValueEnd = at, Kind = Token.String, Value = "" },
            Comment = comment,
        };
        imports.Add(spec);
        return spec;
    }

    private ValueSpec ParseValueSpec(CommentGroup? doc, Token keyword)
    {
        var idents = ParseIdentList();
        Expr? type = null;
        IReadOnlyList<Expr> values = [];
        if (keyword == Token.Const)
        {
            // always permit optional type and initialization for more tolerant parsing
            if (tok != Token.EOF && tok != Token.Semicolon && tok != Token.RParen)
            {
                type = TryIdentOrType();
                if (tok == Token.Assign)
                {
                    Next();
                    values = ParseList(true);
                }
            }
        }
        else
        {
            if (tok != Token.Assign)
            {
                type = ParseType();
            }
            if (tok == Token.Assign)
            {
                Next();
                values = ParseList(true);
            }
        }
        var comment = ExpectSemi();
        return new ValueSpec { Doc = doc, Names = idents, Type = type, Values = values, Comment = comment };
    }

    private void ParseGenericType(TypeSpec spec, int openPos, Ident name0, Expr? type0)
    {
        var list = ParseParameterList(name0, type0, Token.RBrack, false);
        var closePos = Expect(Token.RBrack);
        spec.TypeParams = new FieldList { Opening = openPos, List = list, Closing = closePos };
        if (tok == Token.Assign)
        {
            // type alias with type parameters
            spec.Assign = pos;
            Next();
        }
        spec.Type = ParseType();
    }

    private TypeSpec ParseTypeSpec(CommentGroup? doc)
    {
        var specName = ParseIdent();
        var spec = new TypeSpec { Doc = doc, Name = specName };

        if (tok == Token.LBrack)
        {
            // "type T[" starts either an array type or a type parameter list.
            var lbrack = pos;
            Next();
            if (tok == Token.Ident)
            {
                // We may have an array type or a type parameter list. Parse an expression
                // and decide from its shape (go/parser's heuristic, verbatim).
                Expr x = ParseIdent();
                if (tok != Token.LBrack)
                {
                    // To parse the expression starting with name, expand the call
                    // sequence we would get by passing in name to ParseExpr.
                    exprLev++;
                    var lhs = ParsePrimaryExpr(x);
                    x = ParseBinaryExpr(lhs, Tokens.LowestPrecedence + 1);
                    exprLev--;
                }
                var (pname, ptype) = ExtractName(x, tok == Token.Comma);
                if (pname is not null && (ptype is not null || tok != Token.RBrack))
                {
                    ParseGenericType(spec, lbrack, pname, ptype);
                }
                else
                {
                    spec.Type = ParseArrayType(lbrack, x);
                }
            }
            else
            {
                spec.Type = ParseArrayType(lbrack, null);
            }
        }
        else
        {
            if (tok == Token.Assign)
            {
                spec.Assign = pos;
                Next();
            }
            spec.Type = ParseType();
        }

        spec.Comment = ExpectSemi();
        return spec;
    }

    // Splits x into a type parameter name and constraint when it reads as one: P *C, P ~int | C,
    // P (C). force says a comma follows, which settles an otherwise ambiguous case.
    private static (Ident? Name, Expr? Type) ExtractName(Expr x, bool force)
    {
        switch (x)
        {
            case Ident ident:
                return (ident, null);
            case BinaryExpr binary:
                switch (binary.Op)
                {
                    case Token.Mul:
                        if (binary.X is Ident name && (force || IsTypeElem(binary.Y)))
                        {
                            return (name, new StarExpr { Star = binary.OpPos, X = binary.Y });
                        }
                        break;
                    case Token.Or:
                        var (orName, lhs) = ExtractName(binary.X, force || IsTypeElem(binary.Y));
                        if (orName is not null && lhs is not null)
                        {
                            return (orName, new BinaryExpr { X = lhs, OpPos = binary.OpPos, Op = Token.Or, Y = binary.Y });
                        }
                        break;
                }
                break;
            case CallExpr call:
                if (call.Fun is Ident callName && call.Args.Count == 1 && call.EllipsisPos < 0 && (force || IsTypeElem(call.Args[0])))
                {
                    return (callName, new ParenExpr { Lparen = call.Lparen, X = call.Args[0], Rparen = call.Rparen });
                }
                break;
        }
        return (null, x);
    }

    // Whether x is certainly a type element rather than an expression.
    private static bool IsTypeElem(Expr x) => x switch
    {
        ArrayType or StructType or FuncType or InterfaceType or MapType or ChanType => true,
        BinaryExpr b => IsTypeElem(b.X) || IsTypeElem(b.Y),
        UnaryExpr u => u.Op == Token.Tilde,
        ParenExpr p => IsTypeElem(p.X),
        _ => false,
    };

    private GenDecl ParseGenDecl(Token keyword)
    {
        var doc = leadComment;
        var at = Expect(keyword);
        var lparen = FileText.NoPos;
        var rparen = FileText.NoPos;
        Spec[] list;
        if (tok == Token.LParen)
        {
            lparen = pos;
            Next();
            var mark = specs.Mark;
            while (tok != Token.RParen && tok != Token.EOF)
            {
                specs.Push(ParseSpec(leadComment, keyword));
            }
            list = specs.PopFrom(mark);
            rparen = Expect(Token.RParen);
            ExpectSemi();
        }
        else
        {
            list = [ParseSpec(null, keyword)];
        }
        return new GenDecl { Doc = doc, TokPos = at, Tok = keyword, Lparen = lparen, Specs = list, Rparen = rparen };
    }

    private Spec ParseSpec(CommentGroup? doc, Token keyword) => keyword switch
    {
        Token.Import => ParseImportSpec(doc),
        Token.Type => ParseTypeSpec(doc),
        _ => ParseValueSpec(doc, keyword),
    };

    private FuncDecl ParseFuncDecl()
    {
        var doc = leadComment;
        var at = Expect(Token.Func);

        FieldList? recv = null;
        if (tok == Token.LParen)
        {
            recv = ParseParameters(false);
        }

        var ident = ParseIdent();

        FieldList? typeParams = null;
        if (tok == Token.LBrack)
        {
            typeParams = ParseTypeParameters();
        }
        var parameters = ParseParameters(false)!;
        var results = ParseParameters(true);

        BlockStmt? body = null;
        switch (tok)
        {
            case Token.LBrace:
                body = ParseBody();
                ExpectSemi();
                break;
            case Token.Semicolon:
                Next();
                if (tok == Token.LBrace)
                {
                    // opening { of function declaration on next line
                    Error(pos, "unexpected semicolon or newline before {");
                    body = ParseBody();
                    ExpectSemi();
                }
                break;
            default:
                ExpectSemi();
                break;
        }

        return new FuncDecl
        {
            Doc = doc,
            Recv = recv,
            Name = ident,
            Type = new FuncType { Func = at, TypeParams = typeParams, Params = parameters, Results = results },
            Body = body,
        };
    }

    private Decl ParseDecl(bool[] sync)
    {
        switch (tok)
        {
            case Token.Import or Token.Const or Token.Var or Token.Type:
                return ParseGenDecl(tok);
            case Token.Func:
                return ParseFuncDecl();
            default:
                var at = pos;
                ErrorExpected(at, "declaration");
                Advance(sync);
                return new BadDecl { From = at, To = pos };
        }
    }

    private SourceFile? ParseSourceFile()
    {
        // Don't bother parsing the rest if the start is already wrong (likely not Go).
        if (errors.Count != 0)
        {
            return null;
        }

        var doc = leadComment;
        var at = Expect(Token.Package);
        var packageName = ParseIdent();
        ExpectSemi();

        if (errors.Count != 0)
        {
            return null;
        }

        while (tok == Token.Import)
        {
            decls.Add(ParseGenDecl(Token.Import));
        }

        var prev = Token.Import;
        while (tok != Token.EOF)
        {
            if (tok == Token.Import && prev != Token.Import)
            {
                Error(pos, "imports must appear before other declarations");
            }
            prev = tok;
            decls.Add(ParseDecl(DeclStart));
        }

        return new SourceFile
        {
            Doc = doc,
            Package = at,
            Name = packageName,
            Decls = decls.ToArray(),
            Imports = imports.ToArray(),
            Comments = comments.ToArray(),
            GoVersion = goVersion,
        };
    }
}
