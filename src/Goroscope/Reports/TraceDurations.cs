using System.Globalization;

namespace Goroscope.Reports;

/// <summary>Nanosecond durations the way Go prints them, shortened to three significant digits: `1.23ms`, `850µs`, `2.5s`.</summary>
public static class TraceDurations
{
    public static string Format(long nanoseconds)
    {
        var (value, unit) = Math.Abs(nanoseconds) switch
        {
            < 1_000 => (nanoseconds, "ns"),
            < 1_000_000 => (nanoseconds / 1e3, "µs"),
            < 1_000_000_000 => (nanoseconds / 1e6, "ms"),
            < 60_000_000_000 => (nanoseconds / 1e9, "s"),
            _ => (nanoseconds / 6e10, "min"),
        };
        var digits = Math.Abs(value) switch { < 10 => "0.##", < 100 => "0.#", _ => "0" };
        return ((double)value).ToString(digits, CultureInfo.InvariantCulture) + unit;
    }
}
