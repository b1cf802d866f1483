// Parses every .go file under a directory with Goroscope.GoSyntax, from memory, and prints the
// throughput: the scanner alone and the parser on one thread, and the parser on all cores.
// Usage: [--iterations n] [--mode single|parallel|all] <root>
using System.Diagnostics;
using System.Globalization;
using Goroscope.GoSyntax;

var iterations = 5;
var mode = "all";
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations":
            iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--mode":
            mode = args[++i];
            break;
        default:
            rest.Add(args[i]);
            break;
    }
}
if (rest.Count != 1 || mode is not ("single" or "parallel" or "all"))
{
    Console.Error.WriteLine("usage: Goroscope.GoSyntax.Benchmarks [--iterations n] [--mode single|parallel|all] <root>");
    return 2;
}

var paths = ParseTool.FindGoFiles(rest[0]);
var sources = paths.Select(File.ReadAllBytes).ToArray();
var total = sources.Sum(s => (long)s.Length);
var mb = total / 1e6;
var gc = System.Runtime.GCSettings.IsServerGC ? "server GC" : "workstation GC";

int ParseOne(int i) => Parser.ParseFile(paths[i], sources[i]).HasErrors ? 1 : 0;

void ScanOnly()
{
    foreach (var source in sources)
    {
        var scanner = new Scanner(source);
        while (scanner.Scan() != Token.EOF)
        {
        }
    }
}

var rejected = 0;
void SingleThreaded()
{
    rejected = 0;
    for (var i = 0; i < sources.Length; i++)
    {
        rejected += ParseOne(i);
    }
}

void AllCores()
{
    var count = 0;
    Parallel.For(0, sources.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
    {
        if (ParseOne(i) != 0)
        {
            Interlocked.Increment(ref count);
        }
    });
    rejected = count;
}

double Best(Action pass)
{
    pass(); // warm-up: let tiered compilation settle
    pass();
    var best = double.MaxValue;
    for (var i = 0; i < iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        pass();
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }
    return best;
}

void Report(string what, double seconds) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Goroscope.GoSyntax {what,-30} files={sources.Length} rejected={rejected} bytes={total} best={seconds:F3}s {mb / seconds:F1} MB/s"));

if (mode is "single" or "all")
{
    Report($"scanner only, 1 thread", Best(ScanOnly));
    Report($"1 thread, {gc}", Best(SingleThreaded));
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var pausedBefore = GC.GetTotalPauseDuration();
    var watch = Stopwatch.StartNew();
    SingleThreaded();
    var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"per 1-thread pass: allocated {(GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6:F0} MB, GC pauses {paused:F3}s of {watch.Elapsed.TotalSeconds:F3}s"));
}
if (mode is "parallel" or "all")
{
    Report($"{Environment.ProcessorCount} threads, {gc}", Best(AllCores));
}
return 0;
