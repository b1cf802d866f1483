using System.Text;

namespace Goroscope.GoSyntax.Tests;

public class ParserTests
{
    internal static ParseResult Parse(string source, ParseMode mode = ParseMode.None) =>
        Parser.ParseFile("test.go", Encoding.UTF8.GetBytes(source), mode);

    private static SourceFile Accept(string source)
    {
        var result = Parse(source);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return result.File;
    }

    private static string FirstError(string source)
    {
        var result = Parse(source);
        Assert.True(result.HasErrors, "expected a syntax error");
        return result.Errors[0].ToString();
    }

    private static T Find<T>(SourceFile file)
        where T : Node => Walker.Descendants(file).OfType<T>().First();

    private static string InFunc(string body) => $"package p\nfunc f() {{\n{body}\n}}\n";

    // ---- Composite literals and their ambiguous positions ----

    [Fact]
    public void CompositeLiteralOfNamedTypeInAnIfConditionIsTakenAsTheBlock() =>
        Assert.Equal("test.go:3:13: expected ';', found '{'", FirstError(InFunc("if x == T{} {}")));

    [Fact]
    public void ParenthesizedCompositeLiteralIsFineInAnIfCondition() =>
        Assert.IsType<CompositeLit>(((ParenExpr)((BinaryExpr)Find<IfStmt>(Accept(InFunc("if x == (T{}) {}"))).Cond).Y).X);

    [Fact]
    public void CompositeLiteralWithALiteralTypeNeedsNoParenthesesInAControlClause()
    {
        var range = Find<RangeStmt>(Accept(InFunc("for _, v := range []int{1, 2} { _ = v }")));
        Assert.IsType<ArrayType>(((CompositeLit)range.X).Type);
    }

    [Fact]
    public void CompositeLiteralInSwitchTagAndForHeaderWhenParenthesized()
    {
        Accept(InFunc("switch (T{}) {}"));
        Accept(InFunc("for x := range (map[string]int{}) { _ = x }"));
        Accept(InFunc("for i := (T{}); i.ok; {}"));
    }

    [Fact]
    public void CompositeLiteralInsideCallArgumentsOfAControlClauseIsAllowed() =>
        Accept(InFunc("if f(T{}) {}"));

    [Fact]
    public void CompositeLiteralsMayElideElementTypes()
    {
        var lit = Find<CompositeLit>(Accept("package p\nvar _ = map[string][]Point{\"a\": {{1, 2}, {X: 3}}}\n"));
        var pair = (KeyValueExpr)lit.Elts[0];
        Assert.Null(((CompositeLit)pair.Value).Type);
    }

    [Fact]
    public void ParenthesizedTypeOfACompositeLiteralIsAnError() =>
        Assert.EndsWith("cannot parenthesize type in composite literal", FirstError("package p\nvar _ = ([]int){1}\n"));

    [Fact]
    public void GenericTypeInstanceCanBeACompositeLiteralType() =>
        Assert.IsType<IndexListExpr>(Find<CompositeLit>(Accept("package p\nvar _ = Pair[int, string]{1, \"a\"}\n")).Type);

    // ---- Generics ----

    [Fact]
    public void TypeParameterListsWithConstraintsAndUnions()
    {
        var file = Accept("package p\ntype Number interface{ ~int | ~float64 | string }\nfunc Sum[T Number, S ~[]T](s S) (t T) { return }\n");
        var func = file.Decls.OfType<FuncDecl>().Single();
        Assert.Equal(2, func.Type.TypeParams!.List.Count);
        Assert.IsType<UnaryExpr>(func.Type.TypeParams.List[1].Type);
        var number = (InterfaceType)((TypeSpec)file.Decls.OfType<GenDecl>().Single().Specs[0]).Type;
        Assert.Equal(Token.Or, ((BinaryExpr)number.Methods.List[0].Type!).Op);
    }

    [Fact]
    public void GenericTypeDeclarationVersusArrayTypeDeclaration()
    {
        var file = Accept("package p\ntype A [N]int\ntype G[T any] []T\ntype P[T *int,] struct{}\ntype Q[T interface{}] int\ntype M [N * 2]int\n");
        var specs = file.Decls.OfType<GenDecl>().Select(d => (TypeSpec)d.Specs[0]).ToList();
        Assert.Null(specs[0].TypeParams);
        Assert.IsType<ArrayType>(specs[0].Type);
        Assert.NotNull(specs[1].TypeParams);
        Assert.IsType<StarExpr>(specs[2].TypeParams!.List[0].Type);
        Assert.NotNull(specs[3].TypeParams);
        Assert.Null(specs[4].TypeParams);
    }

