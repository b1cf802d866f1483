using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using StructType = Goroscope.GoSyntax.StructType;
using ChanType = Goroscope.GoSyntax.ChanType;

namespace Goroscope.Lint.Rules;

/// <summary>One use of a channel field: the selector (`s.results`) and the file it is in.</summary>
internal readonly record struct FieldUse(LintFile File, SelectorExpr Selector);

/// <summary>
/// A channel kept in an unexported struct field of a type the package declares, and every use of the field in the
/// package, found through the resolved types: its sends, receives, ranges, closes and the channels made for it.
/// The field escapes when the package uses it any other way (passed on, copied to a variable or out of a struct,
/// assigned anything but make(chan T)): then its story is not all visible, and the rules say nothing about it.
/// </summary>
internal sealed class FieldChannel(Ident declaration)
{
    public Ident Declaration { get; } = declaration;

    public List<FieldUse> Sends { get; } = [];

    public List<FieldUse> Receives { get; } = [];

    public List<FieldUse> Ranges { get; } = [];

    public List<FieldUse> Closes { get; } = [];

    public List<(LintFile File, ChannelMake Make)> Makes { get; } = [];

    public bool Escapes { get; set; }

    /// <summary>Every channel the package puts in the field is unbuffered, and there is at least one.</summary>
    public bool IsUnbuffered => Makes.Count > 0 && Makes.All(m => m.Make.IsUnbuffered);

    /// <summary>
    /// Sends and receives only, the field never closed or ranged over, all of it visible: the shape in which a count of
    /// receives says how many sends can complete.
    /// </summary>
    public bool IsCountable => !Escapes && IsUnbuffered && Closes.Count == 0 && Ranges.Count == 0;
}

/// <summary>A `go` statement and the function of this package it runs (a literal, or a function or method the types name).</summary>
internal sealed record TypedSpawn(GoStmt Go, LintFile SpawnFile, Node Function, LintFile BodyFile)
{
    public BlockStmt? Body => Syntax.BodyOf(Function);

    /// <summary>Whether a use lies in the goroutine's own body (not in a function literal nested in it).</summary>
    public bool Contains(FieldUse use) =>
        ReferenceEquals(use.File, BodyFile) && Syntax.Within(use.Selector, Function) && ReferenceEquals(use.File.Index.EnclosingFunction(use.Selector), Function);
}

/// <summary>
/// The package's channel fields and the goroutines that reach them, computed once per package, and only when some
/// struct of the package has an unexported channel field (types are resolved for those packages alone).
/// </summary>
internal sealed class FieldChannels
{
    private readonly Dictionary<Ident, FieldChannel> byDeclaration;
    private readonly Dictionary<FuncDecl, int> references = new(ReferenceEqualityComparer.Instance);

