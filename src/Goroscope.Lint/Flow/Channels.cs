using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using ChanType = Goroscope.GoTypes.ChanType;
using StructType = Goroscope.GoTypes.StructType;

namespace Goroscope.Lint.Flow;

internal enum ChannelOpKind
{
    Send,
    Receive,
    /// <summary>`for range ch`: receives until the channel is closed.</summary>
    Range,
    Close,
}

/// <summary>
/// A channel's buffer as the package's `make` calls show it: unbuffered, buffered (<see cref="Size"/> null when the
/// capacity is not a constant), or unknown when no `make` of it is visible.
/// </summary>
internal sealed record ChannelCapacity(ChannelCapacity.Kinds Kind, long? Size = null)
{
    public enum Kinds
    {
        Unbuffered,
        Buffered,
        Unknown,
    }

    public static readonly ChannelCapacity Unbuffered = new(Kinds.Unbuffered);
    public static readonly ChannelCapacity Unknown = new(Kinds.Unknown);

    public override string ToString() => Kind switch
    {
        Kinds.Unbuffered => "unbuffered",
        Kinds.Buffered => Size is { } n ? $"buffered {n}" : "buffered",
        _ => "capacity unknown",
    };
}

/// <summary>
/// One operation on a channel. <see cref="Node"/> is the SendStmt, the receive's UnaryExpr, the RangeStmt or the
/// close call; <see cref="Function"/> the innermost FuncDecl or FuncLit running it, <see cref="Declaration"/> the
/// FuncDecl around it (whose receiver and parameters name locks); <see cref="Select"/> the select it is a case of.
/// </summary>
internal sealed record ChannelOp(ChannelOpKind Kind, Node Node, Expr Operand, LintFile File, FuncDecl? Declaration, Node Function, SelectStmt? Select)
{
    public bool SelectHasDefault => Select?.Body.List.Any(c => c is CommClause { Comm: null }) == true;

    /// <summary>Whether the goroutine can wait here: a send or receive not in a select with a default (a close never waits).</summary>
    public bool MayBlock => Kind != ChannelOpKind.Close && !SelectHasDefault;

    public BlockStmt Body => Syntax.BodyOf(Function)!;

    public bool IsReceiving => Kind is ChannelOpKind.Receive or ChannelOpKind.Range;
}

/// <summary>
/// Why a channel's other side may be outside the package, and where that happens. <see cref="ReceiveOnly"/>: outside code
/// gets it only as a `&lt;-chan` (returned as one), so it can receive from it but neither send on it nor close it.
/// </summary>
internal sealed record ChannelEscape(string Reason, LintFile? File, Node? At, bool ReceiveOnly = false);

/// <summary>
/// One channel of the package: a variable, or a struct field (every value of the struct type shares it: the index
/// cannot tell instances apart), merged with every variable, field and parameter it is assigned or passed to
/// inside the package.
/// </summary>
internal sealed class Channel
{
    internal Channel(IReadOnlyList<Var> names) => Names = names;

    /// <summary>The variables, fields and parameters that hold this channel.</summary>
    public IReadOnlyList<Var> Names { get; }

    /// <summary>The element type and direction of the first name.</summary>
    public ChanType? Type => Names.Select(n => Types.CoreType(n.Type)).OfType<ChanType>().FirstOrDefault();

    public List<ChannelOp> Ops { get; } = [];

    /// <summary>The `make` calls that create it.</summary>
    public List<(LintFile File, CallExpr Make)> Makes { get; } = [];

    public ChannelCapacity Capacity { get; internal set; } = ChannelCapacity.Unknown;

    /// <summary>The first reason its other side may exist outside the package; null when everything it does is in the package.</summary>
    public ChannelEscape? Escape { get; internal set; }

    /// <summary>The first reason code outside the package may send on it or close it; null when only the package can.</summary>
    public ChannelEscape? SenderEscape { get; internal set; }

    public IEnumerable<ChannelOp> OpsOf(ChannelOpKind kind) => Ops.Where(o => o.Kind == kind);
}

