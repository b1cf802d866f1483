using Xunit.Abstractions;

namespace Goroscope.GoTypes.Tests;

/// <summary>Our types against go/types' (printed by checker/main.go) on real code: ≥ 99.5% agreement, and never a wrong type.</summary>
public class CheckerComparisonTests(ITestOutputHelper output)
{
    // Standard-library packages heavy in goroutines, locks, channels, contexts and timers (and all they import).
    private static readonly string[] StandardPackages =
    [
        "sync", "context", "time", "io", "os", "os/exec", "os/signal", "net", "net/http", "net/http/httputil", "net/http/httptest",
        "net/rpc", "net/smtp", "database/sql", "log/slog", "expvar", "testing", "runtime/pprof", "crypto/tls", "internal/poll",
        "go/types", "text/template", "encoding/json", "archive/zip", "compress/flate", "net/http/pprof", "mime/multipart",
    ];

    [Fact]
    public void TypesOfTheStandardLibraryAgreeWithGoTypes()
    {
        var environment = GoEnvironment.Discover(GoTypesView.Go) with { CgoEnabled = false };
        var workspace = new Workspace(environment);
        var directories = StandardPackages.Select(p => Path.Combine(environment.GoRoot, "src", p)).ToList();
        var packages = directories.Select(d => workspace.Load(d)!).ToList();
        var view = GoTypesView.Of(directories.Select(d => ("", d)));
        var comparison = Comparison.Of(packages, view);
        output.WriteLine(comparison.Summary());
        Assert.True(comparison.Total > 4000, comparison.Summary());
        Assert.Empty(comparison.Disagreements);
        Assert.True(comparison.Agreement >= 0.995, comparison.Summary());
    }

    [Fact]
    public void EveryIdentifierSelectorAndCallOfNetHttpAgreesWithGoTypes()
    {
        var environment = GoEnvironment.Discover(GoTypesView.Go) with { CgoEnabled = false };
        var workspace = new Workspace(environment);
        var directories = new[] { "net/http", "context", "os/exec" }.Select(p => Path.Combine(environment.GoRoot, "src", p)).ToList();
        var packages = directories.Select(d => workspace.Load(d)!).ToList();
        var comparison = Comparison.Of(packages, GoTypesView.Of(directories.Select(d => ("", d)), all: true), all: true);
        output.WriteLine(comparison.Summary());
        Assert.True(comparison.Total > 20_000, comparison.Summary());
        Assert.Empty(comparison.Disagreements);
        Assert.True(comparison.Agreement >= 0.995, comparison.Summary());
    }

    [Fact]
    public void TypesOfTheTestdataProgramsAndLintFixturesAgreeWithGoTypes()
    {
        var environment = GoEnvironment.Discover(GoTypesView.Go) with { CgoEnabled = false };
        var roots = Directory.GetDirectories(Path.Combine(Repository.Root, "testdata", "programs")).Append(Path.Combine(Repository.Root, "testdata", "lint"));
        var packages = roots.SelectMany(root => Workspace.For(root, environment).LoadTree(root)).ToList();
        var view = GoTypesView.Of(packages.Select(p => (p.Path, p.Directory)));
        var comparison = Comparison.Of(packages, view);
        output.WriteLine(comparison.Summary());
        Assert.True(comparison.Total > 200, comparison.Summary());
        Assert.Empty(comparison.Disagreements);
        Assert.True(comparison.Agreement >= 0.995, comparison.Summary());
    }
}
