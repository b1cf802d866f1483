using System.Text.RegularExpressions;
using Goroscope.Traces;

namespace Goroscope.Tests.Traces;

/// <summary>
/// Broken Go 1.11–1.21 traces (cut short, bytes changed) are refused with a one-line
/// <see cref="TraceFormatException"/> that says at which byte, never another exception, never a hang.
/// </summary>
public partial class CorruptV1TraceTests
{
    private static readonly string Fixture = Path.Combine(Paths.TestData, "traces", "go1.19", "traceleak.trace");

    // Where the fixture's footer starts (its EvFrequency event); before it a cut trace has lost at least that.
    private const int FooterOffset = 2989;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_trace_cut_anywhere_before_its_footer_is_refused_at_a_byte()
    {
        var bytes = File.ReadAllBytes(Fixture);
        var random = new Random(19);
        var cuts = new[] { TraceHeader.Size, TraceHeader.Size + 1, FooterOffset }
            .Concat(Enumerable.Range(0, 40).Select(_ => random.Next(TraceHeader.Size, FooterOffset)));
        foreach (var cut in cuts)
        {
            var error = ReadAll(bytes[..cut]);
            Assert.True(error is not null, $"a trace cut at byte {cut} was read without an error");
            AssertOneLineAtAByte(error);
        }
    }

    [Fact]
    public void A_trace_cut_inside_an_event_is_refused_at_a_byte()
    {
        var bytes = File.ReadAllBytes(Fixture);
        // The fixture's first event after the header is a batch header of four bytes or more.
        var error = ReadAll(bytes[..(TraceHeader.Size + 2)]);
        Assert.NotNull(error);
        Assert.Contains("truncated", error.Message);
        AssertOneLineAtAByte(error);
    }

    [Fact]
    public void Changed_bytes_are_read_or_refused_at_a_byte_never_crash_or_hang()
    {
        var original = File.ReadAllBytes(Fixture);
        var random = new Random(1119);
        var refused = 0;
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var changes = random.Next(1, 4); changes > 0; changes--)
            {
                var at = random.Next(TraceHeader.Size, bytes.Length);
                bytes[at] = random.Next(2) == 0 ? (byte)(bytes[at] ^ (1 << random.Next(8))) : (byte)random.Next(256);
            }
            if (ReadAll(bytes) is { } error)
            {
                AssertOneLineAtAByte(error);
                refused++;
            }
        }
        // Most changes break something the reader checks; if none did, the mutations would test nothing.
        Assert.True(refused > 200, $"only {refused} of 400 changed traces were refused");
    }

    /// <summary>Reads the whole trace on another thread; the <see cref="TraceFormatException"/> it refused it with, or null.</summary>
    private static TraceFormatException? ReadAll(byte[] bytes)
    {
        var read = Task.Run(() =>
        {
            var reader = TraceReader.Open(new MemoryStream(bytes));
            while (reader.TryRead(out _))
            {
            }
        });
        try
        {
            Assert.True(read.Wait(Patience), $"reading a {bytes.Length}-byte trace took more than {Patience.TotalSeconds} s");
            return null;
        }
        catch (AggregateException e) when (e.InnerException is TraceFormatException format)
        {
            return format;
        }
    }

    private static void AssertOneLineAtAByte(TraceFormatException error)
    {
        Assert.DoesNotContain('\n', error.Message);
        Assert.Matches(AtByte(), error.Message);
        Assert.InRange(error.Offset, 0, long.MaxValue);
    }

    [GeneratedRegex(@"\(at byte \d+\)$")]
    private static partial Regex AtByte();
}
