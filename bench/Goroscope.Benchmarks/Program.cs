using System.Diagnostics;
using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Stacks.Readers;
using Goroscope.Traces;
using Goroscope.Traces.Analysis;
using Goroscope.Traces.Timelines;

// Times Goroscope's own code on one dump or execution trace, in-process, after a warm-up run: read alone, and
// read + analyse.
// Usage: dotnet run -c Release --project bench/Goroscope.Benchmarks -- FILE [RUNS]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Goroscope.Benchmarks FILE [RUNS]");
    return 2;
}
var path = args[0];
var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
var bytes = File.ReadAllBytes(path);
var megabytes = bytes.Length / 1048576.0;

// CPU time of this process, not wall time: the figure stays put when other work shares the machine.
double Time(Action action)
{
    action(); // warm-up: JIT and tiering
    var best = double.MaxValue;
    var process = Process.GetCurrentProcess();
    for (var i = 0; i < runs; i++)
    {
        process.Refresh();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        best = Math.Min(best, (process.TotalProcessorTime - before).TotalSeconds);
    }
    return best;
}

if (TraceHeader.Matches(bytes))
{
    long events = 0;
    var readEvents = Time(() =>
    {
        var reader = TraceReader.Open(new MemoryStream(bytes));
        while (reader.TryRead(out _))
        {
        }
        events = reader.EventCount;
    });
    var timeline = Time(() => TraceAnalysis.Of(Timeline.Read(TraceReader.Open(new MemoryStream(bytes)))));
    Console.WriteLine($"{Path.GetFileName(path)}: {megabytes:0.0} MiB, {events:N0} events");
    Console.WriteLine($"read events    {readEvents * 1000,8:0.0} ms  {megabytes / readEvents,7:0} MiB/s  {events / readEvents / 1e6,6:0.0} M events/s (CPU time, best of {runs})");
    Console.WriteLine($"timeline+report{timeline * 1000,8:0.0} ms  {megabytes / timeline,7:0} MiB/s");
    return 0;
}

var lines = 0;
var scan = Time(() =>
{
    var reader = new LineReader(new MemoryStream(bytes));
    lines = 0;
    while (reader.TryReadLine(out _))
        lines++;
});

long goroutines = 0;
var buckets = 0;
var read = Time(() => goroutines = DumpReader.Read(new MemoryStream(bytes))[^1].GoroutineCount);
var analyse = Time(() => buckets = Analyzer.Analyze(DumpReader.Read(new MemoryStream(bytes))[^1]).Buckets.Count);
// A fresh reader each run, so finding and parsing the files is counted every time.
var analyseWithSource = Time(() => Analyzer.Analyze(DumpReader.Read(new MemoryStream(bytes))[^1], sources: new SourceReader(SourceLocator.ForMachine([]))));
// What one run allocates and the collections and pauses it causes (a memory diagnoser's columns), averaged over RUNS.
string Memory(Action action)
{
    action();
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var pauseBefore = GC.GetTotalPauseDuration();
    for (var i = 0; i < runs; i++)
        action();
    var allocated = (GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1048576.0 / runs;
    var pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds / runs;
    return $"allocates {allocated:0.0} MiB, {(GC.CollectionCount(0) - collectionsBefore.Item1) / (double)runs:0.##}/{(GC.CollectionCount(1) - collectionsBefore.Item2) / (double)runs:0.##}/{(GC.CollectionCount(2) - collectionsBefore.Item3) / (double)runs:0.##} gen0/1/2 collections, {pause:0.0} ms paused";
}
var readMemory = Memory(() => DumpReader.Read(new MemoryStream(bytes)));
var analyseMemory = Memory(() => Analyzer.Analyze(DumpReader.Read(new MemoryStream(bytes))[^1]));
Console.WriteLine($"{Path.GetFileName(path)}: {megabytes:0.0} MiB, {goroutines:N0} goroutines, {buckets} buckets");
Console.WriteLine($"lines only     {scan * 1000,8:0.0} ms  {megabytes / scan,7:0} MiB/s  ({lines:N0} lines: the floor)");
Console.WriteLine($"read           {read * 1000,8:0.0} ms  {megabytes / read,7:0} MiB/s  (CPU time, best of {runs})");
Console.WriteLine($"  one read {readMemory}");
Console.WriteLine($"read+analyse   {analyse * 1000,8:0.0} ms  {megabytes / analyse,7:0} MiB/s");
Console.WriteLine($"  one read+analyse {analyseMemory}");
Console.WriteLine($"... + source   {analyseWithSource * 1000,8:0.0} ms  {megabytes / analyseWithSource,7:0} MiB/s  (the top buckets' blocking lines read where this machine has the source)");
return 0;
