using Goroscope.GoSyntax;

namespace Goroscope.GoTypes.Tests;

public class LoaderTests
{
    [Fact]
    public void GoModGivesTheModulePathGoLineRequiresAndReplaces()
    {
        var module = GoModule.Parse("/m", """
            module example.com/m // the module

            go 1.22

            require (
                github.com/a/b v1.2.3
                example.com/Upper v0.1.0 // indirect
            )

            require golang.org/x/sync v0.7.0

            replace example.com/local => ../local
            replace github.com/a/b v1.2.3 => github.com/fork/b v1.2.4
            """);
        Assert.Equal("example.com/m", module.Path);
        Assert.Equal("1.22", module.GoVersion);
        Assert.Equal("v1.2.3", module.Requires["github.com/a/b"]);
        Assert.Equal("v0.7.0", module.Requires["golang.org/x/sync"]);
        Assert.Equal(new ModuleReplacement("example.com/local", null, "../local", null), module.Replaces[0]);
        Assert.True(module.Replaces[0].IsLocal);
        Assert.Equal(new ModuleReplacement("github.com/a/b", "v1.2.3", "github.com/fork/b", "v1.2.4"), module.Replaces[1]);
    }

    [Fact]
    public void ModuleCachePathsEscapeUpperCaseLetters() =>
        Assert.Equal("github.com/!burnt!sushi/toml", ImportResolver.EscapeModulePath("github.com/BurntSushi/toml"));

    [Fact]
    public void PackagesOfTheModuleAndOfALocalReplacementAreFound()
    {
        using var src = new GoSource(
            ("m/go.mod", "module example.com/m\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib => ../lib\n"),
            ("m/main.go", "package main\n\nimport (\n\t\"example.com/lib/queue\"\n\t\"example.com/m/internal/jobs\"\n)\n\nvar q = queue.New()\nvar j = jobs.Job{}\n\nfunc main() {}\n"),
            ("m/internal/jobs/jobs.go", "package jobs\n\ntype Job struct{ Done chan struct{} }\n"),
            ("lib/go.mod", "module example.com/lib\n"),
            ("lib/queue/queue.go", "package queue\n\ntype Queue struct{ items chan int }\n\nfunc New() *Queue { return &Queue{} }\n"));
        var package = src.Load("m");
        Assert.Equal("*example.com/lib/queue.Queue", package.TypeOf("q"));
        Assert.Equal("example.com/m/internal/jobs.Job", package.TypeOf("j"));
        Assert.Empty(package.MissingImports);
    }

    [Fact]
    public void VendoredPackagesAreUsedWhenVendorModulesTxtIsPresent()
    {
        using var src = new GoSource(
            ("go.mod", "module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n"),
            ("main.go", "package main\n\nimport \"example.com/dep\"\n\nvar t = dep.T{}\n\nfunc main() {}\n"),
            ("vendor/modules.txt", "# example.com/dep v1.0.0\n## explicit\nexample.com/dep\n"),
            ("vendor/example.com/dep/dep.go", "package dep\n\ntype T struct{}\n"));
        Assert.Equal("example.com/dep.T", src.Load().TypeOf("t"));
    }

    [Fact]
    public void DependenciesComeFromTheModuleCache()
    {
        using var src = new GoSource(
            ("m/go.mod", "module example.com/m\n\ngo 1.22\n\nrequire github.com/Some/dep v1.4.0\n"),
            ("m/main.go", "package main\n\nimport \"github.com/Some/dep/sub\"\n\nvar t sub.T\n\nfunc main() {}\n"),
            ("cache/github.com/!some/dep@v1.4.0/go.mod", "module github.com/Some/dep\n"),
            ("cache/github.com/!some/dep@v1.4.0/sub/sub.go", "package sub\n\ntype T int\n"));
        var environment = GoSource.Environment() with { ModCache = Path.Combine(src.Root, "cache") };
        Assert.Equal("github.com/Some/dep/sub.T", src.Load("m", environment).TypeOf("t"));
    }

    [Fact]
    public void WithoutGoModImportsAreFoundInGoPath()
    {
        using var src = new GoSource(
            ("gopath/src/example.org/app/main.go", "package main\n\nimport \"example.org/lib\"\n\nvar v lib.V\n\nfunc main() {}\n"),
            ("gopath/src/example.org/lib/lib.go", "package lib\n\ntype V struct{}\n"));
        var environment = GoSource.Environment() with { GoPath = [Path.Combine(src.Root, "gopath")] };
        Assert.Equal("example.org/lib.V", src.Load("gopath/src/example.org/app", environment).TypeOf("v"));
    }

