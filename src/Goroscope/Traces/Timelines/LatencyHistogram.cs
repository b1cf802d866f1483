namespace Goroscope.Traces.Timelines;

/// <summary>
/// Durations in a log-linear histogram (32 sub-buckets per power of two, so percentiles are within 1.6%), in
/// fixed memory however many durations a busy trace has; count, sum and maximum are exact.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private readonly long[] _counts = new long[64 * SubBuckets];

    public long Count { get; private set; }
    public long Sum { get; private set; }
    public long Max { get; private set; }

    public void Add(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        _counts[Index(value)]++;
        Count++;
        Sum += value;
        Max = Math.Max(Max, value);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
            _counts[i] += other._counts[i];
        Count += other.Count;
        Sum += other.Sum;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The duration below which <paramref name="percent"/>% of the durations fall; 0 when there are none.</summary>
    public long Percentile(double percent)
    {
        if (Count == 0)
            return 0;
        var rank = (long)Math.Ceiling(percent / 100 * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
                return Math.Min(Max, Midpoint(i));
        }
        return Max;
    }

    private static int Index(long value)
    {
        if (value < SubBuckets)
            return (int)value;
        var exponent = 63 - (int)long.LeadingZeroCount(value) - SubBucketBits + 1;
        var mantissa = (int)(value >> exponent) & (SubBuckets - 1);
        return exponent * SubBuckets + mantissa;
    }

    private static long Midpoint(int index)
    {
        var exponent = index / SubBuckets;
        var mantissa = (long)(index % SubBuckets);
        return (mantissa << exponent) + (1L << exponent) / 2;
    }
}