/// <summary>
/// Every channel a package names and everything it does with each: sends, receives, ranges and closes (in selects or
/// not), the `make` that creates it, and whether it escapes. A channel passed to a function of the package is the
/// callee's parameter too, so what a callee does with it counts (a helper that sends on its argument sends on the
/// caller's channel), and a method that sends on `s.results` sends on the field wherever it is called from.
/// A channel escapes — its other side may exist elsewhere — when it is returned, sent on a channel, stored where the
/// index cannot follow (a map, a slice, an interface, through a pointer), passed to a function of another package or a
/// function value, kept in an exported field or variable of a library package, or comes from outside (a call's result,
/// a parameter of a function callers outside can call); one returned as a `<-chan` lets outside code receive only. A
/// getter (a method of the package whose body is only `return s.ch`) is the field itself: a call of it names the
/// channel wherever it is made, and its return is no escape when only the package can call it. A channel that shares its name with an expression whose type is
/// unknown (a missing import, a file for another platform) counts as escaped too: the index cannot tell it is another.
/// </summary>
internal sealed class ChannelIndex
{
    private readonly TypeInfo info;
    private readonly bool isLibrary;
    private readonly Dictionary<object, object> parent = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, Var> vars = new(ReferenceEqualityComparer.Instance);
    private readonly List<(object Key, ChannelOp Op)> ops = [];
    private readonly List<(object Key, LintFile File, CallExpr Make)> makes = [];
    private readonly List<(object Key, ChannelEscape Escape)> escapes = [];
    private readonly HashSet<FuncDecl> usedAsValue = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> interfaceMethods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LintFile File, Expr At)> unresolved = new(StringComparer.Ordinal);
    private readonly Dictionary<object, Channel> channels = new(ReferenceEqualityComparer.Instance);

    private ChannelIndex(TypeInfo info, bool isLibrary)
    {
        this.info = info;
        this.isLibrary = isLibrary;
    }

    /// <summary>The package's resolved types the index was built on.</summary>
    public TypeInfo Info => info;

    /// <summary>Every channel with at least one name, in no particular order.</summary>
    public IEnumerable<Channel> Channels => channels.Values.Distinct();

    /// <summary>The channel an expression names (a variable or a field), or null.</summary>
    public Channel? Of(Expr expr) => KeyOf(expr) is { } key && channels.TryGetValue(Find(key), out var channel) ? channel : null;

    public static ChannelIndex Build(TypeInfo info, IReadOnlyList<LintFile> files, bool isLibrary)
    {
        var index = new ChannelIndex(info, isLibrary);
        foreach (var file in files)
            index.FindFunctionValues(file);
        foreach (var file in files)
            index.Collect(file);
        index.Group();
        return index;
    }

    private void Group()
    {
        foreach (var key in vars.Keys)
        {
            var root = Find(key);
            if (!channels.TryGetValue(root, out var channel))
                channels[root] = channel = new Channel(vars.Keys.Where(k => ReferenceEquals(Find(k), root)).Select(k => vars[k]).ToList());
        }
        foreach (var (key, op) in ops)
            channels[Find(key)].Ops.Add(op);
        foreach (var (key, file, make) in makes)
            channels[Find(key)].Makes.Add((file, make));
        foreach (var (key, escape) in escapes)
        {
            channels[Find(key)].Escape ??= escape;
            if (!escape.ReceiveOnly)
                channels[Find(key)].SenderEscape ??= escape;
        }
        foreach (var (key, variable) in vars)
            if (unresolved.TryGetValue(variable.Name, out var place))
            {
                var escape = new ChannelEscape($"`{place.File.SourceOf(place.At)}`, whose type is unknown, may be this channel", place.File, place.At);
                channels[Find(key)].Escape ??= escape;
                channels[Find(key)].SenderEscape ??= escape;
            }
        foreach (var channel in channels.Values.Distinct())
            channel.Capacity = CapacityOf(channel.Makes.Select(m => m.Make));
    }

    private ChannelCapacity CapacityOf(IEnumerable<CallExpr> made)
    {
        var capacities = made.Select(m => m.Args.Count < 2 ? 0 : ConstantOf(m.Args[1])).Distinct().ToList();
        return capacities switch
        {
            [] => ChannelCapacity.Unknown,
            [0L] => ChannelCapacity.Unbuffered,
            _ when capacities.Contains(0L) => ChannelCapacity.Unknown, // made both ways
            [var only] => new ChannelCapacity(ChannelCapacity.Kinds.Buffered, only),
            _ => new ChannelCapacity(ChannelCapacity.Kinds.Buffered, capacities.Any(c => c is null) ? null : capacities.Min()),
        };
    }

    private long? ConstantOf(Expr expr) => Syntax.Unparen(expr) switch
    {
        BasicLit { Kind: Token.Int } literal when long.TryParse(literal.Value.Replace("_", "", StringComparison.Ordinal), out var n) => n,
        Ident id when info.ObjectOf(id) is Const { IntValue: { } n } => n,
        SelectorExpr selector when info.ObjectOf(selector.Sel) is Const { IntValue: { } n } => n,
        _ => null,
    };

    // Functions of the package used other than by calling them (a callback, a method value): their parameters
    // are filled by callers the index does not see. And the method names the package's interfaces declare: a call
    // through an interface names no declaration.
    private void FindFunctionValues(LintFile file)
    {
        Walker.Inspect(file.Syntax, node =>
        {
            if (node is Ident id && info.ObjectOf(id) is Func { Decl: { } decl } && !info.IsDefinition(id) && !IsCalled(file, id))
                usedAsValue.Add(decl);
            else if (node is GoSyntax.InterfaceType iface)
                interfaceMethods.UnionWith(iface.Methods.List.SelectMany(f => f.Names).Select(n => n.Name));
            return true;
        });
    }

    /// <summary>
    /// The channel a getter call returns: a call, without arguments, of a function or method of the package whose body
    /// is only `return` of a field of its receiver (`s.done`, `s.inner.done`) or of a package-level variable.
    /// </summary>
    public Expr? GetterResultOf(CallExpr call) =>
        call.Args.Count == 0 && info.Callee(call) is { Decl: { } decl } callee && ReferenceEquals(callee.Package, info.Package) ? GetterResultOf(decl) : null;

    private Expr? GetterResultOf(FuncDecl decl)
    {
        var receiver = decl.Recv?.List.SelectMany(f => f.Names).FirstOrDefault();
        var result = decl.Body?.List switch
        {
            [ReturnStmt { Results: [var only] }] => only,
            [IfStmt guard, ReturnStmt { Results: [var last] }] when IsNilReceiverGuard(guard, receiver) => last,
            _ => null,
        };
        if (decl.Type.Params.List.Count != 0 || result is null)
            return null;
        var value = Unconverted(result);
        var root = value;
        while (root is SelectorExpr { X: var x })
            root = Syntax.Unparen(x);
        var isGetter = root switch
        {
            Ident owner when !ReferenceEquals(owner, value) => receiver is not null && info.ObjectOf(receiver) is { } self && ReferenceEquals(info.ObjectOf(owner), self),
            Ident global => info.ObjectOf(global) is Var { IsPackageLevel: true },
            _ => false,
        };
        return isGetter && Types.CoreType(info.TypeOf(value) ?? UnknownType.Instance) is ChanType ? value : null;
    }

    // `if s == nil { return nil }` before a nil-safe getter's `return s.ch`: the nil it returns then is a channel nobody
    // can use either way (a receive from it blocks as one from a channel nothing closes), so the call is still the field.
    private bool IsNilReceiverGuard(IfStmt guard, Ident? receiver) =>
        receiver is not null && guard is { Init: null, Else: null, Body.List: [ReturnStmt { Results: [Ident { Name: "nil" }] }] }
        && Syntax.Unparen(guard.Cond) is BinaryExpr { Op: Token.Eql, X: var x, Y: var y }
        && Syntax.Unparen(x) is Ident checkedName && Syntax.Unparen(y) is Ident { Name: "nil" }
        && info.ObjectOf(receiver) is { } self && ReferenceEquals(info.ObjectOf(checkedName), self);

    // A getter whose every call is one the index sees: unexported, only ever called, no interface method of its name.
    private bool IsPrivateGetter(FuncDecl decl) =>
        !decl.Name.IsExported && !usedAsValue.Contains(decl) && !interfaceMethods.Contains(decl.Name.Name) && GetterResultOf(decl) is not null;

    private static bool IsCalled(LintFile file, Ident id)
    {
        Node fun = file.Index.Parent(id) is SelectorExpr selector && ReferenceEquals(selector.Sel, id) ? selector : id;
        var up = file.Index.Parent(fun);
        while (up is ParenExpr)
        {
            fun = up;
            up = file.Index.Parent(up);
        }
        return up is CallExpr call && ReferenceEquals(call.Fun, fun);
    }

    private void Collect(LintFile file)
    {
        Walker.Inspect(file.Syntax, node =>
        {
            switch (node)
            {
                case FuncDecl decl:
                    Parameters(file, decl.Type, decl.Body is not null && !decl.Name.IsExported && !usedAsValue.Contains(decl) ? null : decl.Name);
                    foreach (var receiver in decl.Recv?.List.SelectMany(f => f.Names) ?? [])
                        if (KeyOf(receiver) is { } key)
                            Escaped(key, "is the receiver of a method on a channel type", file, receiver);
                    break;
                case FuncLit literal:
                    Parameters(file, literal.Type, IsCalledDirectly(file, literal) ? null : literal);
                    break;
                case SendStmt send:
                    Op(file, ChannelOpKind.Send, send, send.Chan);
                    break;
                case UnaryExpr { Op: Token.Arrow } receive:
                    Op(file, ChannelOpKind.Receive, receive, receive.X);
                    break;
                case RangeStmt range:
                    Op(file, ChannelOpKind.Range, range, range.X);
                    foreach (var target in new[] { range.Key, range.Value })
                        if (target is not null && KeyOf(target) is { } key)
                            Escaped(key, "holds values ranged over", file, target);
                    break;
                case CallExpr call:
                    Call(file, call);
                    if (KeyOf(call) is { } got)
                        Use(file, call, got);
                    break;
                case AssignStmt assign:
                    if (assign.Lhs.Count == assign.Rhs.Count)
                        for (var i = 0; i < assign.Lhs.Count; i++)
                            Flow(file, assign.Lhs[i], assign.Rhs[i]);
                    else
                        foreach (var target in assign.Lhs)
                            if (KeyOf(target) is { } key)
                                Escaped(key, "is assigned a result of a call", file, target);
                    break;
                case ValueSpec spec:
                    for (var i = 0; i < spec.Names.Count; i++)
                    {
                        if (spec.Values.Count == spec.Names.Count)
                            Flow(file, spec.Names[i], spec.Values[i]);
                        else if (spec.Values.Count > 0 && KeyOf(spec.Names[i]) is { } key)
                            Escaped(key, "is assigned a result of a call", file, spec.Names[i]);
                    }
                    break;
                case CompositeLit literal:
                    CompositeElements(file, literal);
                    break;
                case Ident id when info.IsDefinition(id):
                    KeyOf(id); // declared: a channel even if nothing is done with it
                    break;
                case Ident or SelectorExpr when node is Expr expr && KeyOf(expr) is { } used:
                    Use(file, expr, used);
                    break;
                case SelectorExpr or Ident when info.TypeOf((Expr)node) is null && !(node is Ident named && info.ObjectOf(named) is not null):
                    // (An identifier that names a package, a type or a label is known, not a channel of unknown type.)
                    // Unknown here (a missing import, code for another platform): any channel of this name may be it.
                    unresolved.TryAdd(node is SelectorExpr selector ? selector.Sel.Name : ((Ident)node).Name, (file, (Expr)node));
                    break;
            }
            return true;
        });
    }

    // Parameters of a function whose every caller is a call in the package are what those calls pass (see Call); the
    // others come from outside. Named results are returned.
    private void Parameters(LintFile file, FuncType type, Node? fedFromOutside)
    {
        foreach (var field in type.Params.List)
            foreach (var name in field.Names)
                if (KeyOf(name) is { } key && fedFromOutside is not null)
                    Escaped(key, "is a parameter callers outside the package can pass", file, name);
        foreach (var field in type.Results?.List ?? [])
            foreach (var name in field.Names)
                if (KeyOf(name) is { } key)
                    Escaped(key, "is a named result", file, name);
    }

    private static bool IsCalledDirectly(LintFile file, FuncLit literal)
    {
        Node node = literal;
        var up = file.Index.Parent(node);
        while (up is ParenExpr)
        {
            node = up;
            up = file.Index.Parent(up);
        }
        return up is CallExpr call && ReferenceEquals(call.Fun, node);
    }

    private void Op(LintFile file, ChannelOpKind kind, Node node, Expr operand)
    {
        if (KeyOf(operand) is not { } key || file.Index.EnclosingFunction(node) is not { } function)
            return;
        var declaration = function as FuncDecl ?? file.Index.Ancestors(node).OfType<FuncDecl>().FirstOrDefault();
        ops.Add((key, new ChannelOp(kind, node, operand, file, declaration, function, SelectOf(file, node))));
    }

    private static SelectStmt? SelectOf(LintFile file, Node op)
    {
        var stmt = op is SendStmt ? op : file.Index.Parent(op);
        while (stmt is ParenExpr)
            stmt = file.Index.Parent(stmt);
        if (stmt is not (SendStmt or ExprStmt or AssignStmt) || file.Index.Parent(stmt) is not CommClause clause || !ReferenceEquals(clause.Comm, stmt))
            return null;
        return file.Index.Parent(clause) is BlockStmt block ? file.Index.Parent(block) as SelectStmt : null;
    }

    private void Call(LintFile file, CallExpr call)
    {
        var fun = Syntax.Unparen(call.Fun);
        if (fun is Ident { Name: "close" or "len" or "cap" } builtin && info.ObjectOf(builtin) is Builtin)
        {
            if (builtin.Name == "close" && call.Args.Count == 1)
                Op(file, ChannelOpKind.Close, call, call.Args[0]);
            return;
        }
        if (info.IsType(fun))
            return; // a conversion: Use follows the value through it
        var parameters = fun is FuncLit literal ? literal.Type.Params
            : info.Callee(call) is { Decl: { Body: not null } decl } callee && ReferenceEquals(callee.Package, info.Package) && !IsMethodExpression(fun) ? decl.Type.Params
            : null;
        var names = parameters?.List.SelectMany(f => f.Names.Count > 0 ? f.Names : [null!]).ToList();
        var variadic = parameters?.List.LastOrDefault()?.Type is Ellipsis;
        for (var i = 0; i < call.Args.Count; i++)
        {
            var argument = call.Args[i];
            var parameter = names is not null && i < names.Count && !(variadic && i >= names.Count - 1) && call.EllipsisPos < 0 ? names[i] : null;
            if (parameter is not null && parameter.Name != "_")
                FlowTo(file, KeyOf(parameter), argument); // the parameter may be declared in another file: only its key is used
            else if (ValueKeyOf(argument) is { } key)
                Escaped(key, parameters is null ? $"is passed to `{Short(file.SourceOf(call.Fun))}`" : "is passed as a variadic argument", file, argument);
        }
    }

    private bool IsMethodExpression(Expr fun) => fun is SelectorExpr selector && info.IsType(selector.X);

    // A struct literal's field values flow into its fields; a slice or map literal's elements are lost track of.
    private void CompositeElements(LintFile file, CompositeLit literal)
    {
        var type = info.TypeOf(literal) is { } t ? Types.Deref(t).Underlying : null;
        for (var i = 0; i < literal.Elts.Count; i++)
        {
            var element = literal.Elts[i];
            if (type is StructType structType)
            {
                var field = element is KeyValueExpr { Key: Ident fieldName } ? info.ObjectOf(fieldName) as Var
                    : element is not KeyValueExpr && i < structType.Fields.Count ? structType.Fields[i]
                    : null;
                FlowTo(file, field is null ? null : KeyOfVar(field), element is KeyValueExpr keyed ? keyed.Value : element);
                continue;
            }
            var value = element is KeyValueExpr kv ? kv.Value : element;
            if (ValueKeyOf(value) is { } key)
                Escaped(key, "is put in a slice, array or map", file, value);
        }
    }

    private void Flow(LintFile file, Expr target, Expr value)
    {
        if (target is Ident { Name: "_" })
            return;
        var targetKey = KeyOf(target);
        if (targetKey is null && ValueKeyOf(value) is { } lost)
        {
            Escaped(lost, $"is stored in `{file.SourceOf(target)}`, where it cannot be followed", file, value);
            return;
        }
        if (targetKey is not null)
            FlowTo(file, targetKey, value);
    }

    private void FlowTo(LintFile file, object? targetKey, Expr value)
    {
        value = Unconverted(value);
        if (targetKey is null)
        {
            if (ValueKeyOf(value) is { } lost)
                Escaped(lost, "is stored where it cannot be followed", file, value);
            return;
        }
        if (Syntax.AsChannelMake(file, value) is { } made)
            makes.Add((targetKey, file, made.Call));
        else if (KeyOf(value) is { } source)
            Union(targetKey, source);
        else if (!(value is Ident nil && info.ObjectOf(nil) is Nil))
            Escaped(targetKey, $"is assigned `{Short(file.SourceOf(value))}`", file, value);
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "...";

    // The value a conversion converts: (<-chan T)(ch) is ch.
    private Expr Unconverted(Expr value)
    {
        value = Syntax.Unparen(value);
        while (value is CallExpr { Args.Count: 1 } conversion && info.IsType(Syntax.Unparen(conversion.Fun)))
            value = Syntax.Unparen(conversion.Args[0]);
        return value;
    }

    private object? ValueKeyOf(Expr value) => KeyOf(Unconverted(value));

    // A use of a channel name outside the statements Flow, Call and CompositeElements follow.
    private void Use(LintFile file, Expr expr, object key)
    {
        Node node = expr;
        var up = file.Index.Parent(node);
        while (up is ParenExpr || up is CallExpr { Args.Count: 1 } conversion && info.IsType(Syntax.Unparen(conversion.Fun)))
        {
            node = up;
            up = file.Index.Parent(up);
        }
        switch (up)
        {
            case SendStmt send when ReferenceEquals(send.Value, node):
                Escaped(key, "is sent on another channel", file, expr);
                break;
            case SendStmt or RangeStmt or UnaryExpr { Op: Token.Arrow } or BinaryExpr:
            case CallExpr or AssignStmt or ValueSpec or KeyValueExpr or CompositeLit:
                break; // an operation, a comparison, or followed by Call, Flow and CompositeElements
            case UnaryExpr { Op: Token.And }:
                Escaped(key, "has its address taken", file, expr);
                break;
            case ReturnStmt ret when file.Index.EnclosingFunction(ret) is not FuncDecl getter || !IsPrivateGetter(getter):
                escapes.Add((key, new ChannelEscape($"`{file.SourceOf(expr)}` is returned", file, expr, ReturnsReceiveOnly(file, ret, node))));
                break;
            case ReturnStmt or ExprStmt:
                break; // a private getter's return (its calls are the field), a getter's result dropped
            case SelectorExpr selector when ReferenceEquals(selector.Sel, expr):
                break;
            default:
                Escaped(key, "is used where it cannot be followed", file, expr);
                break;
        }
    }

    // Whether the function returns this result as a `<-chan`: its callers can only receive from it.
    private bool ReturnsReceiveOnly(LintFile file, ReturnStmt ret, Node result)
    {
        var type = file.Index.EnclosingFunction(ret) switch
        {
            FuncDecl decl => decl.Type,
            FuncLit literal => literal.Type,
            _ => null,
        };
        var position = ret.Results.ToList().FindIndex(r => ReferenceEquals(r, result));
        var results = type?.Results?.List.SelectMany(f => Enumerable.Repeat(f.Type, Math.Max(1, f.Names.Count))).ToList();
        return position >= 0 && results is not null && position < results.Count && results[position] is { } resultType
            && Types.CoreType(info.TypeOf(resultType) ?? UnknownType.Instance) is ChanType { Direction: ChanDirection.RecvOnly };
    }

    /// <summary>The key of the variable or field a channel-typed expression names (a getter's call names its field); registers it on first sight.</summary>
    private object? KeyOf(Expr expr)
    {
        if (Syntax.Unparen(expr) is CallExpr call)
            return GetterResultOf(call) is { } returned ? KeyOf(returned) : null;
        var variable = Syntax.Unparen(expr) switch
        {
            Ident id => info.ObjectOf(id) as Var,
            SelectorExpr selector => info.ObjectOf(selector.Sel) as Var,
            _ => null,
        };
        return variable is not null && Types.CoreType(variable.Type) is ChanType ? KeyOfVar(variable) : null;
    }

    private object? KeyOfVar(Var variable)
    {
        if (Types.CoreType(variable.Type) is not ChanType)
            return null;
        // The fields of a generic type's instances share their declaration.
        object key = (object?)variable.Declaration ?? variable;
        if (vars.TryAdd(key, variable))
        {
            parent[key] = key;
            if (!ReferenceEquals(variable.Package, info.Package))
                escapes.Add((key, new ChannelEscape($"`{variable.Name}` is declared in another package", null, null)));
            else if (isLibrary && variable.IsExported && (variable.IsField || variable.IsPackageLevel))
                escapes.Add((key, new ChannelEscape($"`{variable.Name}` is exported from a library package", null, null)));
        }
        return key;
    }

    private void Escaped(object key, string reason, LintFile file, Node at) =>
        escapes.Add((key, new ChannelEscape($"`{file.SourceOf(at)}` {reason}", file, at)));

    private object Find(object key)
    {
        while (!ReferenceEquals(parent[key], key))
        {
            parent[key] = parent[parent[key]];
            key = parent[key];
        }
        return key;
    }

    private void Union(object a, object b)
    {
        var (rootA, rootB) = (Find(a), Find(b));
        if (!ReferenceEquals(rootA, rootB))
            parent[rootA] = rootB;
    }
}
