using System.Runtime.InteropServices;
using Goroscope.Analysis;
using Goroscope.Stacks.Readers;

// The CPU time of the measuring thread for one read, and one read + analyse, of a dump: each run starts after a
// full collection, so every run finds the heap alike, and other processes and the collector's background thread
// do not count. Built against two trees by bench/compare-read.sh, which runs them alternately; only API that
// both trees have is used.
// Usage: Goroscope.ReadCost FILE [RUNS]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Goroscope.ReadCost FILE [RUNS]");
    return 2;
}
var bytes = File.ReadAllBytes(args[0]);
var runs = args.Length > 1 ? int.Parse(args[1]) : 15;

void Read() => DumpReader.Read(new MemoryStream(bytes));
void ReadAndAnalyse() => Analyzer.Analyze(DumpReader.Read(new MemoryStream(bytes))[^1]);

for (var i = 0; i < 3; i++) // warm-up: JIT and tiering
{
    Read();
    ReadAndAnalyse();
}
var read = new List<double>();
var readAndAnalyse = new List<double>();
for (var i = 0; i < runs; i++)
{
    read.Add(ThreadCpu.Milliseconds(Read));
    readAndAnalyse.Add(ThreadCpu.Milliseconds(ReadAndAnalyse));
}
read.Sort();
readAndAnalyse.Sort();
Console.WriteLine($"read {read[0]:0.0} ms best, {read[runs / 2]:0.0} ms median; read+analyse {readAndAnalyse[0]:0.0} ms best, " +
    $"{readAndAnalyse[runs / 2]:0.0} ms median (thread CPU, {runs} runs)");
return 0;

internal static partial class ThreadCpu
{
    private const int ThreadCpuTimeClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static double Milliseconds(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var start = Now();
        action();
        return Now() - start;
    }

    private static double Now()
    {
        ClockGetTime(ThreadCpuTimeClock, out var time);
        return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
    }

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);
}
