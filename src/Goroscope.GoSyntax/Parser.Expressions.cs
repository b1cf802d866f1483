namespace Goroscope.GoSyntax;

public sealed partial class Parser
{
    private BlockStmt ParseBody()
    {
        var lbrace = Expect(Token.LBrace);
        var list = ParseStmtList();
        var rbrace = Expect2(Token.RBrace);
        return new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace };
    }

    private Expr ParseFuncTypeOrLit()
    {
        var type = ParseFuncType();
        if (tok != Token.LBrace)
        {
            return type; // function type only
        }
        exprLev++;
        var body = ParseBody();
        exprLev--;
        return new FuncLit { Type = type, Body = body };
    }

    // An identifier, literal, parenthesized expression, function literal or type.
    private Expr ParseOperand()
    {
        switch (tok)
        {
            case Token.Ident:
                return ParseIdent();
            case Token.Int or Token.Float or Token.Imag or Token.Char or Token.String:
                var lit = new BasicLit(file.Content, pos, end, tok);
                Next();
                return lit;
            case Token.LParen:
                var lparen = pos;
                Next();
                exprLev++;
                var x = ParseRhs(); // types may be parenthesized: (some type)
                exprLev--;
                var rparen = Expect(Token.RParen);
                return new ParenExpr { Lparen = lparen, X = x, Rparen = rparen };
            case Token.Func:
                return ParseFuncTypeOrLit();
        }

        var type = TryIdentOrType();
        if (type is not null)
        {
            return type; // could be a conversion or a composite literal type
        }

        var at = pos;
        ErrorExpected(at, "operand");
        Advance(StmtStart);
        return new BadExpr { From = at, To = pos };
    }

    private Expr ParseTypeAssertion(Expr x)
    {
        var lparen = Expect(Token.LParen);
        Expr? type = null;
        if (tok == Token.Type)
        {
            Next(); // x.(type) in a type switch
        }
        else
        {
            type = ParseType();
        }
        var rparen = Expect(Token.RParen);
        return new TypeAssertExpr { X = x, Lparen = lparen, Type = type, Rparen = rparen };
    }

    private Expr ParseIndexOrSliceOrInstance(Expr x)
    {
        var lbrack = Expect(Token.LBrack);
        if (tok == Token.RBrack)
        {
            // Empty index, slice or instance: x[]
            ErrorExpected(pos, "operand");
            var rb = pos;
            Next();
            return new IndexExpr { X = x, Lbrack = lbrack, Index = new BadExpr { From = rb, To = rb }, Rbrack = rb };
        }
        exprLev++;

        List<Expr>? args = null;
        Expr? low = null, high = null, max = null; // x[low:high:max]
        int colon0 = FileText.NoPos, colon1 = FileText.NoPos;
        if (tok != Token.Colon)
        {
            low = ParseRhs();
        }
        var ncolons = 0;
        switch (tok)
        {
            case Token.Colon:
                while (tok == Token.Colon && ncolons < 2)
                {
                    if (ncolons == 0)
                    {
                        colon0 = pos;
                    }
                    else
                    {
                        colon1 = pos;
                    }
                    ncolons++;
                    Next();
                    if (tok != Token.Colon && tok != Token.RBrack && tok != Token.EOF)
                    {
                        if (ncolons == 1)
                        {
                            high = ParseRhs();
                        }
                        else
                        {
                            max = ParseRhs();
                        }
                    }
                }
                break;
            case Token.Comma:
                // Instance with several type arguments.
                args = [low!];
                while (tok == Token.Comma)
                {
                    Next();
                    if (tok != Token.RBrack && tok != Token.EOF)
                    {
                        args.Add(ParseType());
                    }
                }
                break;
        }

        exprLev--;
        var rbrack = Expect(Token.RBrack);

        if (ncolons > 0)
        {
            var slice3 = false;
            if (ncolons == 2)
            {
                slice3 = true;
                if (high is null)
                {
                    Error(colon0, "middle index required in 3-index slice");
                    high = new BadExpr { From = colon0 + 1, To = colon1 };
                }
                if (max is null)
                {
                    Error(colon1, "final index required in 3-index slice");
                    max = new BadExpr { From = colon1 + 1, To = rbrack };
                }
            }
            return new SliceExpr { X = x, Lbrack = lbrack, Low = low, High = high, Max = max, Slice3 = slice3, Rbrack = rbrack };
        }

        if (args is null)
        {
            return new IndexExpr { X = x, Lbrack = lbrack, Index = low!, Rbrack = rbrack };
        }
        return PackIndexExpr(x, lbrack, args, rbrack);
    }

    private CallExpr ParseCallOrConversion(Expr fun)
    {
        var lparen = Expect(Token.LParen);
        exprLev++;
        var mark = exprs.Mark;
        var ellipsis = FileText.NoPos;
        while (tok != Token.RParen && tok != Token.EOF && ellipsis < 0)
        {
            exprs.Push(ParseRhs()); // builtins may take a type: make(T, n)
            if (tok == Token.Ellipsis)
            {
                ellipsis = pos;
                Next();
            }
            if (!AtComma("argument list", Token.RParen))
            {
                break;
            }
            Next();
        }
        exprLev--;
        var list = exprs.PopFrom(mark);
        var rparen = ExpectClosing(Token.RParen, "argument list");
        return new CallExpr { Fun = fun, Lparen = lparen, Args = list, EllipsisPos = ellipsis, Rparen = rparen };
    }

    private Expr ParseValue() => tok == Token.LBrace ? ParseLiteralValue(null) : ParseExpr();

    private Expr ParseElement()
    {
        var x = ParseValue();
        if (tok == Token.Colon)
        {
            var colon = pos;
            Next();
            x = new KeyValueExpr { Key = x, Colon = colon, Value = ParseValue() };
        }
        return x;
    }

    private Expr[] ParseElementList()
    {
        var mark = exprs.Mark;
        while (tok != Token.RBrace && tok != Token.EOF)
        {
            exprs.Push(ParseElement());
            if (!AtComma("composite literal", Token.RBrace))
            {
                break;
            }
            Next();
        }
        return exprs.PopFrom(mark);
    }

    private Expr ParseLiteralValue(Expr? type)
    {
        IncNestLev();
        var lbrace = Expect(Token.LBrace);
        IReadOnlyList<Expr> elts = [];
        exprLev++;
        if (tok != Token.RBrace)
        {
            elts = ParseElementList();
        }
        exprLev--;
        var rbrace = ExpectClosing(Token.RBrace, "composite literal");
        DecNestLev();
        return new CompositeLit { Type = type, Lbrace = lbrace, Elts = elts, Rbrace = rbrace };
    }

    private Expr ParsePrimaryExpr(Expr? x)
    {
        x ??= ParseOperand();
        // Each selector, index or call adds a nesting level; all are released on return.
        // (A bailout abandons the parser, so no finally is needed.)
        var depth = nestLev;
        while (true)
        {
            IncNestLev();
            switch (tok)
            {
                case Token.Period:
                    Next();
                    switch (tok)
                    {
                        case Token.Ident:
                            x = new SelectorExpr { X = x, Sel = ParseIdent() };
                            break;
                        case Token.LParen:
                            x = ParseTypeAssertion(x);
                            break;
                        default:
                            var at = pos;
                            ErrorExpected(at, "selector or type assertion");
                            // Don't consume a "}": it may close the enclosing block.
                            if (tok != Token.RBrace)
                            {
                                Next();
                            }
                            x = new SelectorExpr { X = x, Sel = new Ident { NamePos = at, Name = "_" } };
                            break;
                    }
                    break;
                case Token.LBrack:
                    x = ParseIndexOrSliceOrInstance(x);
                    break;
                case Token.LParen:
                    x = ParseCallOrConversion(x);
                    break;
                case Token.LBrace:
                    // Composite literal, if x can be a literal type and we are not in a
                    // control clause header (where "{" opens the block).
                    var t = Unparen(x);
                    switch (t)
                    {
                        case BadExpr or Ident or SelectorExpr or IndexExpr or IndexListExpr:
                            if (exprLev < 0)
                            {
                                nestLev = depth;
                                return x;
                            }
                            break;
                        case ArrayType or StructType or MapType:
                            break;
                        default:
                            nestLev = depth;
                            return x;
                    }
                    if (!ReferenceEquals(t, x))
                    {
                        Error(t.Pos, "cannot parenthesize type in composite literal");
                    }
                    x = ParseLiteralValue(x);
                    break;
                default:
                    nestLev = depth;
                    return x;
            }
        }
    }

    private Expr ParseUnaryExpr()
    {
        IncNestLev();
        Expr result;
        switch (tok)
        {
            case Token.Add or Token.Sub or Token.Not or Token.Xor or Token.And or Token.Tilde:
                var opPos = pos;
                var op = tok;
                Next();
                var operand = ParseUnaryExpr();
                result = new UnaryExpr { OpPos = opPos, Op = op, X = operand };
                break;

            case Token.Arrow:
                var arrow = pos;
                Next();
                // <-x may be a receive or the start of a channel type <-chan T.
                var x = ParseUnaryExpr();
                if (x is ChanType type)
                {
                    // Re-associate: <-(chan T) becomes (<-chan T), pushing the arrow inward.
                    var dir = ChanDir.Send;
                    ChanType? current = type;
                    while (current is not null && dir == ChanDir.Send)
                    {
                        if (current.Dir == ChanDir.Recv)
                        {
                            ErrorExpected(current.Arrow, "'chan'"); // <-(<-chan T)
                        }
                        (arrow, current.Begin, current.Arrow) = (current.Arrow, arrow, arrow);
                        (dir, current.Dir) = (current.Dir, ChanDir.Recv);
                        current = current.Value as ChanType;
                    }
                    if (dir == ChanDir.Send)
                    {
                        ErrorExpected(arrow, "channel type");
                    }
                    result = x;
                }
                else
                {
                    result = new UnaryExpr { OpPos = arrow, Op = Token.Arrow, X = x };
                }
                break;

            case Token.Mul:
                var star = pos;
                Next();
                var pointee = ParseUnaryExpr();
                result = new StarExpr { Star = star, X = pointee };
                break;

            default:
                result = ParsePrimaryExpr(null);
                break;
        }
        DecNestLev();
        return result;
    }

    private (Token Op, int Precedence) TokPrec()
    {
        var t = tok;
        if (inRhs && t == Token.Assign)
        {
            t = Token.Eql; // "=" where "==" was meant: parse on, the error comes later
        }
        return (t, t.Precedence());
    }

    private Expr ParseBinaryExpr(Expr? x, int prec1)
    {
        x ??= ParseUnaryExpr();
        var depth = nestLev;
        while (true)
        {
            IncNestLev();
            var (op, oprec) = TokPrec();
            if (oprec < prec1)
            {
                nestLev = depth;
                return x;
            }
            var opPos = Expect(op);
            var y = ParseBinaryExpr(null, oprec + 1);
            x = new BinaryExpr { X = x, OpPos = opPos, Op = op, Y = y };
        }
    }

    private Expr ParseExpr() => ParseBinaryExpr(null, Tokens.LowestPrecedence + 1);

    private Expr ParseRhs()
    {
        var old = inRhs;
        inRhs = true;
        var x = ParseExpr();
        inRhs = old;
        return x;
    }
}
