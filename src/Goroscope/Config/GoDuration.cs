using System.Globalization;

namespace Goroscope.Config;

/// <summary>
/// Durations as Go's <c>time.ParseDuration</c> writes them — a sequence of decimal numbers each with a unit
/// (<c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), as in <c>500ms</c>, <c>1h30m</c>,
/// <c>1.5s</c> — plus <c>d</c> for days of 24 hours (<c>7d</c>), which retention windows want. No sign: nothing
/// Goroscope waits for is negative. <c>0</c> alone is zero, as in Go.
/// </summary>
public static class GoDuration
{
    public const string Examples = "500ms, 30s, 1h30m or 7d";

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0")
            return true;
        var ticks = 0.0;
        var at = 0;
        while (at < text.Length)
        {
            var start = at;
            while (at < text.Length && (char.IsAsciiDigit(text[at]) || text[at] == '.'))
                at++;
            if (at == start || !double.TryParse(text.AsSpan(start, at - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                return false;
            var unitStart = at;
            while (at < text.Length && !char.IsAsciiDigit(text[at]) && text[at] != '.')
                at++;
            var unit = UnitTicks(text[unitStart..at]);
            if (unit is null)
                return false;
            ticks += amount * unit.Value;
        }
        if (text.Length == 0 || ticks > TimeSpan.MaxValue.Ticks)
            return false;
        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>The value, or a one-line reason naming what was expected.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"{text}: not a duration (write it like {Examples})");

    /// <summary>Shortest form with one unit, for messages: <c>750ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>7d</c>.</summary>
    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds < 1000 ? $"{value.TotalMilliseconds:0}ms"
        : value.TotalSeconds < 120 ? $"{value.TotalSeconds:0.#}s"
        : value.TotalMinutes < 120 ? $"{value.TotalMinutes:0.#}m"
        : value.TotalHours < 48 ? $"{value.TotalHours:0.#}h"
        : $"{value.TotalDays:0.#}d";

    private static double? UnitTicks(string unit) => unit switch
    {
        "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
        "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        "d" => TimeSpan.TicksPerDay,
        _ => null,
    };
}
