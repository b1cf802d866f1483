using System.Globalization;
using System.Text.RegularExpressions;

namespace Goroscope.Cli;

/// <summary>Durations written as Go writes them: `500ms`, `30s`, `2m`, `1h30m`.</summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = GoDuration().Match(text);
        if (!match.Success || text.Length == 0)
            throw new UsageException($"{option} {text}: not a duration (write it like 500ms, 30s, 2m or 1h30m)");
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['h', 'm', 's']);
            var amount = double.Parse(part.Value[..unitAt], CultureInfo.InvariantCulture);
            total += part.Value[unitAt..] switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        }
        return total;
    }

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?(?:ms|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();
}
