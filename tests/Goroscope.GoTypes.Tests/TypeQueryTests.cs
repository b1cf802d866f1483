namespace Goroscope.GoTypes.Tests;

/// <summary>The questions rules ask of types: names, method sets, implementation, callees.</summary>
public class TypeQueryTests
{
    private static readonly Package Program = LoadProgram();

    private static Package LoadProgram()
    {
        using var src = GoSource.Module("""
            package main

            import (
                "io"
                "sync"
            )

            type Store struct {
                sync.Mutex
                data map[string]string
            }

            func (s *Store) Write(p []byte) (int, error) { return len(p), nil }

            func (s Store) Len() int { return len(s.data) }

            type reader struct{}

            func (reader) Read(p []byte) (int, error) { return 0, io.EOF }

            func main() {
                s := &Store{}
                s.Lock()
                n := s.Len()
                _ = n
            }
            """);
        return src.Load();
    }

    private static NamedType Named(string name) => (NamedType)Program.Lookup(name)!.Type;

    private static NamedType Std(string path, string name) =>
        (NamedType)new Workspace(GoSource.Environment()).Import(path, "/tmp")!.Lookup(name)!.Type;

    [Fact]
    public void IsNamedMatchesPackagePathAndName()
    {
        var mutex = Program.Info.TypeOf(Program.Find<GoSyntax.Expr>("s.Lock"));
        Assert.NotNull(mutex);
        var field = Named("Store").Underlying as StructType;
        Assert.True(Types.IsNamed(field!.Fields[0].Type, "sync", "Mutex"));
        Assert.False(Types.IsNamed(field.Fields[0].Type, "sync", "RWMutex"));
        Assert.True(Types.IsNamedOrPointerTo(Program.Info.TypeOf(Program.Find<GoSyntax.Ident>("s")), "example.com/m", "Store"));
    }

    [Fact]
    public void ValueMethodSetsHoldValueReceiversAndPromotedValueMethods()
    {
        var names = Types.MethodSet(Named("Store")).Select(m => m.Name);
        Assert.Equal(["Len"], names);
    }

    [Fact]
    public void PointerMethodSetsHoldBothReceiversAndThePromotedPointerMethods()
    {
        var names = Types.MethodSet(new PointerType(Named("Store"))).Select(m => m.Name);
        Assert.Equal(["Len", "Lock", "TryLock", "Unlock", "Write"], names);
    }

    [Fact]
    public void ImplementsFollowsTheMethodSetOfValueAndPointer()
    {
        var writer = Std("io", "Writer");
        Assert.False(Types.Implements(Named("Store"), writer));
        Assert.True(Types.Implements(new PointerType(Named("Store")), writer));
        Assert.True(Types.Implements(Named("reader"), Std("io", "Reader")));
        Assert.True(Types.Implements(new PointerType(Named("Store")), Std("sync", "Locker")));
    }

    [Fact]
    public void ImplementsTellsApartUnexportedMethodsOfOneNameFromTwoPackages()
    {
        using var src = new GoSource(
            ("go.mod", "module example.com/m\n\ngo 1.27\n"),
            ("a/a.go", "package a\n\ntype A struct{}\n\nfunc (A) send() {}\n"),
            ("b/b.go", "package b\n\ntype B struct{}\n\nfunc (B) send() {}\n\nfunc (B) Close() error { return nil }\n"),
            ("main.go", """
                package main

                import (
                    "example.com/m/a"
                    "example.com/m/b"
                    "io"
                )

                type both struct {
                    a.A
                    b.B
                }

                var _ io.Closer = both{}

                func main() {}
                """));
        var program = src.Load();
        var both = (NamedType)program.Lookup("both")!.Type;
        Assert.True(Types.Implements(both, Std("io", "Closer")));
        Assert.Equal(2, Types.MethodSet(both).Count(m => m.Name == "send"));
    }

    [Fact]
    public void CalleeNamesTheMethodAStaticCallReaches()
    {
        var call = Program.Find<GoSyntax.CallExpr>("s.Lock()");
        var callee = Program.Info.Callee(call);
        Assert.Equal("Lock", callee?.Name);
        Assert.Equal("sync", callee?.Package?.Path);
        Assert.True(callee!.HasPointerReceiver);
    }

    [Fact]
    public void LookupReportsThePathThroughEmbeddedFields()
    {
        var selection = Types.LookupFieldOrMethod(new PointerType(Named("Store")), "Unlock", Program);
        Assert.NotNull(selection);
        Assert.Equal([0], selection.Path);
        Assert.True(selection.Indirect);
    }

    [Fact]
    public void APackageWithoutUnknownsIsFullyResolved()
    {
        Assert.True(Program.Info.IsFullyResolved);
        Assert.True(Program.Info.KnownCount > 10);
    }

    [Fact]
    public void ImplementsFindsThePackagesOwnUnexportedMethodBesideAnotherPackagesOfOneName()
    {
        using var src = new GoSource(
            ("go.mod", "module example.com/m\n\ngo 1.27\n"),
            ("other/other.go", "package other\n\ntype Printer struct{}\n\nfunc (Printer) indent() string { return \"\" }\n"),
            ("main.go", """
                package main

                import "example.com/m/other"

                type indenter interface{ indent() string }

                type local struct{}

                func (local) indent() string { return "  " }

                type both struct {
                    other.Printer
                    local
                }

                func main() {}
                """));
        var program = src.Load();
        var indenter = program.Lookup("indenter")!.Type;
        Assert.True(Types.Implements(program.Lookup("both")!.Type, indenter));
    }
}