    [Fact]
    public void InstantiationInExpressionsAndTypes()
    {
        var file = Accept("package p\nvar x List[int]\nvar y = Map[string, int]{}\nfunc f() { g[int](1); h := g[int]; _ = h }\n");
        Assert.IsType<IndexExpr>(((ValueSpec)((GenDecl)file.Decls[0]).Specs[0]).Type);
        Assert.IsType<IndexExpr>(Find<CallExpr>(file).Fun);
    }

    [Fact]
    public void GenericAliasAndMethodsOnGenericTypes() =>
        Accept("package p\ntype A[T any] = List[T]\nfunc (l *List[T]) Push(v T) {}\nfunc (p Pair[K, V]) Key() K { return p.k }\n");

    [Fact]
    public void EmptyTypeParameterListIsAnError() =>
        Assert.EndsWith("empty type parameter list", FirstError("package p\nfunc f[]() {}\n"));

    [Fact]
    public void InterfaceMethodsCannotHaveTypeParameters() =>
        Assert.EndsWith("interface method must have no type parameters", FirstError("package p\ntype I interface{ m[T any]() }\n"));

    // ---- Statements ----

    [Fact]
    public void RangeOverIntegersAndFunctions()
    {
        var file = Accept(InFunc("for i := range 10 { _ = i }\nfor range 3 {}\nfor k, v := range seq { _, _ = k, v }\nfor range seq {}"));
        var ranges = Walker.Descendants(file).OfType<RangeStmt>().ToList();
        Assert.Equal(4, ranges.Count);
        Assert.IsType<BasicLit>(ranges[0].X);
        Assert.Null(ranges[1].Key);
        Assert.Equal(Token.Illegal, ranges[1].Tok);
        Assert.NotNull(ranges[2].Value);
    }

    [Fact]
    public void LabelsGotoBreakAndContinue()
    {
        var file = Accept(InFunc("outer:\nfor {\n\tfor { break outer; continue outer }\n}\ngoto outer\nfallthrough"));
        Assert.Equal("outer", Find<LabeledStmt>(file).Label.Name);
        var branches = Walker.Descendants(file).OfType<BranchStmt>().Select(b => (b.Tok, b.Label?.Name)).ToList();
        Assert.Equal([(Token.Break, "outer"), (Token.Continue, "outer"), (Token.Goto, "outer"), (Token.Fallthrough, null)], branches);
    }

    [Fact]
    public void SelectWithReceiveSendAndDefault()
    {
        var select = Find<SelectStmt>(Accept(InFunc("select {\ncase v, ok := <-ch:\n_, _ = v, ok\ncase ch <- 1:\ncase <-done:\ndefault:\n}")));
        var comms = select.Body.List.Cast<CommClause>().Select(c => c.Comm?.GetType().Name).ToList();
        Assert.Equal(["AssignStmt", "SendStmt", "ExprStmt", null], comms);
    }

    [Fact]
    public void TypeSwitchWithAndWithoutBinding()
    {
        var file = Accept(InFunc("switch v := x.(type) { case int, string: _ = v; default: }\nswitch x.(type) {}\nswitch y := 1; y { case 1: }"));
        var switches = Walker.Descendants(file).Where(n => n is TypeSwitchStmt or SwitchStmt).Select(n => n.GetType().Name).ToList();
        Assert.Equal(["TypeSwitchStmt", "TypeSwitchStmt", "SwitchStmt"], switches);
    }

    [Fact]
    public void GoAndDeferRequireACall()
    {
        Assert.IsType<GoStmt>(Find<GoStmt>(Accept(InFunc("go func() {}()\ndefer mu.Unlock()"))));
        Assert.EndsWith("expression in go must be function call", FirstError(InFunc("go f")));
        Assert.EndsWith("expression in defer must not be parenthesized", FirstError(InFunc("defer (f())")));
    }

    [Fact]
    public void MethodExpressions()
    {
        var file = Accept("package p\nvar a = (*T).M\nvar b = T.M\nvar c = (*T).M(nil)\n");
        Assert.IsType<SelectorExpr>(((ValueSpec)((GenDecl)file.Decls[0]).Specs[0]).Values[0]);
        Assert.IsType<ParenExpr>(((SelectorExpr)((ValueSpec)((GenDecl)file.Decls[0]).Specs[0]).Values[0]).X);
    }

    [Fact]
    public void ChannelTypesAndReceiveOperators()
    {
        var file = Accept("package p\nvar a chan<- int\nvar b <-chan int\nvar c chan (<-chan int)\nvar d = <-ch\nvar e = make(<-chan <-chan int)\n");
        var dirs = Walker.Descendants(file).OfType<ChanType>().Select(c => c.Dir).ToList();
        Assert.Equal([ChanDir.Send, ChanDir.Recv, ChanDir.Send | ChanDir.Recv, ChanDir.Recv, ChanDir.Recv, ChanDir.Recv], dirs);
        Assert.IsType<UnaryExpr>(((ValueSpec)((GenDecl)file.Decls[3]).Specs[0]).Values[0]);
    }

