using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>An operand of a print call, and the method of the package that formatting it calls (String or Error).</summary>
internal sealed record FormattedOperand(Expr Operand, CallTarget Method);

/// <summary>
/// The calls fmt and log make back into the package: printing an operand whose type has a String or Error method
/// calls it (for the verbs %v, %s, %q, %x, %X and the Print/Println forms), so a lock that method takes is taken
/// under the print call. A format string that is not a literal, or uses `*` or explicit argument indexes, is not
/// followed.
/// </summary>
internal static class Formatting
{
    public static IReadOnlyList<FormattedOperand> OperandsOf(CallGraph graph, CallExpr call)
    {
        if (graph.Info.Callee(call) is not { Package.Path: "fmt" or "log" } printer || !IsPrint(printer.Name) || call.EllipsisPos >= 0)
            return [];
        var operands = PrintedOperands(printer.Name, call.Args);
        var found = new List<FormattedOperand>();
        foreach (var operand in operands)
        {
            if (graph.Info.TypeOf(operand) is not { } type)
                continue;
            // fmt prefers Error to String.
            var method = Types.MethodSet(type).Where(m => m.Name is "Error" or "String" && m.Signature is { Params.Count: 0 }).OrderBy(m => m.Name != "Error").FirstOrDefault()
                is { Decl: { } decl } ? graph.TargetInPackage(decl) : null;
            if (method is not null)
                found.Add(new FormattedOperand(operand, method));
        }
        return found;
    }

    // Print, Printf, Println and their S, F and Append forms; Fatal and Panic; Errorf.
    private static bool IsPrint(string name) =>
        name is "Errorf" || System.Text.RegularExpressions.Regex.IsMatch(name, "^(S|F|Append)?(Print|Fatal|Panic)(f|ln)?$|^Append(f|ln)?$");

    // The operands formatted with a verb that calls String or Error (after the writer or buffer of the F and Append forms).
    private static IEnumerable<Expr> PrintedOperands(string name, IReadOnlyList<Expr> args)
    {
        var first = name.StartsWith('F') && name != "Fatal" && !name.StartsWith("Fatal", StringComparison.Ordinal) || name.StartsWith("Append", StringComparison.Ordinal) ? 1 : 0;
        if (!name.EndsWith('f'))
            return args.Skip(first);
        if (args.Count <= first || Syntax.Unparen(args[first]) is not BasicLit { Kind: Token.String } format || Verbs(format.Value) is not { } verbs)
            return [];
        return args.Skip(first + 1).Where((_, i) => i < verbs.Count && verbs[i] is 'v' or 's' or 'q' or 'x' or 'X');
    }

    private static List<char>? Verbs(string format)
    {
        var verbs = new List<char>();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
                continue;
            i++;
            while (i < format.Length && (format[i] is '+' or '-' or '#' or ' ' or '0' or '.' || char.IsAsciiDigit(format[i])))
                i++;
            if (i >= format.Length || format[i] is '*' or '[')
                return null;
            if (format[i] != '%')
                verbs.Add(format[i]);
        }
        return verbs;
    }
}
