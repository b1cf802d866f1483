using System.Globalization;

namespace Goroscope.Stacks;

/// <summary>
/// Reads the words a traceback prints between a frame's parentheses: `0xc000012345, 0x1`, `{0x5f2f00, 0xc0001}`
/// for a struct or interface, `0x0?` for a register argument whose value may be stale (Go 1.18+), `...` where the
/// runtime stopped printing. Only words without `?` are certain; for a method with a pointer receiver the first
/// word is the receiver's address.
/// </summary>
public static class ArgumentWords
{
    /// <summary>The certain words, in order.</summary>
    public static IEnumerable<ulong> Certain(string arguments)
    {
        var at = 0;
        while (at < arguments.Length)
        {
            var start = arguments.IndexOf("0x", at, StringComparison.Ordinal);
            if (start < 0)
                yield break;
            var end = start + 2;
            while (end < arguments.Length && char.IsAsciiHexDigit(arguments[end]))
                end++;
            var uncertain = end < arguments.Length && arguments[end] == '?';
            if (!uncertain && end > start + 2
                && ulong.TryParse(arguments.AsSpan(start + 2, end - start - 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var word))
                yield return word;
            at = end;
        }
    }

    /// <summary>The first word when it is certain and could be a pointer (not a small integer): a pointer receiver or first argument.</summary>
    public static ulong? FirstPointer(string arguments)
    {
        var first = arguments.AsSpan().TrimStart('{');
        if (!first.StartsWith("0x", StringComparison.Ordinal))
            return null;
        var end = 2;
        while (end < first.Length && char.IsAsciiHexDigit(first[end]))
            end++;
        if (end < first.Length && first[end] == '?')
            return null;
        return ulong.TryParse(first[2..end], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var word) && LooksLikePointer(word) ? word : null;
    }

    /// <summary>Heap and data addresses are far above the small integers arguments also hold.</summary>
    public static bool LooksLikePointer(ulong word) => word >= 0x10000;
}
