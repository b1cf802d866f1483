using Goroscope.Analysis;
using Goroscope.Sources;
using Goroscope.Tests.Analysis;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Sources;

public class LeakMarkingTests
{
    [Fact]
    public void Leak_profile_counts_mark_the_dump_stack_by_stack()
    {
        // Both recorded by one leakzoo process: the dump before the leak profile ran, so it prints no `(leaked)`.
        var dump = Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.debug2.txt"));
        var leakProfile = Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.leak.debug1.txt"));
        Assert.DoesNotContain(dump.Goroutines, g => g.Leaked);

        var result = Analyzer.Analyze(DumpSource.MarkLeaked(dump, leakProfile));

        foreach (var row in Expected.Rows("leakzoo"))
        {
            var bucket = row.SingleBucket("go1.27", result);
            Assert.Equal(row.Column("leaked_go1.27") == "yes" ? row.Count : 0, bucket.Leaked);
        }
    }
}