    private FieldChannels(TypeInfo info, GoPackage package, Dictionary<Ident, FieldChannel> fields)
    {
        Info = info;
        byDeclaration = fields;
        var declarations = new Dictionary<FuncDecl, LintFile>(ReferenceEqualityComparer.Instance);
        foreach (var file in package.Files)
            foreach (var decl in file.Syntax.Decls.OfType<FuncDecl>())
                declarations[decl] = file;
        var spawns = new List<TypedSpawn>();
        foreach (var file in package.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                switch (node)
                {
                    case SelectorExpr sel when Of(sel) is { } field:
                        Classify(file, field, sel);
                        break;
                    case SelectorExpr sel when info.Selected(sel) is null && !IsPackageQualified(sel):
                        EscapeAllNamed(sel.Sel.Name); // an expression of unknown type may name one of the fields: nothing is sure about them
                        break;
                    case CompositeLit lit:
                        Composite(file, lit);
                        break;
                    case Ident id when !info.IsDefinition(id) && info.ObjectOf(id) is Func { Decl: { } decl }:
                        references[decl] = references.GetValueOrDefault(decl) + 1;
                        break;
                    case GoStmt go when Syntax.Unparen(go.Call.Fun) is FuncLit lit:
                        spawns.Add(new TypedSpawn(go, file, lit, file));
                        break;
                    case GoStmt go when info.Callee(go.Call) is { Decl: { Body: not null } decl } && declarations.TryGetValue(decl, out var bodyFile):
                        spawns.Add(new TypedSpawn(go, file, decl, bodyFile));
                        break;
                }
                return true;
            });
        }
        Spawns = spawns;
    }

    public TypeInfo Info { get; }

    /// <summary>Every `go` statement whose function is a literal or a function or method of this package.</summary>
    public IReadOnlyList<TypedSpawn> Spawns { get; }

    /// <summary>The channel field a selector names, or null when it names none of them (or its type is unknown).</summary>
    public FieldChannel? Of(SelectorExpr selector) =>
        Info.Selected(selector) is Var { IsField: true, Declaration: { } declaration } && byDeclaration.TryGetValue(declaration, out var field) ? field : null;

    /// <summary>Whether the goroutine's function runs only as this goroutine: a literal, or a function named nowhere else in the package.</summary>
    public bool RunsOnlyAs(TypedSpawn spawn) => spawn.Function is FuncLit || spawn.Function is FuncDecl decl && references.GetValueOrDefault(decl) == 1;

    /// <summary>The sends on channel fields in the goroutine's own body, outside select statements, with their field.</summary>
    public IEnumerable<(SendStmt Send, FieldChannel Field)> PlainSendsIn(TypedSpawn spawn) =>
        spawn.Body is not { } body
            ? []
            : Syntax.BodyNodes<SendStmt>(body)
                .Where(s => spawn.BodyFile.Index.Parent(s) is not CommClause)
                .Select(s => (Send: s, Field: Syntax.Unparen(s.Chan) is SelectorExpr sel ? Of(sel) : null))
                .Where(s => s.Field is not null)
                .Select(s => (s.Send, s.Field!));

    /// <summary>The package's channel fields with their uses; null when it has no unexported channel field or its types are not resolved.</summary>
    public static FieldChannels? For(GoPackage package)
    {
        var fields = new Dictionary<Ident, FieldChannel>(ReferenceEqualityComparer.Instance);
        foreach (var file in package.Files)
        {
            Walker.Inspect(file.Syntax, node =>
            {
                if (node is StructType structType)
                    foreach (var field in structType.Fields.List.Where(f => f.Type is not null && Syntax.Unparen(f.Type) is ChanType))
                        foreach (var name in field.Names.Where(n => !char.IsUpper(n.Name[0]) || package.Name == "main"))
                            fields[name] = new FieldChannel(name);
                return true;
            });
        }
        return fields.Count == 0 || package.Types is not { } info ? null : new FieldChannels(info, package, fields);
    }

    private bool IsPackageQualified(SelectorExpr selector) => Syntax.Unparen(selector.X) is Ident x && Info.ObjectOf(x) is PackageName;

    private void EscapeAllNamed(string name)
    {
        foreach (var field in byDeclaration.Values.Where(f => f.Declaration.Name == name))
            field.Escapes = true;
    }

    private static void Classify(LintFile file, FieldChannel field, SelectorExpr use)
    {
        Node? parent = file.Index.Parent(use);
        while (parent is ParenExpr paren)
            parent = file.Index.Parent(paren);
        var at = new FieldUse(file, use);
        switch (parent)
        {
            case SendStmt send when ReferenceEquals(Syntax.Unparen(send.Chan), use):
                field.Sends.Add(at);
                break;
            case UnaryExpr { Op: Token.Arrow }:
                field.Receives.Add(at);
                break;
            case RangeStmt range when ReferenceEquals(Syntax.Unparen(range.X), use):
                field.Ranges.Add(at);
                break;
            case CallExpr call when Syntax.IsBuiltinCall(file, call, "close"):
                field.Closes.Add(at);
                break;
            case CallExpr call when Syntax.IsBuiltinCall(file, call, "len") || Syntax.IsBuiltinCall(file, call, "cap"):
                break;
            case BinaryExpr:
                break; // compared with nil
            case AssignStmt assign when assign.Lhs.Count == assign.Rhs.Count && assign.Lhs.Any(l => ReferenceEquals(l, use)):
                var value = assign.Rhs[assign.Lhs.ToList().FindIndex(l => ReferenceEquals(l, use))];
                if (Syntax.AsChannelMake(file, value) is { } made)
                    field.Makes.Add((file, made));
                else
                    field.Escapes = true; // a channel from elsewhere, or nil
                break;
            default:
                field.Escapes = true; // passed on, copied, stored, returned, taken the address of
                break;
        }
    }

    // T{results: make(chan R)} makes the channel; a positional T{...} or any other value puts one we cannot see.
    private void Composite(LintFile file, CompositeLit lit)
    {
        if (lit.Elts.Count == 0)
            return;
        if (lit.Elts.All(e => e is KeyValueExpr))
        {
            foreach (var pair in lit.Elts.Cast<KeyValueExpr>())
            {
                if (pair.Key is not Ident key)
                    continue;
                if (Info.ObjectOf(key) is null)
                    EscapeAllNamed(key.Name); // a literal of unknown type
                else if (Info.ObjectOf(key) is Var { IsField: true, Declaration: { } declaration } && byDeclaration.TryGetValue(declaration, out var field))
                {
                    if (Syntax.AsChannelMake(file, pair.Value) is { } made)
                        field.Makes.Add((file, made));
                    else
                        field.Escapes = true;
                }
            }
            return;
        }
        if (Info.TypeOf(lit) is { } type && Types.Deref(type).Underlying is Goroscope.GoTypes.StructType structType)
            foreach (var f in structType.Fields)
                if (f.Declaration is { } declaration && byDeclaration.TryGetValue(declaration, out var field))
                    field.Escapes = true;
    }
}
