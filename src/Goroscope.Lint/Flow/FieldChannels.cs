using Goroscope.GoSyntax;
using Goroscope.GoTypes;

namespace Goroscope.Lint.Flow;

/// <summary>One use of a channel field: the selector (`s.results`, or a getter's `s.Results` in `s.Results()`) and the file it is in.</summary>
internal readonly record struct FieldUse(LintFile File, SelectorExpr Selector);

/// <summary>
/// A channel the <see cref="ChannelIndex"/> knows only as one unexported struct field of a type the package declares
/// (or any field of package main), with its sends, receives, ranges, closes and makes. It escapes when the index saw the
/// channel go anywhere else: into another variable, field or parameter, out of the package, or past an expression of
/// unknown type. Then its story is not all visible, and the rules say nothing about it.
/// </summary>
internal sealed class FieldChannel
{
    private readonly Channel channel;

    internal FieldChannel(Var field, Channel channel)
    {
        Field = field;
        this.channel = channel;
        Sends = UsesOf(ChannelOpKind.Send);
        Receives = UsesOf(ChannelOpKind.Receive);
        Ranges = UsesOf(ChannelOpKind.Range);
        Closes = UsesOf(ChannelOpKind.Close);
    }

    public Var Field { get; }

    public IReadOnlyList<FieldUse> Sends { get; }

    public IReadOnlyList<FieldUse> Receives { get; }

    public IReadOnlyList<FieldUse> Ranges { get; }

    public IReadOnlyList<FieldUse> Closes { get; }

    public IReadOnlyList<(LintFile File, CallExpr Make)> Makes => channel.Makes;

    public bool Escapes => channel.Escape is not null || channel.Names.Count != 1;

    /// <summary>Every channel the package puts in the field is unbuffered, and there is at least one.</summary>
    public bool IsUnbuffered => channel.Capacity == ChannelCapacity.Unbuffered;

    /// <summary>
    /// Sends and receives only, the field never closed or ranged over, all of it visible: the shape in which a count of
    /// receives says how many sends can complete.
    /// </summary>
    public bool IsCountable => !Escapes && IsUnbuffered && Closes.Count == 0 && Ranges.Count == 0;

    private List<FieldUse> UsesOf(ChannelOpKind kind) =>
        channel.OpsOf(kind).Select(o => Syntax.Unparen(o.Operand) switch
        {
            SelectorExpr selector => new FieldUse(o.File, selector),
            CallExpr { Fun: SelectorExpr getter } => new FieldUse(o.File, getter), // `s.Done()`: its X is the field's owner
            _ => (FieldUse?)null,
        }).OfType<FieldUse>().ToList();
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
/// A send of a goroutine on a countable channel field whose every send is in that goroutine and whose only receive in
/// the package is in the function that started it (<see cref="Outer"/>), outside any loop there: the shape the channel
/// rules count sends against one receive in.
/// </summary>
internal sealed record SendToStarter(TypedSpawn Spawn, SendStmt Send, FieldChannel Field, FieldUse Receive, Node Outer);

/// <summary>
/// The channel index's view of the package's channel fields, and the goroutines the types resolve: computed once per
/// package, only when a struct of the package has a channel field and its types are resolved.
/// </summary>
internal sealed class FieldChannels
{
    private readonly ChannelIndex index;
    private readonly Dictionary<Channel, FieldChannel?> views = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<FuncDecl, int> references = new(ReferenceEqualityComparer.Instance);
    private readonly bool isMain;
    private readonly GoPackage package;
    private Dictionary<FuncDecl, List<(CallExpr Call, LintFile File, FuncDecl Caller)>>? calls;