    [Fact]
    public void ThreeIndexSlicesNeedTheMiddleAndFinalIndex()
    {
        Assert.True(Find<SliceExpr>(Accept("package p\nvar _ = s[1:2:3]\n")).Slice3);
        Assert.EndsWith("middle index required in 3-index slice", FirstError("package p\nvar _ = s[1::3]\n"));
    }

    [Fact]
    public void FunctionsWithoutBodiesAreExternalDeclarations() =>
        Assert.Null(Accept("package p\nfunc f(x int) int\n").Decls.OfType<FuncDecl>().Single().Body);

    [Fact]
    public void VariadicParameterMustBeLast() =>
        Assert.EndsWith("can only use ... with final parameter", FirstError("package p\nfunc f(a ...int, b int) {}\n"));

    [Fact]
    public void MixedNamedAndUnnamedParametersIsAnError() =>
        Assert.EndsWith("missing parameter type", FirstError("package p\nfunc f(a, b int, c) {}\n"));

    // ---- Comments ----

    [Fact]
    public void DocAndLineCommentsAttachToDeclarationsAndFields()
    {
        var file = Accept("// Package p doc\npackage p\n\n// T doc\ntype T struct {\n\tA int // a line\n}\n");
        Assert.Equal("// Package p doc", file.Doc!.List[0].Text);
        var decl = (GenDecl)file.Decls[0];
        Assert.Equal("// T doc", decl.Doc!.List[0].Text);
        var field = ((StructType)((TypeSpec)decl.Specs[0]).Type).Fields.List[0];
        Assert.Equal("// a line", field.Comment!.List[0].Text);
        Assert.Equal(3, file.Comments.Count);
    }

    // ---- Positions ----

    [Fact]
    public void PositionsHaveLinesAndColumnsCountedFromOne()
    {
        var result = Parse("package p\n\nfunc f() {\n\tgo g()\n}\n");
        var go = Find<GoStmt>(result.File);
        Assert.Equal(new Position("test.go", go.Pos, 4, 2), result.Text.Position(go.Pos));
        Assert.Equal(new Position("test.go", go.End, 4, 8), result.Text.Position(go.End));
        Assert.Equal("go g()", result.Text.Text(go.Pos, go.End));
    }

    [Fact]
    public void ColumnsCountBytesLikeGo()
    {
        var result = Parse("package p\nvar ä, b int\n");
        var names = ((ValueSpec)((GenDecl)result.File.Decls[0]).Specs[0]).Names;
        Assert.Equal(9, result.Text.Position(names[1].Pos).Column);
        Assert.Equal(names[0].Pos + 2, names[0].End);
    }

    // ---- Errors and recovery ----

    [Fact]
    public void SyntaxErrorHasPositionAndMessage() =>
        Assert.Equal("test.go:4:1: expected operand, found '}'", FirstError(InFunc("x := ")));

    [Fact]
    public void ErrorMessageNamesTheUnexpectedToken() =>
        Assert.Equal("test.go:2:8: expected type, found 'EOF'", FirstError("package p\nvar x ("));

    [Fact]
    public void FileWithAnErrorStillYieldsLaterDeclarations()
    {
        var result = Parse("package p\nvar = 1\nfunc g() {}\ntype T int\n");
        Assert.Equal("test.go:2:5: expected 'IDENT', found '='", result.Errors.Single().ToString());
        var names = result.File.Decls.Select(d => d switch
        {
            FuncDecl f => f.Name.Name,
            GenDecl { Specs: [TypeSpec t] } => t.Name.Name,
            _ => "?",
        });
        Assert.Equal(["?", "g", "T"], names);
    }

    [Fact]
    public void UnparsableStatementBecomesABadNodeAndParsingResumes()
    {
        var result = Parse(InFunc("x := ]\nvar y = 1"));
        Assert.True(result.HasErrors);
        Assert.Contains(Walker.Descendants(result.File), n => n is BadExpr or BadStmt);
        Assert.Contains(Walker.Descendants(result.File).OfType<Ident>(), i => i.Name == "y");
    }

    [Fact]
    public void OnlyOneErrorPerLineIsKept()
    {
        var result = Parse("package p\nvar x = ) ) )\n");
        Assert.Single(result.Errors, e => e.Position.Line == 2);
    }

    [Fact]
    public void ParsingStopsAfterTenErrorsUnlessAllErrorsIsSet()
    {
        var source = "package p\n" + string.Concat(Enumerable.Repeat("var = 1\n", 30));
        Assert.Equal(11, Parse(source).Errors.Count);
        Assert.Equal(60, Parse(source, ParseMode.AllErrors).Errors.Count); // two per line
    }

