// Resolves every package under a directory with Goroscope.GoTypes and prints time, memory and coverage;
// with "compare", also runs go/types (tests/Goroscope.GoTypes.Tests/checker) on the same packages and compares.
// "compare-all" compares every identifier, selector and call, not only the concurrency-relevant ones.
// Usage: resolve|compare|compare-all <root>
using System.Diagnostics;
using Goroscope.GoTypes;
using Goroscope.GoTypes.Tests;

if (args.Length != 2 || args[0] is not ("resolve" or "compare" or "compare-all") || !Directory.Exists(args[1]))
{
    Console.Error.WriteLine("usage: Goroscope.GoTypes.Benchmarks resolve|compare|compare-all <root>");
    return 2;
}
var environment = GoEnvironment.Discover(GoTypesView.Go) with { CgoEnabled = false };
var watch = Stopwatch.StartNew();
var packages = new Workspace(environment).LoadTree(args[1]);
var seconds = watch.Elapsed.TotalSeconds;
var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
var full = packages.Count(p => p.Info.IsFullyResolved);
Console.WriteLine($"packages={packages.Count} fully-resolved={full} with-unknowns={packages.Count - full} "
    + $"expressions known={packages.Sum(p => (long)p.Info.KnownCount)} unknown={packages.Sum(p => (long)p.Info.UnknownCount)} "
    + $"seconds={seconds:F2} peak-working-set-MiB={peak:F0}");
if (args[0] is "compare" or "compare-all")
{
    var all = args[0] == "compare-all";
    var view = GoTypesView.Of(packages.Select(p => ("", p.Directory)), all);
    Console.Write(Comparison.Of(packages, view, all).Summary());
}
return 0;
