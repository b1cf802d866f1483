using System.Diagnostics;
using Goroscope.Tests;

namespace Goroscope.Cli.Tests;

/// <summary>
/// The progress line goes to standard error when that is a terminal, whatever standard output is: `lint ./... >
/// out.txt` on a pseudo-terminal (util-linux `script`) shows a bar while the rules run, and the file gets the report alone.
/// </summary>
public class ProgressTests
{
    private static string Tool => Path.Combine(AppContext.BaseDirectory, "Goroscope.Cli.dll");

    [Fact]
    public async Task Lint_shows_its_progress_on_a_terminal_while_the_report_goes_to_a_file()
    {
        var work = Directory.CreateTempSubdirectory("goroscope-progress-");
        try
        {
            // net of Go 1.27: 22 packages, seconds of resolving types, well past the bar's 0.7 s delay.
            var tree = Path.Combine(GoProgram.Toolchain, "src", "net");
            var report = Path.Combine(work.FullName, "out.txt");
            var start = new ProcessStartInfo("script", ["-qec", $"exec dotnet exec '{Tool}' lint '{tree}' --fail-level none > '{report}'", "/dev/null"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var terminal = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(180));

            Assert.Contains("linting [", await terminal);
            var text = File.ReadAllText(report);
            Assert.Contains("packages linted", text);
            Assert.DoesNotContain("linting [", text);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
