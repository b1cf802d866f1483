namespace Goroscope.GoSyntax.Tests;

public class SyntaxIndexTests
{
    private static (SyntaxIndex Index, SourceFile File) Index(string source, params string[] otherFiles)
    {
        var file = ParserTests.Parse(source).File;
        var others = otherFiles.Select(s => ParserTests.Parse(s).File);
        return (new SyntaxIndex(file, others), file);
    }

    private static List<Ident> Idents(SourceFile file, string name) =>
        Walker.Descendants(file).OfType<Ident>().Where(i => i.Name == name).ToList();

    [Fact]
    public void LocalVariableResolvesToItsShortDeclaration()
    {
        var (index, file) = Index("package p\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n");
        var ch = Idents(file, "ch");
        Assert.Same(ch[0], index.Declaration(ch[1]));
        Assert.Same(ch[0], index.Declaration(ch[0]));
    }

    [Fact]
    public void InnerDeclarationShadowsOuterOne()
    {
        var (index, file) = Index("package p\nvar x = 1\nfunc f() {\n\tx := 2\n\t{\n\t\tx := 3\n\t\t_ = x\n\t}\n\t_ = x\n}\n");
        var x = Idents(file, "x");
        Assert.Same(x[2], index.Declaration(x[3]));
        Assert.Same(x[1], index.Declaration(x[4]));
    }

    [Fact]
    public void RightHandSideSeesTheOuterVariableNotTheOneBeingDeclared()
    {
        var (index, file) = Index("package p\nvar x = 1\nfunc f() {\n\tx := x + 1\n\t_ = x\n}\n");
        var x = Idents(file, "x");
        Assert.Same(x[0], index.Declaration(x[2]));
        Assert.Same(x[1], index.Declaration(x[3]));
    }

    [Fact]
    public void ParametersResultsAndReceiverAreInTheFunctionScope()
    {
        var (index, file) = Index("package p\nfunc (s *S[T]) M(a T) (r int) { _ = s; _ = a; return r }\n");
        Assert.Same(Idents(file, "s")[0], index.Declaration(Idents(file, "s")[1]));
        Assert.Same(Idents(file, "a")[0], index.Declaration(Idents(file, "a")[1]));
        Assert.Same(Idents(file, "r")[0], index.Declaration(Idents(file, "r")[1]));
        Assert.Same(Idents(file, "T")[0], index.Declaration(Idents(file, "T")[1]));
    }

    [Fact]
    public void PackageLevelNamesResolveAcrossFilesOfThePackage()
    {
        var (index, file) = Index("package p\nfunc f() { g(); _ = limit }\n", "package p\nfunc g() {}\nconst limit = 3\n");
        Assert.Equal("g", index.Declaration(Idents(file, "g")[0])?.Name);
        Assert.NotSame(Idents(file, "g")[0], index.Declaration(Idents(file, "g")[0]));
        Assert.NotNull(index.Declaration(Idents(file, "limit")[0]));
    }

    [Fact]
    public void OneSharedPackageScopeResolvesEachFileToTheOthersDeclarations()
    {
        var a = ParserTests.Parse("package p\nvar events = make(chan int)\nfunc f() { close(events) }\n").File;
        var b = ParserTests.Parse("package p\nfunc g() { events <- 1 }\n").File;
        var scope = new PackageScope([a, b]);
        var declaration = Idents(a, "events")[0];
        Assert.Same(declaration, new SyntaxIndex(a, scope).Declaration(Idents(a, "events")[1]));
        Assert.Same(declaration, new SyntaxIndex(b, scope).Declaration(Idents(b, "events")[0]));
    }

    [Fact]
    public void PredeclaredNamesFieldsAndSelectorsAreNotResolved()
    {
        var (index, file) = Index("package p\nimport \"fmt\"\ntype S struct{ n int }\nfunc f(s S) { fmt.Println(len(\"x\"), s.n, S{n: 1}) }\n");
        Assert.Null(index.Declaration(Idents(file, "len")[0]));
        Assert.Null(index.Declaration(Idents(file, "fmt")[0]));
        Assert.All(Idents(file, "n").Skip(1), n => Assert.Null(index.Declaration(n)));
    }

