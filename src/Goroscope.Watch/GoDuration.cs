using System.Globalization;
using System.Text.RegularExpressions;

namespace Goroscope.Watch;

/// <summary>Durations written as Go writes them, plus days for retention: `500ms`, `15s`, `2m`, `1h30m`, `7d`.</summary>
public static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
            return false;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['d', 'h', 'm', 's']);
            var amount = double.Parse(part.Value[..unitAt], CultureInfo.InvariantCulture);
            value += part.Value[unitAt..] switch
            {
                "d" => TimeSpan.FromDays(amount),
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        }
        return true;
    }

    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds < 1000 ? $"{value.TotalMilliseconds:0}ms"
        : value.TotalSeconds < 120 ? $"{value.TotalSeconds:0.#}s"
        : value.TotalMinutes < 120 ? $"{value.TotalMinutes:0.#}m"
        : value.TotalHours < 48 ? $"{value.TotalHours:0.#}h"
        : $"{value.TotalDays:0.#}d";

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?(?:ms|d|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
