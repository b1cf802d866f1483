// Parses every .go file under a directory with Goroscope.GoSyntax, from memory, single-threaded
// and on all cores, and prints the throughput. Usage: [--iterations n] <root>
using System.Diagnostics;
using Goroscope.GoSyntax;

var iterations = 5;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--iterations")
    {
        iterations = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    }
    else
    {
        rest.Add(args[i]);
    }
}
if (rest.Count != 1)
{
    Console.Error.WriteLine("usage: Goroscope.GoSyntax.Benchmarks [--iterations n] <root>");
    return 2;
}

var root = rest[0];
var paths = ParseTool.FindGoFiles(root);
var sources = paths.Select(File.ReadAllBytes).ToArray();
long total = sources.Sum(s => (long)s.Length);
var rejected = 0;

void ParseOne(int i)
{
    if (Parser.ParseFile(paths[i], sources[i]).HasErrors)
    {
        Interlocked.Increment(ref rejected);
    }
}

void SingleThreaded()
{
    for (var i = 0; i < sources.Length; i++)
    {
        ParseOne(i);
    }
}

void AllCores() => Parallel.For(0, sources.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, ParseOne);

double Best(Action pass)
{
    pass(); // warm-up (JIT tiering)
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

var mb = total / 1e6;
var scan = Best(ScanOnly);
Console.WriteLine($"Goroscope.GoSyntax {"scanner only, 1 thread",-27} files={sources.Length} bytes={total} best={scan:F3}s {mb / scan:F1} MB/s");
var single = Best(SingleThreaded);
Console.WriteLine($"Goroscope.GoSyntax {"1 thread",-27} files={sources.Length} bytes={total} best={single:F3}s {mb / single:F1} MB/s");
var before = GC.GetTotalAllocatedBytes(precise: true);
SingleThreaded();
Console.WriteLine($"allocated per pass: {(GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6:F0} MB");
var parallel = Best(AllCores);
Console.WriteLine($"Goroscope.GoSyntax {$"{Environment.ProcessorCount} threads",-27} files={sources.Length} bytes={total} best={parallel:F3}s {mb / parallel:F1} MB/s");
Console.WriteLine($"rejected files per pass: {rejected / (2 * (iterations + 2) + 1)}");
return 0;
