using System.Globalization;
using Goroscope.GoSyntax;

namespace Goroscope.Lint;

/// <summary>The value of a constant time.Duration expression, for the timer rules: a timer that fires within a millisecond cannot pile up.</summary>
internal static class Durations
{
    private static readonly (string Name, double Nanoseconds)[] Units =
        [("Nanosecond", 1), ("Microsecond", 1e3), ("Millisecond", 1e6), ("Second", 1e9), ("Minute", 60e9), ("Hour", 3600e9)];

    /// <summary>Whether the expression is a constant duration shorter than a millisecond (`1 * time.Microsecond`, `500`, a const of such).</summary>
    public static bool IsUnderAMillisecond(LintFile file, Expr duration) => Nanoseconds(file, duration, depth: 0) is { } ns && ns < 1e6;

    /// <summary>
    /// The nanoseconds of a constant expression built from number literals, the time unit constants, local or
    /// package-level consts of the file, `time.Duration(...)` conversions and + - * /; null for anything else.
    /// </summary>
    public static double? Nanoseconds(LintFile file, Expr expr, int depth)
    {
        if (depth > 8)
            return null;
        switch (Syntax.Unparen(expr))
        {
            case BasicLit { Kind: Token.Int or Token.Float } lit:
                return double.TryParse(lit.Value.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
            case SelectorExpr sel when Syntax.IsQualified(file, sel, "time", "Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour"):
                return Units.First(u => u.Name == sel.Sel.Name).Nanoseconds;
            case CallExpr { Args: [var arg] } call when Syntax.IsQualified(file, call.Fun, "time", "Duration"):
                return Nanoseconds(file, arg, depth + 1);
            case BinaryExpr { Op: Token.Mul or Token.Quo or Token.Add or Token.Sub } bin
                when Nanoseconds(file, bin.X, depth + 1) is { } x && Nanoseconds(file, bin.Y, depth + 1) is { } y:
                return bin.Op switch
                {
                    Token.Mul => x * y,
                    Token.Quo => y == 0 ? null : x / y,
                    Token.Add => x + y,
                    _ => x - y,
                };
            case Ident id when file.Index.Declaration(id) is { } decl && IsConst(file, decl) && Syntax.InitialValue(file, decl) is { } value:
                return Nanoseconds(file, value, depth + 1);
            default:
                return null;
        }
    }

    private static bool IsConst(LintFile file, Ident declaration) =>
        file.Index.Parent(declaration) is ValueSpec && file.Index.Ancestors(declaration).OfType<GenDecl>().FirstOrDefault() is { Tok: Token.Const };
}
