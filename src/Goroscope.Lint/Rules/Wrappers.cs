using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using ChanType = Goroscope.GoTypes.ChanType;

namespace Goroscope.Lint.Rules;

/// <summary>
/// The package's small functions that wrap a call whose result a rule follows (`func (b *backoff) wait() &lt;-chan time.Time
/// { return time.After(b.next()) }`), and which function a call reaches. Wrappers are found by syntax first, so that a
/// package without any asks for no types; a call is matched to one through the resolved types, or by name when they
/// cannot say.
/// </summary>
internal sealed class Wrappers
{
    private readonly Dictionary<FuncDecl, LintFile> functions;

    private Wrappers(Dictionary<FuncDecl, LintFile> functions) => this.functions = functions;

    public bool IsEmpty => functions.Count == 0;

    public LintFile FileOf(FuncDecl wrapper) => functions[wrapper];

    /// <summary>
    /// The package's functions with one result whose every return statement returns nil or a value <paramref name="made"/>
    /// accepts, and at least one such value: the function hands its caller what the wrapped call made.
    /// </summary>
    public static Wrappers Returning(Pass pass, Func<LintFile, Expr, bool> made)
    {
        var found = new Dictionary<FuncDecl, LintFile>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
        {
            foreach (var decl in file.Syntax.Decls.OfType<FuncDecl>())
            {
                if (decl.Body is null || decl.Type.Results is not { List: [{ Names.Count: <= 1 }] })
                    continue;
                var returns = Syntax.BodyNodes<ReturnStmt>(decl.Body);
                if (returns.Count > 0 && returns.All(r => r.Results is [var v] && (Syntax.Unparen(v) is Ident { Name: "nil" } || made(file, v)))
                    && returns.Any(r => made(file, r.Results[0])))
                {
                    found[decl] = file;
                }
            }
        }
        return new Wrappers(found);
    }

    /// <summary>The wrappers <paramref name="accept"/> keeps, looked at with the file each is in.</summary>
    public static Wrappers Where(Pass pass, Func<FuncDecl, LintFile, bool> accept)
    {
        var found = new Dictionary<FuncDecl, LintFile>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            foreach (var decl in file.Syntax.Decls.OfType<FuncDecl>())
                if (decl.Body is not null && accept(decl, file))
                    found[decl] = file;
        return new Wrappers(found);
    }

    /// <summary>
    /// The wrapper a call reaches: through the types when they name the callee (whose first result must then satisfy
    /// <paramref name="result"/>), else by name; null when it reaches none.
    /// </summary>
    public FuncDecl? Called(Pass pass, LintFile file, CallExpr call, Func<GoType, bool> result)
    {
        if (IsEmpty || Syntax.Unparen(call.Fun) is not (Ident or SelectorExpr) || !functions.Keys.Any(f => f.Name.Name == NameOf(call.Fun)))
            return null;
        if (pass.Types?.Callee(call) is { } callee)
            return callee.Decl is { } decl && functions.ContainsKey(decl) && callee.Signature?.Results is { Count: > 0 } results && result(results[0]) ? decl : null;
        return pass.Facts.Resolve(file, call.Fun) is ({ } function, _) && function is FuncDecl byName && functions.ContainsKey(byName) ? byName : null;
    }

    /// <summary>`&lt;-chan time.Time`, the type of time.After and Timer.C.</summary>
    public static bool IsTimeChannel(GoType type) => Types.Unalias(type).Underlying is ChanType { Direction: ChanDirection.RecvOnly } c && Types.IsNamed(c.Elem, "time", "Time");

    private static string NameOf(Expr fun) => Syntax.Unparen(fun) switch
    {
        Ident id => id.Name,
        SelectorExpr sel => sel.Sel.Name,
        _ => "",
    };
}
