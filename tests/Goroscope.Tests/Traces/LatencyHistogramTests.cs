using Goroscope.Traces.Timelines;

namespace Goroscope.Tests.Traces;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_two_percent_of_the_exact_ones()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(_ => (long)Math.Exp(random.NextDouble() * 20)).ToList();
        var h = new LatencyHistogram();
        values.ForEach(h.Add);
        values.Sort();
        foreach (var p in (double[])[50, 90, 99])
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Count) - 1];
            Assert.InRange(h.Percentile(p), exact * 0.98 - 1, exact * 1.02 + 1);
        }
        Assert.Equal(values[^1], h.Max);
        Assert.Equal(values.Count, h.Count);
    }

    [Fact]
    public void Small_values_are_exact()
    {
        var h = new LatencyHistogram();
        foreach (var v in (long[])[3, 7, 11, 42])
            h.Add(v);
        Assert.Equal(7, h.Percentile(50));
        Assert.Equal(42, h.Percentile(100));
    }

    [Fact]
    public void Empty_histogram_has_zero_percentiles()
    {
        Assert.Equal(0, new LatencyHistogram().Percentile(99));
    }
}
