namespace Goroscope.GoSyntax;

public sealed partial class Parser
{
    private enum SimpleStmtMode
    {
        Basic,
        LabelOk,
        RangeOk,
    }

    private Stmt[] ParseStmtList()
    {
        var mark = stmts.Mark;
        while (tok != Token.Case && tok != Token.Default && tok != Token.RBrace && tok != Token.EOF)
        {
            stmts.Push(ParseStmt());
        }
        return stmts.PopFrom(mark);
    }

    private BlockStmt ParseBlockStmt()
    {
        var lbrace = Expect(Token.LBrace);
        var list = ParseStmtList();
        var rbrace = Expect2(Token.RBrace);
        return new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace };
    }

    // Returns the statement and whether it is "... = range x".
    private (Stmt Stmt, bool IsRange) ParseSimpleStmt(SimpleStmtMode stmtMode)
    {
        var x = ParseList(false);

        switch (tok)
        {
            case Token.Define or Token.Assign or Token.AddAssign or Token.SubAssign or Token.MulAssign
                or Token.QuoAssign or Token.RemAssign or Token.AndAssign or Token.OrAssign or Token.XorAssign
                or Token.ShlAssign or Token.ShrAssign or Token.AndNotAssign:
                var tokPos = pos;
                var assignTok = tok;
                Next();
                IReadOnlyList<Expr> y;
                var isRange = false;
                if (stmtMode == SimpleStmtMode.RangeOk && tok == Token.Range && assignTok is Token.Define or Token.Assign)
                {
                    var rangePos = pos;
                    Next();
                    y = [new UnaryExpr { OpPos = rangePos, Op = Token.Range, X = ParseRhs() }];
                    isRange = true;
                }
                else
                {
                    y = ParseList(true);
                }
                return (new AssignStmt { Lhs = x, TokPos = tokPos, Tok = assignTok, Rhs = y }, isRange);
        }

        if (x.Length > 1)
        {
            ErrorExpected(x[0].Pos, "1 expression");
            // continue with the first expression
        }

        switch (tok)
        {
            case Token.Colon:
                var colon = pos;
                Next();
                if (stmtMode == SimpleStmtMode.LabelOk && x[0] is Ident label)
                {
                    // Labeled statement; the label's scope is the whole function, so no
                    // semicolon is expected after it.
                    return (new LabeledStmt { Label = label, Colon = colon, Stmt = ParseStmt() }, false);
                }
                Error(colon, "illegal label declaration");
                return (new BadStmt { From = x[0].Pos, To = colon + 1 }, false);

            case Token.Arrow:
                var arrow = pos;
                Next();
                var value = ParseRhs();
                return (new SendStmt { Chan = x[0], Arrow = arrow, Value = value }, false);

            case Token.Inc or Token.Dec:
                var stmt = new IncDecStmt { X = x[0], TokPos = pos, Tok = tok };
                Next();
                return (stmt, false);
        }

        return (new ExprStmt { X = x[0] }, false);
    }

    private CallExpr? ParseCallExpr(string callType)
    {
        var x = ParseRhs(); // could be a conversion: (some type)(x)
        var t = Unparen(x);
        if (!ReferenceEquals(t, x))
        {
            Error(x.Pos, $"expression in {callType} must not be parenthesized");
            x = t;
        }
        if (x is CallExpr call)
        {
            return call;
        }
        if (x is not BadExpr)
        {
            // only report the error if it is not already reported
            Error(x.End, $"expression in {callType} must be function call");
        }
        return null;
    }

    private Stmt ParseGoStmt()
    {
        var at = Expect(Token.Go);
        var call = ParseCallExpr("go");
        ExpectSemi();
        return call is null ? new BadStmt { From = at, To = at + 2 } : new GoStmt { Go = at, Call = call };
    }

    private Stmt ParseDeferStmt()
    {
        var at = Expect(Token.Defer);
        var call = ParseCallExpr("defer");
        ExpectSemi();
        return call is null ? new BadStmt { From = at, To = at + 5 } : new DeferStmt { Defer = at, Call = call };
    }

    private ReturnStmt ParseReturnStmt()
    {
        var at = pos;
        Expect(Token.Return);
        IReadOnlyList<Expr> results = [];
        if (tok != Token.Semicolon && tok != Token.RBrace)
        {
            results = ParseList(true);
        }
        ExpectSemi();
        return new ReturnStmt { Return = at, Results = results };
    }

    private BranchStmt ParseBranchStmt(Token keyword)
    {
        var at = Expect(keyword);
        Ident? label = null;
        if (keyword == Token.Goto || keyword is Token.Continue or Token.Break && tok == Token.Ident)
        {
            label = ParseIdent();
        }
        ExpectSemi();
        return new BranchStmt { TokPos = at, Tok = keyword, Label = label };
    }

    private Expr? MakeExpr(Stmt? s, string want)
    {
        if (s is null)
        {
            return null;
        }
        if (s is ExprStmt es)
        {
            return es.X;
        }
        var found = s is AssignStmt ? "assignment" : "simple statement";
        Error(s.Pos, $"expected {want}, found {found} (missing parentheses around composite literal?)");
        return new BadExpr { From = s.Pos, To = s.End };
    }

    private (Stmt? Init, Expr Cond) ParseIfHeader()
    {
        if (tok == Token.LBrace)
        {
            Error(pos, "missing condition in if statement");
            return (null, new BadExpr { From = pos, To = pos });
        }

        var prevLev = exprLev;
        exprLev = -1;

        Stmt? init = null;
        if (tok != Token.Semicolon)
        {
            // Accept a potential variable declaration but complain.
            if (tok == Token.Var)
            {
                Next();
                Error(pos, "var declaration not allowed in if initializer");
            }
            (init, _) = ParseSimpleStmt(SimpleStmtMode.Basic);
        }

        Stmt? condStmt = null;
        var semiPos = FileText.NoPos;
        var semiIsNewline = false;
        if (tok != Token.LBrace)
        {
            if (tok == Token.Semicolon)
            {
                semiPos = pos;
                semiIsNewline = newlineSemi;
                Next();
            }
            else
            {
                Expect(Token.Semicolon);
            }
            if (tok != Token.LBrace)
            {
                (condStmt, _) = ParseSimpleStmt(SimpleStmtMode.Basic);
            }
        }
        else
        {
            condStmt = init;
            init = null;
        }

        Expr? cond = null;
        if (condStmt is not null)
        {
            cond = MakeExpr(condStmt, "boolean expression");
        }
        else if (semiPos >= 0)
        {
            Error(semiPos, semiIsNewline ? "unexpected newline, expecting { after if clause" : "missing condition in if statement");
        }

        // Make sure we have a valid AST.
        cond ??= new BadExpr { From = pos, To = pos };

        exprLev = prevLev;
        return (init, cond);
    }

    private IfStmt ParseIfStmt()
    {
        IncNestLev();
        var at = Expect(Token.If);
        var (init, cond) = ParseIfHeader();
        var body = ParseBlockStmt();

        Stmt? elseStmt = null;
        if (tok == Token.Else)
        {
            Next();
            switch (tok)
            {
                case Token.If:
                    elseStmt = ParseIfStmt();
                    break;
                case Token.LBrace:
                    elseStmt = ParseBlockStmt();
                    ExpectSemi();
                    break;
                default:
                    ErrorExpected(pos, "if statement or block");
                    elseStmt = new BadStmt { From = pos, To = pos };
                    break;
            }
        }
        else
        {
            ExpectSemi();
        }
        DecNestLev();
        return new IfStmt { If = at, Init = init, Cond = cond, Body = body, Else = elseStmt };
    }

    private CaseClause ParseCaseClause()
    {
        var at = pos;
        IReadOnlyList<Expr> list = [];
        if (tok == Token.Case)
        {
            Next();
            list = ParseList(true);
        }
        else
        {
            Expect(Token.Default);
        }
        var colon = Expect(Token.Colon);
        var body = ParseStmtList();
        return new CaseClause { Case = at, List = list, Colon = colon, Body = body };
    }

    private static bool IsTypeSwitchAssert(Expr x) => x is TypeAssertExpr { Type: null };

    private bool IsTypeSwitchGuard(Stmt? s)
    {
        switch (s)
        {
            case ExprStmt es:
                return IsTypeSwitchAssert(es.X); // x.(type)
            case AssignStmt { Lhs.Count: 1, Rhs.Count: 1 } a when IsTypeSwitchAssert(a.Rhs[0]):
                switch (a.Tok)
                {
                    case Token.Assign:
                        // permit v = x.(type) but complain
                        Error(a.TokPos, "expected ':=', found '='");
                        return true;
                    case Token.Define:
                        return true; // v := x.(type)
                }
                break;
        }
        return false;
    }

    private Stmt ParseSwitchStmt()
    {
        var at = Expect(Token.Switch);

        Stmt? s1 = null, s2 = null;
        if (tok != Token.LBrace)
        {
            var prevLev = exprLev;
            exprLev = -1;
            if (tok != Token.Semicolon)
            {
                (s2, _) = ParseSimpleStmt(SimpleStmtMode.Basic);
            }
            if (tok == Token.Semicolon)
            {
                Next();
                s1 = s2;
                s2 = null;
                if (tok != Token.LBrace)
                {
                    // A type switch guard may be a short variable declaration, which
                    // ParseSimpleStmt (Basic) accepts like any assignment.
                    (s2, _) = ParseSimpleStmt(SimpleStmtMode.Basic);
                }
            }
            exprLev = prevLev;
        }

        var typeSwitch = IsTypeSwitchGuard(s2);
        var lbrace = Expect(Token.LBrace);
        var mark = stmts.Mark;
        while (tok is Token.Case or Token.Default)
        {
            stmts.Push(ParseCaseClause());
        }
        var list = stmts.PopFrom(mark);
        var rbrace = Expect(Token.RBrace);
        ExpectSemi();
        var body = new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace };

        if (typeSwitch)
        {
            return new TypeSwitchStmt { Switch = at, Init = s1, Assign = s2!, Body = body };
        }
        return new SwitchStmt { Switch = at, Init = s1, Tag = MakeExpr(s2, "switch expression"), Body = body };
    }

    private CommClause ParseCommClause()
    {
        var at = pos;
        Stmt? comm = null;
        if (tok == Token.Case)
        {
            Next();
            var lhs = ParseList(false);
            if (tok == Token.Arrow)
            {
                // SendStmt
                if (lhs.Length > 1)
                {
                    ErrorExpected(lhs[0].Pos, "1 expression");
                }
                var arrow = pos;
                Next();
                var rhs = ParseRhs();
                comm = new SendStmt { Chan = lhs[0], Arrow = arrow, Value = rhs };
            }
            else if (tok is Token.Assign or Token.Define)
            {
                // RecvStmt with assignment
                var assignTok = tok;
                if (lhs.Length > 2)
                {
                    ErrorExpected(lhs[0].Pos, "1 or 2 expressions");
                    lhs = lhs[..2];
                }
                var tokPos = pos;
                Next();
                var rhs = ParseRhs();
                comm = new AssignStmt { Lhs = lhs, TokPos = tokPos, Tok = assignTok, Rhs = [rhs] };
            }
            else
            {
                // lhs must be a single receive operation
                if (lhs.Length > 1)
                {
                    ErrorExpected(lhs[0].Pos, "1 expression");
                }
                comm = new ExprStmt { X = lhs[0] };
            }
        }
        else
        {
            Expect(Token.Default);
        }

        var colon = Expect(Token.Colon);
        var body = ParseStmtList();
        return new CommClause { Case = at, Comm = comm, Colon = colon, Body = body };
    }

    private SelectStmt ParseSelectStmt()
    {
        var at = Expect(Token.Select);
        var lbrace = Expect(Token.LBrace);
        var mark = stmts.Mark;
        while (tok is Token.Case or Token.Default)
        {
            stmts.Push(ParseCommClause());
        }
        var list = stmts.PopFrom(mark);
        var rbrace = Expect(Token.RBrace);
        ExpectSemi();
        return new SelectStmt { Select = at, Body = new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace } };
    }

    private Stmt ParseForStmt()
    {
        var at = Expect(Token.For);

        Stmt? s1 = null, s2 = null, s3 = null;
        var isRange = false;
        if (tok != Token.LBrace)
        {
            var prevLev = exprLev;
            exprLev = -1;
            if (tok != Token.Semicolon)
            {
                if (tok == Token.Range)
                {
                    // "for range x" (nil lhs in the assignment)
                    var rangePos = pos;
                    Next();
                    s2 = new AssignStmt { Rhs = [new UnaryExpr { OpPos = rangePos, Op = Token.Range, X = ParseRhs() }] };
                    isRange = true;
                }
                else
                {
                    (s2, isRange) = ParseSimpleStmt(SimpleStmtMode.RangeOk);
                }
            }
            if (!isRange && tok == Token.Semicolon)
            {
                Next();
                s1 = s2;
                s2 = null;
                if (tok != Token.Semicolon)
                {
                    (s2, _) = ParseSimpleStmt(SimpleStmtMode.Basic);
                }
                ExpectSemi();
                if (tok != Token.LBrace)
                {
                    (s3, _) = ParseSimpleStmt(SimpleStmtMode.Basic);
                }
            }
            exprLev = prevLev;
        }

        var body = ParseBlockStmt();
        ExpectSemi();

        if (isRange)
        {
            var assign = (AssignStmt)s2!;
            Expr? key = null, value = null;
            switch (assign.Lhs.Count)
            {
                case 0:
                    break;
                case 1:
                    key = assign.Lhs[0];
                    break;
                case 2:
                    (key, value) = (assign.Lhs[0], assign.Lhs[1]);
                    break;
                default:
                    ErrorExpected(assign.Lhs[^1].Pos, "at most 2 expressions");
                    return new BadStmt { From = at, To = body.End };
            }
            var rangeExpr = (UnaryExpr)assign.Rhs[0];
            return new RangeStmt
            {
                For = at,
                Key = key,
                Value = value,
                TokPos = assign.TokPos,
                Tok = assign.Tok,
                Range = rangeExpr.Pos,
                X = rangeExpr.X,
                Body = body,
            };
        }

        return new ForStmt { For = at, Init = s1, Cond = MakeExpr(s2, "boolean or range expression"), Post = s3, Body = body };
    }

    private Stmt ParseStmt()
    {
        IncNestLev();
        Stmt s;
        switch (tok)
        {
            case Token.Const or Token.Type or Token.Var:
                s = new DeclStmt { Decl = ParseDecl(StmtStart) };
                break;
            case Token.Ident or Token.Int or Token.Float or Token.Imag or Token.Char or Token.String or Token.Func
                or Token.LParen // operands
                or Token.LBrack or Token.Struct or Token.Map or Token.Chan or Token.Interface // composite types
                or Token.Add or Token.Sub or Token.Mul or Token.And or Token.Xor or Token.Arrow or Token.Not: // unary operators
                (s, _) = ParseSimpleStmt(SimpleStmtMode.LabelOk);
                // A labeled statement already consumed its semicolon with the statement it labels.
                if (s is not LabeledStmt)
                {
                    ExpectSemi();
                }
                break;
            case Token.Go:
                s = ParseGoStmt();
                break;
            case Token.Defer:
                s = ParseDeferStmt();
                break;
            case Token.Return:
                s = ParseReturnStmt();
                break;
            case Token.Break or Token.Continue or Token.Goto or Token.Fallthrough:
                s = ParseBranchStmt(tok);
                break;
            case Token.LBrace:
                s = ParseBlockStmt();
                ExpectSemi();
                break;
            case Token.If:
                s = ParseIfStmt();
                break;
            case Token.Switch:
                s = ParseSwitchStmt();
                break;
            case Token.Select:
                s = ParseSelectStmt();
                break;
            case Token.For:
                s = ParseForStmt();
                break;
            case Token.Semicolon:
                s = new EmptyStmt { Semicolon = pos, Implicit = newlineSemi };
                Next();
                break;
            case Token.RBrace:
                // An empty statement before a closing "}" needs no semicolon.
                s = new EmptyStmt { Semicolon = pos, Implicit = true };
                break;
            default:
                var at = pos;
                ErrorExpected(at, "statement");
                Advance(StmtStart);
                s = new BadStmt { From = at, To = pos };
                break;
        }
        DecNestLev();
        return s;
    }
}