    [Fact]
    public void AMissingDependencyMakesOnlyItsUsesUnknown()
    {
        using var src = GoSource.Module("package main\n\nimport \"example.com/nowhere\"\n\nvar a = nowhere.New()\nvar b = make(chan int)\n\nfunc main() {}\n");
        var package = src.Load();
        Assert.Equal("unknown", package.TypeOf("a"));
        Assert.Equal("chan int", package.TypeOf("b"));
        Assert.Contains("example.com/nowhere", package.MissingImports);
        Assert.False(package.Info.IsFullyResolved);
    }

    [Fact]
    public void BuildConstraintsPickOneConsistentFileSet()
    {
        using var src = new GoSource(
            ("go.mod", "module example.com/m\n"),
            ("main.go", "package main\n\nvar v = value\n\nfunc main() {}\n"),
            ("v_linux.go", "package main\n\nvar value = make(chan int)\n"),
            ("v_windows.go", "package main\n\nvar value = 1\n"),
            ("v_tagged.go", "//go:build special\n\npackage main\n\nvar other = 1\n"));
        var package = src.Load();
        Assert.Equal("chan int", package.TypeOf("v"));
        Assert.Equal(["main.go", "v_linux.go"], package.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal(3, src.Load(environment: GoSource.Environment("special")).Files.Count);
    }

    [Fact]
    public void TheStandardLibraryComesFromGoRootWithItsOwnVendorDirectory()
    {
        var workspace = new Workspace(GoSource.Environment());
        var http = workspace.Import("net/http", "/tmp");
        Assert.NotNull(http);
        Assert.Equal("/opt/go/1.27/src/net/http", http.Directory);
        var dnsmessage = workspace.Import("golang.org/x/net/dns/dnsmessage", "/opt/go/1.27/src/net");
        Assert.Equal("vendor/golang.org/x/net/dns/dnsmessage", dnsmessage?.Path);
    }

    [Fact]
    public void FilesParsedElsewhereAreImportedAsTheyAreNotParsedAgain()
    {
        using var src = LibraryAndUser();
        var lib = ParseDirectory(src, "lib");
        var workspace = Workspace(src, lib);
        var imported = workspace.Import("example.com/m/lib", src.Root)!;
        Assert.Same(lib.Single(f => f.Path.EndsWith("lib.go", StringComparison.Ordinal)).Syntax, imported.Files.Single().Syntax);
    }

    [Fact]
    public void LoadFilesGivenTheTreesTheBuildSelectsResolvesThePackageItsImportersSee()
    {
        using var src = LibraryAndUser();
        var lib = ParseDirectory(src, "lib").Where(f => !f.Path.EndsWith("_windows.go", StringComparison.Ordinal)).ToList();
        var workspace = Workspace(src, lib);
        var loaded = workspace.LoadFiles(Path.Combine(src.Root, "lib"), lib);
        Assert.Same(workspace.Import("example.com/m/lib", src.Root), loaded);
        Assert.Equal("chan int", loaded.TypeOf("q.items"));
    }

    [Fact]
    public void LoadFilesGivenOtherFilesThanTheBuildSelectsResolvesACopyOfItsOwn()
    {
        using var src = LibraryAndUser();
        var lib = ParseDirectory(src, "lib"); // lib_windows.go too, which the linux build leaves out
        var workspace = Workspace(src, lib);
        var loaded = workspace.LoadFiles(Path.Combine(src.Root, "lib"), lib);
        Assert.NotSame(workspace.Import("example.com/m/lib", src.Root), loaded);
        Assert.Equal(2, loaded.Files.Count);
        Assert.Equal("chan int", loaded.TypeOf("q.items"));
    }

    private static GoSource LibraryAndUser() => new(
        ("go.mod", "module example.com/m\n\ngo 1.22\n"),
        ("main.go", "package main\n\nimport \"example.com/m/lib\"\n\nvar q = lib.Queue{}\n\nfunc main() {}\n"),
        ("lib/lib.go", "package lib\n\ntype Queue struct{ items chan int }\n\nfunc (q *Queue) Len() int { return len(q.items) }\n"),
        ("lib/lib_windows.go", "package lib\n\nconst onWindows = true\n"));

    private static List<(string Path, SourceFile Syntax)> ParseDirectory(GoSource src, string directory) =>
        Directory.GetFiles(Path.Combine(src.Root, directory), "*.go").Order(StringComparer.Ordinal)
            .Select(f => (f, Parser.ParseFile(f, File.ReadAllBytes(f)).File)).ToList();

    // The module's workspace, told that these files are already parsed.
    private static Workspace Workspace(GoSource src, IEnumerable<(string Path, SourceFile Syntax)> parsed)
    {
        var environment = GoSource.Environment();
        var options = new WorkspaceOptions { Parsed = parsed.ToDictionary(f => f.Path, f => f.Syntax) };
        return new Workspace(environment, options, new ImportResolver(environment).ModuleOf(src.Root));
    }
}