    private FieldChannels(ChannelIndex index, GoPackage package)
    {
        this.index = index;
        this.package = package;
        isMain = package.Name == "main";
        var info = index.Info;
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

    /// <summary>Every `go` statement whose function is a literal or a function or method of this package.</summary>
    public IReadOnlyList<TypedSpawn> Spawns { get; }

    /// <summary>The channel field a selector (or a getter's call) names, or null when it names none of them (or its type is unknown).</summary>
    public FieldChannel? Of(Expr expr) => index.Of(expr) is { } channel ? ViewOf(channel) : null;

    /// <summary>Whether the goroutine's function runs only as this goroutine: a literal, or a function named nowhere else in the package.</summary>
    public bool RunsOnlyAs(TypedSpawn spawn) => spawn.Function is FuncLit || spawn.Function is FuncDecl decl && references.GetValueOrDefault(decl) == 1;

    /// <summary>The sends on channel fields in the goroutine's own body, outside select statements, with their field.</summary>
    public IEnumerable<(SendStmt Send, FieldChannel Field)> PlainSendsIn(TypedSpawn spawn) =>
        spawn.Body is not { } body
            ? []
            : Syntax.BodyNodes<SendStmt>(body)
                .Where(s => spawn.BodyFile.Index.Parent(s) is not CommClause)
                .Select(s => (Send: s, Field: Syntax.Unparen(s.Chan) is SelectorExpr or CallExpr ? Of(s.Chan) : null))
                .Where(s => s.Field is not null)
                .Select(s => (s.Send, s.Field!));

    /// <summary>
    /// For each goroutine that runs only as itself, its plain sends on countable fields that it alone sends on and whose
    /// only receive is in the function that started it, outside any loop of that function (<see cref="SendToStarter"/>).
    /// </summary>
    public IEnumerable<SendToStarter> SendsToStarter()
    {
        foreach (var spawn in Spawns.Where(RunsOnlyAs))
        {
            var file = spawn.SpawnFile;
            if (file.Index.EnclosingFunction(spawn.Go) is not { } outer)
                continue;
            foreach (var (send, field) in PlainSendsIn(spawn))
            {
                if (!field.IsCountable || field.Receives is not [var receive] || !field.Sends.All(spawn.Contains)
                    || !ReferenceEquals(receive.File, file) || !ReferenceEquals(file.Index.EnclosingFunction(receive.Selector), outer)
                    || file.Index.EnclosingLoop(receive.Selector) is { } loop && Syntax.Within(loop, outer)
                    || AreTwoInstances(spawn, outer, send, receive))
                {
                    continue;
                }
                yield return new SendToStarter(spawn, send, field, receive, outer);
            }
        }
    }

    // Every value of a struct type has its own channel field. Where the starter holds two values it made itself
    // (`a := newWorker(); b := newWorker()`, each a local assigned once from a function call or a composite literal),
    // the goroutine's sends on a's field are not received by a receive from b's: the instance is the field's owner
    // named as the starter names it, a method's receiver or parameter mapped to the `go` call's operand or argument.
    private bool AreTwoInstances(TypedSpawn spawn, Node outer, SendStmt send, FieldUse receive)
    {
        var info = index.Info;
        var file = spawn.SpawnFile;
        var starter = outer as FuncDecl ?? file.Index.Ancestors(outer).OfType<FuncDecl>().FirstOrDefault();
        var sent = Syntax.Unparen(send.Chan) switch { SelectorExpr field => field, CallExpr { Fun: SelectorExpr getter } => getter, _ => null };
        if (sent is null || Locks.IdOf(info, starter, receive.Selector.X) is not { Root: Var receivedFrom })
            return false;
        var owner = spawn.Function is FuncDecl method ? Locks.IdOf(info, method, sent.X) : Locks.IdOf(info, starter, sent.X);
        var sentTo = owner?.Root switch
        {
            string root when root.StartsWith("recv ", StringComparison.Ordinal) && Syntax.Unparen(spawn.Go.Call.Fun) is SelectorExpr call => Locks.IdOf(info, starter, call.X)?.Root,
            string root when root.StartsWith("param ", StringComparison.Ordinal) && int.Parse(root.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture) is var n
                && n < spawn.Go.Call.Args.Count => Locks.IdOf(info, starter, spawn.Go.Call.Args[n])?.Root,
            var root => root,
        };
        return sentTo is Var sentToVar && !ReferenceEquals(sentToVar, receivedFrom) && IsFreshInstance(file, outer, sentToVar) && IsFreshInstance(file, outer, receivedFrom);
    }

    /// <summary>
    /// The values whose channel field an operation uses, as the functions that made them name them: locals assigned once
    /// a value made there (a composite literal, `new`, a constructor's result; see AreTwoInstances). An operation through a
    /// method's receiver or a parameter stands for what every call passes: the values the call sites name, when the
    /// function is unexported, named only where it is called in the package (no function value, no interface of the
    /// package with a method of its name) and each call passes such a value. Null: any value of the type (a
    /// channel held in a variable, an exported function, an instance the index cannot name).
    /// </summary>
    public IReadOnlySet<Var>? InstancesOf(ChannelOp op)
    {
        // Only a field right on its root: in `h.w.done` the values of `h` say nothing about which `w` the channel is on.
        if (op.Declaration is not { } declaration || Locks.IdOf(index.Info, declaration, op.Operand) is not { Path.Length: > 0 } id
            || id.Path.LastIndexOf('.') != 0 || id.Path.Contains('['))
            return null;
        return InstancesOf(op.File, declaration, id.Root, depth: 0);
    }

    /// <summary>How many calls up <see cref="InstancesOf(ChannelOp)"/> follows a receiver or parameter.</summary>
    private const int InstanceDepth = 2;

    private HashSet<Var>? InstancesOf(LintFile file, FuncDecl function, object root, int depth)
    {
        switch (root)
        {
            case Var local when IsFreshInstance(file, function, local):
                return new HashSet<Var>(ReferenceEqualityComparer.Instance) { local };
            case string named when depth < InstanceDepth && !function.Name.IsExported && !IsInterfaceMethodName(function.Name.Name)
                && CallsOf(function) is { Count: > 0 } calls && calls.Count == references.GetValueOrDefault(function):
                var found = new HashSet<Var>(ReferenceEqualityComparer.Instance);
                foreach (var (call, callerFile, caller) in calls)
                {
                    Expr? passed = named.StartsWith("recv ", StringComparison.Ordinal)
                        ? Syntax.Unparen(call.Fun) is SelectorExpr selector && !index.Info.IsType(selector.X) ? selector.X : null
                        : named.StartsWith("param ", StringComparison.Ordinal) && int.Parse(named.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture) is var n
                            && n < call.Args.Count && call.EllipsisPos < 0 && function.Type.Params.List.All(f => f.Type is not Ellipsis) ? call.Args[n] : null;
                    if (passed is null || Locks.IdOf(index.Info, caller, passed) is not { Path.Length: 0 } value
                        || InstancesOf(callerFile, caller, value.Root, depth + 1) is not { } instances)
                        return null;
                    found.UnionWith(instances);
                }
                return found;
            default:
                return null;
        }
    }

    // The package's static calls of a function (those of `go` and `defer` statements too), with the caller's file and declaration.
    private List<(CallExpr Call, LintFile File, FuncDecl Caller)> CallsOf(FuncDecl function)
    {
        if (calls is null)
        {
            calls = new(ReferenceEqualityComparer.Instance);
            foreach (var file in package.Files)
            {
                foreach (var caller in file.Syntax.Decls.OfType<FuncDecl>().Where(d => d.Body is not null))
                {
                    Walker.Inspect(caller.Body!, n =>
                    {
                        if (n is CallExpr call && index.Info.Callee(call) is { Decl: { } callee })
                        {
                            if (!calls.TryGetValue(callee, out var list))
                                calls[callee] = list = [];
                            list.Add((call, file, caller));
                        }
                        return true;
                    });
                }
            }
        }
        return calls.GetValueOrDefault(function) ?? [];
    }

    // A method name some interface type of the package declares: a call through the interface names no FuncDecl.
    private bool IsInterfaceMethodName(string name) => PackageInterfacesDeclare(index.Info, name);

    /// <summary>Whether an interface type declared at the package's top level has a method of this name, embedded ones included.</summary>
    public static bool PackageInterfacesDeclare(TypeInfo info, string name) =>
        info.Package.Scope.Objects.OfType<TypeName>().Any(t => t.Type is { } type && Types.Unalias(type).Underlying is GoTypes.InterfaceType iface
            && Types.LookupFieldOrMethod(type, name, info.Package) is not null);

    // A local of the function assigned once, where it is declared, a value made there: a composite literal (or its
    // address), new(T), or the result of a function (a constructor; not a method, which may return its receiver).
    private bool IsFreshInstance(LintFile file, Node function, Var local)
    {
        var info = index.Info;
        if (local.IsPackageLevel || local.Declaration is not { } name || !Syntax.Within(name, function))
            return false;
        var value = Syntax.InitialValue(file, name);
        var made = Syntax.Unparen(value ?? name) switch
        {
            CompositeLit or UnaryExpr { Op: Token.And, X: CompositeLit } => true,
            CallExpr { Fun: Ident { Name: "new" } builtin } => info.ObjectOf(builtin) is Builtin,
            CallExpr call => !info.IsType(Syntax.Unparen(call.Fun)) && info.Callee(call) is { Signature.Receiver: null },
            _ => false,
        };
        var reassigned = Syntax.BodyNodes<AssignStmt>(function).Any(a => a.Lhs.Any(l => Syntax.Unparen(l) is Ident id && !ReferenceEquals(id, name) && ReferenceEquals(info.ObjectOf(id), local)))
            || Syntax.BodyNodes<UnaryExpr>(function).Any(u => u.Op == Token.And && Syntax.Unparen(u.X) is Ident id && ReferenceEquals(info.ObjectOf(id), local));
        // A value the function returns is also its callers' value, which their own variables name.
        var returned = Syntax.BodyNodes<ReturnStmt>(function).Any(r => r.Results.Any(e => Syntax.Unparen(e) is Ident id && ReferenceEquals(info.ObjectOf(id), local)));
        return made && !reassigned && !returned;
    }

    /// <summary>
    /// The package's channel fields over its channel index; null when no struct of the package declares a channel field
    /// the rules follow (found by syntax, so that other packages' types are not resolved for this) or types are not resolved.
    /// </summary>
    public static FieldChannels? For(GoPackage package, Func<ChannelIndex?> channels) =>
        package.Files.Any(f => DeclaresChannelField(f, package.Name == "main")) && channels() is { } index ? new FieldChannels(index, package) : null;

    private static bool DeclaresChannelField(LintFile file, bool isMain)
    {
        var found = false;
        Walker.Inspect(file.Syntax, node =>
        {
            if (node is GoSyntax.StructType structType && structType.Fields.List.Any(f => f.Type is not null && Syntax.Unparen(f.Type) is GoSyntax.ChanType
                && f.Names.Any(n => !char.IsUpper(n.Name[0]) || isMain)))
                found = true;
            return !found;
        });
        return found;
    }

    // A channel is a field's when the field is all the index knows it by (an unexported field of a type declared here,
    // or any field in package main); one it also knows by other names has escaped (FieldChannel.Escapes).
    private FieldChannel? ViewOf(Channel channel)
    {
        if (views.TryGetValue(channel, out var known))
            return known;
        var field = channel.Names.FirstOrDefault(n => n.IsField && ReferenceEquals(n.Package, index.Info.Package) && (!n.IsExported || isMain));
        return views[channel] = field is null ? null : new FieldChannel(field, channel);
    }
}