    [Fact]
    public void RangeAndTypeSwitchVariablesAndLabels()
    {
        var (index, file) = Index("package p\nfunc f(xs []any) {\nloop:\n\tfor i, x := range xs {\n\t\tswitch v := x.(type) {\n\t\tcase int:\n\t\t\t_ = v + i\n\t\t\tbreak loop\n\t\t}\n\t}\n}\n");
        Assert.Same(Idents(file, "i")[0], index.Declaration(Idents(file, "i")[1]));
        Assert.Same(Idents(file, "x")[0], index.Declaration(Idents(file, "x")[1]));
        Assert.Same(Idents(file, "v")[0], index.Declaration(Idents(file, "v")[1]));
        Assert.Same(Idents(file, "loop")[0], index.Declaration(Idents(file, "loop")[1]));
    }

    [Fact]
    public void SelectCaseVariableIsScopedToItsClause()
    {
        var (index, file) = Index("package p\nfunc f(ch chan int) {\n\tselect {\n\tcase v := <-ch:\n\t\t_ = v\n\t}\n}\n");
        Assert.Same(Idents(file, "v")[0], index.Declaration(Idents(file, "v")[1]));
    }

    [Fact]
    public void EnclosingFunctionIsTheInnermostFunctionLiteralOrDeclaration()
    {
        var (index, file) = Index("package p\nfunc f() {\n\tgo func() {\n\t\twork()\n\t}()\n\tdone()\n}\n");
        var work = Walker.Descendants(file).OfType<CallExpr>().Single(c => c.Fun is Ident { Name: "work" });
        var done = Walker.Descendants(file).OfType<CallExpr>().Single(c => c.Fun is Ident { Name: "done" });
        Assert.IsType<FuncLit>(index.EnclosingFunction(work));
        Assert.Same(file.Decls[0], index.EnclosingFunction(done));
        Assert.Null(index.EnclosingFunction(file.Decls[0]));
    }

    [Fact]
    public void EnclosingLoopStopsAtTheFunctionBoundary()
    {
        var (index, file) = Index("package p\nfunc f() {\n\tfor i := range 3 {\n\t\tgo func() { send(i) }()\n\t\trecv(i)\n\t}\n}\n");
        var send = Walker.Descendants(file).OfType<CallExpr>().Single(c => c.Fun is Ident { Name: "send" });
        var recv = Walker.Descendants(file).OfType<CallExpr>().Single(c => c.Fun is Ident { Name: "recv" });
        Assert.Null(index.EnclosingLoop(send));
        Assert.IsType<RangeStmt>(index.EnclosingLoop(recv));
    }

    [Fact]
    public void ParentAndAncestors()
    {
        var (index, file) = Index("package p\nfunc f() { g() }\n");
        var call = Walker.Descendants(file).OfType<CallExpr>().Single();
        Assert.IsType<ExprStmt>(index.Parent(call));
        Assert.Equal([typeof(ExprStmt), typeof(BlockStmt), typeof(FuncDecl), typeof(SourceFile)], index.Ancestors(call).Select(a => a.GetType()));
    }
}

public class TypeParameterScopeTests
{
    [Fact]
    public void TypeParametersAreInScopeInTheWholeParameterList()
    {
        var file = ParserTests.Parse("package p\nfunc f[S ~[]T, T any](s S) T { return s[0] }\n").File;
        var index = new SyntaxIndex(file);
        var t = Walker.Descendants(file).OfType<Ident>().Where(i => i.Name == "T").ToList();
        Assert.Same(t[1], index.Declaration(t[0]));
        Assert.Same(t[1], index.Declaration(t[2]));
    }
}
