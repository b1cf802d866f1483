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
    public void TypesOfNatsServerFromDebianAgreeWithGoTypes()
    {
        // Debian's golang-github-nats-io-nats-server-dev (.ci/run installs it), built as Debian builds it: GOPATH mode.
        const string GoPath = "/usr/share/gocode";
        var server = Path.Combine(GoPath, "src/github.com/nats-io/nats-server/server");
        Assert.True(Directory.Exists(server), $"{server} missing: apt-get install golang-github-nats-io-nats-server-dev (see .ci/run)");
        var environment = GoEnvironment.Discover(GoTypesView.Go) with { CgoEnabled = false, Modules = false, GoPath = [GoPath] };
        var package = new Workspace(environment).Load(server)!;
        var view = GoTypesView.Of([("", server)], goEnvironment: new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOPATH"] = GoPath });
        var comparison = Comparison.Of([package], view);
        output.WriteLine(comparison.Summary());
        // Only its own /v2 packages are missing: the GOPATH tree has them without the module's /v2 suffix, for go/types too.
        Assert.All(package.MissingImports, path => Assert.StartsWith("github.com/nats-io/nats-server/v2/", path, StringComparison.Ordinal));
        Assert.True(comparison.Total > 5000, comparison.Summary());
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
