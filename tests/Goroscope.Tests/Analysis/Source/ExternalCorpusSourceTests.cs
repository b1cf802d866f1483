using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Analysis.Source;

/// <summary>
/// The external corpus's dumps (../shared/corpus/external-dumps), read with whatever source this machine has
/// (their own paths, GOROOT, the module cache, Debian's Go sources), gain no suspect.
/// </summary>
public class ExternalCorpusSourceTests
{
    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Paths.ExternalDumps).Select(f => Path.GetFileName(f)).Where(f => f is not ("MANIFEST.tsv" or "README.md")).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Reading_source_adds_no_suspect(string file)
    {
        IReadOnlyList<Goroscope.Stacks.Snapshot> snapshots;
        try
        {
            using var stream = File.OpenRead(Path.Combine(Paths.ExternalDumps, file));
            snapshots = DumpReader.Read(stream);
        }
        catch (DumpReadException)
        {
            return; // the corpus's damaged files; ExternalCorpusTests pins how they fail
        }
        foreach (var snapshot in snapshots)
        {
            var before = Analyzer.Analyze(snapshot).Buckets.Where(b => b.IsSuspect).Select(b => b.Id).ToHashSet();
            var after = Analyzer.Analyze(snapshot, sources: new SourceReader(SourceLocator.ForMachine([]))).Buckets.Where(b => b.IsSuspect).Select(b => b.Id);
            Assert.Subset(before, after.ToHashSet());
        }
    }
}
