using System.Diagnostics;
using System.Text.RegularExpressions;
using Goroscope.Tests;

namespace Goroscope.Cli.Tests;

/// <summary>
/// The text reports at 80, 120 and 200 columns, against the golden files in testdata/golden: piped with
/// `COLUMNS` set, and on a pseudo-terminal of that width (util-linux `script`), which must print the same text.
/// </summary>
public partial class TerminalWidthTests
{
    public static TheoryData<string, int> Reports => new()
    {
        { "analyze.leakzoo", 80 }, { "analyze.leakzoo", 120 }, { "analyze.leakzoo", 200 },
        { "diff.leakzoo", 80 }, { "diff.leakzoo", 120 }, { "diff.leakzoo", 200 },
        { "trace.traceleak", 80 }, { "trace.traceleak", 120 }, { "trace.traceleak", 200 },
    };

    /// <summary>The command line each golden file was written by (see testdata/golden/README.md).</summary>
    private static string[] Arguments(string report) => report switch
    {
        "analyze.leakzoo" => ["analyze", "testdata/dumps/go1.27/leakzoo.debug2.txt", "--top", "6", "--source", "testdata/programs/leakzoo"],
        "diff.leakzoo" => ["diff", "testdata/dumps/go1.27/leakzoo.scale1.debug2.txt", "testdata/dumps/go1.27/leakzoo.scale3.debug2.txt"],
        _ => ["trace", "testdata/traces/go1.27/traceleak.trace", "--top", "5"],
    };

    private static string Golden(string report, int width) =>
        File.ReadAllText(Path.Combine(Paths.TestData, "golden", $"{report}.{width}.txt")).ReplaceLineEndings("\n");

    private static string Tool => Path.Combine(AppContext.BaseDirectory, "Goroscope.Cli.dll");

    private static async Task<string> RunAsync(string file, IEnumerable<string> args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Paths.RepoRoot };
        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return await output;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Piped_output_fits_COLUMNS(string report, int width)
    {
        var output = await RunAsync("dotnet", ["exec", Tool, .. Arguments(report)], new() { ["COLUMNS"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(Golden(report, width), output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_terminal_of_that_width_prints_the_same_text_in_colour(string report, int width)
    {
        var command = $"stty cols {width} rows 50 && exec dotnet exec '{Tool}' {string.Join(' ', Arguments(report))}";
        var output = await RunAsync("script", ["-qec", command, "/dev/null"], new() { ["TERM"] = "xterm-256color" });
        Assert.Contains("\u001b[1m", output); // bold: it did write to a terminal
        Assert.Equal(Golden(report, width), Escapes().Replace(output, "").Replace("\r", ""));
    }

    [Fact]
    public async Task Piped_output_without_COLUMNS_is_never_wrapped()
    {
        var output = await RunAsync("dotnet", ["exec", Tool, .. Arguments("analyze.leakzoo")], []);
        Assert.Equal(Golden("analyze.leakzoo", 200), output.ReplaceLineEndings("\n"));
    }

    /// <summary>ANSI escape sequences: SGR colours, and the keypad modes .NET sets on a terminal.</summary>
    [GeneratedRegex(@"\u001b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex Escapes();
}