    [Fact]
    public void ErrorsAreSortedByPosition()
    {
        var result = Parse("package p\nvar = 1\nvar s = \"abc\nvar = 2\n", ParseMode.AllErrors);
        Assert.Equal(result.Errors.OrderBy(e => e.Position.Offset), result.Errors);
    }

    [Fact]
    public void MissingPackageClauseStopsEarly()
    {
        var result = Parse("func f() {}\n");
        Assert.Equal("test.go:1:1: expected 'package', found 'func'", result.Errors.Single().ToString());
        Assert.Empty(result.File.Decls);
    }

    [Fact]
    public void DeepNestingIsReportedNotAStackOverflow()
    {
        var depth = 1_000_000;
        var result = Parse("package p\nvar x = " + new string('(', depth) + "1" + new string(')', depth) + "\n");
        Assert.Contains(result.Errors, e => e.Message == "exceeded max nesting depth");
    }

    [Fact]
    public void DeepNestingOfBlocksAndLiteralsIsReportedToo()
    {
        var depth = 300_000;
        Assert.Contains(Parse(InFunc(new string('{', depth) + new string('}', depth))).Errors, e => e.Message == "exceeded max nesting depth");
        Assert.Contains(Parse("package p\nvar x = " + string.Concat(Enumerable.Repeat("[]T{", depth)) + new string('}', depth)).Errors, e => e.Message == "exceeded max nesting depth");
    }

    [Fact]
    public void NestingUpToGoParsersLimitParsesWhateverTheCallersStack()
    {
        var depth = 99_998; // the deepest parenthesization go/parser accepts
        Accept("package p\nvar x = " + new string('(', depth) + "1" + new string(')', depth) + "\n");
    }

    [Fact]
    public void NestingOneLevelBeyondGoParsersLimitIsReportedWhereGoReportsIt()
    {
        var depth = 99_999;
        var result = Parse("package p\nvar x = " + new string('(', depth) + "1" + new string(')', depth) + "\n");
        Assert.Equal("test.go:2:100009: exceeded max nesting depth", result.Errors.Single().ToString());
    }

    [Fact]
    public void BinaryGarbageNeverThrows()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            var withHeader = "package p\n"u8.ToArray().Concat(bytes).ToArray();
            _ = Parser.ParseFile("fuzz.go", withHeader);
        }
    }
}

public class GoVersionTests
{
    [Theory]
    [InlineData("//go:build go1.21\n\npackage p\n", "go1.21")]
    [InlineData("//go:build linux && go1.22\n\npackage p\n", "go1.22")]
    [InlineData("//go:build go1.21 || go1.23\n\npackage p\n", "go1.21")]
    [InlineData("//go:build go1.21 || linux\n\npackage p\n", "")]
    [InlineData("//go:build !go1.21\n\npackage p\n", "")]
    [InlineData("//go:build go1\n\npackage p\n", "go1")]
    [InlineData("//go:build (\n\npackage p\n", "")]
    [InlineData("package p\n//go:build go1.21\n", "")]
    [InlineData("package p\n", "")]
    public void FileGoVersionComesFromTheGoBuildLineBeforeThePackageClause(string source, string expected) =>
        Assert.Equal(expected, ParserTests.Parse(source).File.GoVersion);
}

public class PositionTableTests
{
    [Fact]
    public void EndOfFileAfterAFinalNewlineStaysOnTheLastLineLikeGo()
    {
        var text = FileText.FromText("x.go", "package a\nfunc f() {\n");
        Assert.Equal((2, 12), (text.Position(text.Size).Line, text.Position(text.Size).Column));
        Assert.Equal(2, text.LineCount);
    }

    [Fact]
    public void LinesStartAfterEachNewline()
    {
        var text = FileText.FromText("x.go", "a\n\nbc");
        Assert.Equal([0, 2, 3], text.Lines.ToArray());
        Assert.Equal(new Position("x.go", 4, 3, 2), text.Position(4));
    }
}

public class LineDirectiveTests
{
    [Fact]
    public void LineDirectiveRemapsLaterPositionsLikeGoToken()
    {
        var result = Parser.ParseFile("dir/x.go", "package p\n//line gen.y:100\nvar = 1\n"u8.ToArray());
        Assert.Equal("dir/gen.y:100: expected 'IDENT', found '='", result.Errors.Single().ToString());
        Assert.Equal(3, result.Text.RawPosition(result.Errors[0].Position.Offset).Line);
    }

    [Fact]
    public void LineDirectiveWithColumnSetsTheColumnOnItsLine()
    {
        var result = Parser.ParseFile("x.go", "package p\nvar x = /*line :7:20*/ ]\n"u8.ToArray());
        Assert.Equal("x.go:7:21: expected operand, found ']'", result.Errors[0].ToString());
    }
}
