using Goroscope.GoSyntax;
using Goroscope.GoTypes;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A channel the package sends on and never receives from, or receives from and never sends on nor closes.</summary>
internal static class OrphanChannel
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "orphan-channel",
        Title = "a channel with only one side",
        Doc = "A channel made in this package that something sends on while nothing anywhere in the package receives from it (or the reverse: received from, never sent on nor closed). The channel is not returned, exported or handed to other code, so no other side exists: the send on an unbuffered channel blocks forever, and so does the receive, and the goroutine leaks. Add the missing receiver (or close), or remove the channel.",
        DefaultSeverity = Severity.Error,
        // On since lint-defaults: every finding on real code true once hooks and fakes nothing in the build runs are left alone (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        if (!pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("chan"u8) >= 0) || pass.Facts.Channels is not { } index)
            return;
        var dead = new DeadCode(pass);
        foreach (var channel in index.Channels)
        {
            // Code outside that got the channel as a `<-chan` (a getter's result) can only receive: it is no sender.
            if (channel.SenderEscape is not null || channel.Makes.Count == 0)
                continue;
            // A package variable only a function that never runs makes is a hook for a caller outside the build (a test not linted).
            if (channel.Makes.All(m => MakesPackageVariable(pass, m.File, m.Make) && dead.Contains(m.File.Index.EnclosingFunction(m.Make))))
                continue;
            var made = channel.Makes[0];
            var receives = channel.Ops.Any(o => o.IsReceiving);
            var sends = channel.Ops.Any(o => o.Kind == ChannelOpKind.Send);
            if (sends && !receives && !channel.OpsOf(ChannelOpKind.Close).Any())
            {
                // A send blocks for good at once only on an unbuffered channel (how many sends a buffer takes is not
                // known); a send in a select may leave by another case.
                if (channel.Escape is not null || channel.Capacity != ChannelCapacity.Unbuffered || First(channel.OpsOf(ChannelOpKind.Send).Where(o => WaitsOnItAlone(o) && !dead.IsUnreachableMethod(o.Declaration))) is not { } send)
                    continue;
                pass.Report(send.File, send.Node,
                    $"`{send.File.SourceOf(send.Operand)}` is sent on, but nothing in the package receives from it and it is not handed to code outside: this send blocks forever, and its goroutine leaks",
                    "receive from the channel where its values are meant to go, or remove the channel and the send",
                    [(made.File, made.Make, $"made here ({channel.Capacity})")]);
            }
            else if (receives && !sends && !channel.OpsOf(ChannelOpKind.Close).Any())
            {
                // Only a receive that waits on this channel alone: a select case with other ways out is merely dead.
                if (First(channel.Ops.Where(o => o.IsReceiving && WaitsOnItAlone(o) && !dead.IsUnreachableMethod(o.Declaration))) is not { } receive)
                    continue;
                pass.Report(receive.File, receive.Node,
                    $"`{receive.File.SourceOf(receive.Operand)}` is received from, but nothing in the package sends on it or closes it and it is not handed to code outside: this {(receive.Kind == ChannelOpKind.Range ? "range" : "receive")} blocks forever, and its goroutine leaks",
                    "send on or close the channel where the waiting should end (close it when the work is done), or remove the receive",
                    [(made.File, made.Make, $"made here ({channel.Capacity})")]);
            }
            else if (sends && receives && channel.Escape is null && pass.Facts.FieldChannels is { } fields)
            {
                ReportOrphanInstance(pass, fields, channel, made);
            }
        }
    }

    // A channel field has both sides in the package, but each value of the struct has its own: a send on `a.ch` of a
    // value the code made (`a := newWorker()`) is not received by a receive on `b.ch` of another. Reported at the first
    // plain operation of a value whose other side is only ever on other values (a receive or close that may be on any
    // value, through an exported method or a variable, answers every one).
    private static void ReportOrphanInstance(Pass pass, FieldChannels fields, Channel channel, (LintFile File, Goroscope.GoSyntax.CallExpr Make) made)
    {
        var instances = channel.Ops.ToDictionary(o => o, fields.InstancesOf);
        // The first value an operation may be on that no operation of the other side may be on too.
        Var? Unanswered(ChannelOp op, Func<ChannelOp, bool> otherSide)
        {
            var others = channel.Ops.Where(otherSide).Select(o => instances[o]).ToList();
            return instances[op] is not { } mine || others.Any(o => o is null) ? null
                : mine.OrderBy(v => v.Declaration?.Pos ?? 0).FirstOrDefault(v => !others.Any(o => o!.Contains(v)));
        }
        var plain = channel.Ops.Where(o => o.Select is null).OrderBy(o => o.File.Path, StringComparer.Ordinal).ThenBy(o => o.Node.Pos);
        foreach (var op in plain)
        {
            var sends = op.Kind == ChannelOpKind.Send;
            if (sends && channel.Capacity != ChannelCapacity.Unbuffered || op.Kind == ChannelOpKind.Close)
                continue;
            Func<ChannelOp, bool> otherSide = sends ? o => o.IsReceiving || o.Kind == ChannelOpKind.Close : o => o.Kind is ChannelOpKind.Send or ChannelOpKind.Close;
            if (Unanswered(op, otherSide) is not { } value)
                continue;
            var other = channel.Ops.First(otherSide);
            var (verb, otherVerb) = sends ? ("sent on", "receive from") : (op.Kind == ChannelOpKind.Range ? "ranged over" : "received from", "send on");
            pass.Report(op.File, op.Node,
                $"`{op.File.SourceOf(op.Operand)}` is {verb} for the value `{value.Name}`, but every {otherVerb} or close of this field in the package is on another value (`{other.File.SourceOf(other.Operand)}`, {Path.GetFileName(other.File.Path)}:{Pass.LineOf(other.File, other.Node)}): this {(sends ? "send" : op.Kind == ChannelOpKind.Range ? "range" : "receive")} on `{value.Name}` blocks forever, and its goroutine leaks",
                sends ? "receive from this value's channel where its values are meant to go, or send on the value that is received from"
                    : "send on or close this value's channel where the waiting should end, or wait on the value that is sent on",
                [(other.File, other.Node, "the other side, on another value"), (made.File, made.Make, $"made here ({channel.Capacity})")]);
            return;
        }
    }

    // `hook = make(chan T)` with `hook` declared at package level.
    private static bool MakesPackageVariable(Pass pass, LintFile file, CallExpr make) =>
        file.Index.Parent(make) is AssignStmt { Tok: Token.Assign } assign && assign.Lhs.Count == assign.Rhs.Count
        && assign.Lhs[assign.Rhs.ToList().FindIndex(r => ReferenceEquals(Syntax.Unparen(r), make))] is Ident target
        && pass.Types?.ObjectOf(target) is Var { Declaration: { } declaration }
        && pass.Files.Any(f => f.Syntax.Decls.OfType<GenDecl>().SelectMany(d => d.Specs).OfType<ValueSpec>().Any(spec => spec.Names.Any(n => ReferenceEquals(n, declaration))));

    // Not in a select, or in one whose only case it is (no default): nothing else can end the wait.
    private static bool WaitsOnItAlone(ChannelOp op) => op.Select is not { } select || select.Body.List.Count == 1 && !op.SelectHasDefault;

    private static ChannelOp? First(IEnumerable<ChannelOp> ops) =>
        ops.OrderBy(o => o.File.Path, StringComparer.Ordinal).ThenBy(o => o.Node.Pos).FirstOrDefault();

    /// <summary>
    /// Functions of the package that nothing in the linted build can run: an unexported function no code of the package
    /// names (a test hook whose caller is a test outside the build), and a method of an unexported type that is there to
    /// satisfy an interface of the package (a fake's) but that no selector of the package can reach — each selector of its
    /// name resolves to another concrete type's method — and that no interface of an imported package declares.
    /// </summary>
    private sealed class DeadCode(Pass pass)
    {
        private readonly Dictionary<FuncDecl, bool> known = new(ReferenceEqualityComparer.Instance);

        public bool Contains(Node? function) => function is FuncDecl decl && pass.Types is not null
            && (known.TryGetValue(decl, out var dead) ? dead : known[decl] = decl.Recv is null ? NeverNamed(decl) : NeverSelected(decl, pass.Types));

        public bool IsUnreachableMethod(FuncDecl? method) => method is { Recv: not null } && Contains(method);

        private bool NeverNamed(FuncDecl decl) =>
            decl.Name.Name is not ("init" or "main" or "_") && !decl.Name.IsExported && decl.Body is not null
            && !pass.Files.Any(f => f.Text.Content.AsSpan().IndexOf("go:linkname"u8) >= 0)
            && !pass.Files.Any(f => Walker.Descendants(f.Syntax).OfType<Ident>().Any(id => id.Name == decl.Name.Name && !ReferenceEquals(id, decl.Name)));

        private bool NeverSelected(FuncDecl decl, TypeInfo info)
        {
            var name = decl.Name.Name;
            if (ReceiverTypeName(decl) is not { IsExported: false } receiver || name is "Error" or "String" or "_"
                || !FieldChannels.PackageInterfacesDeclare(info, name)) // there to satisfy an interface of the package (a fake's)
                return false;
            if (decl.Name.IsExported && ImportedInterfacesDeclare(info, name))
                return false;
            foreach (var file in pass.Files)
                foreach (var selector in Walker.Descendants(file.Syntax).OfType<SelectorExpr>().Where(s => s.Sel.Name == name))
                {
                    // Unknown, the method itself (promoted too), another type of the same name, or an interface's method
                    // a value of the type may stand behind unless the call graph knows every value the call runs on.
                    if (info.Selected(selector) is not Func selected || info.TypeOf(selector.X) is not { } type
                        || Types.Unalias(Types.Deref(type)) is NamedType { Obj.Name: var named } && named == receiver.Name)
                        return false;
                    if (selected.Decl is null ? !(type.Underlying is GoTypes.InterfaceType && (KnownNotToReach(file, selector, decl) || HoldsOtherTypesOnly(file, info, selector.X, receiver.Name)))
                        : ReferenceEquals(selected.Decl, decl))
                        return false;
                }
            return true;
        }

        private bool KnownNotToReach(LintFile file, SelectorExpr selector, FuncDecl method) =>
            file.Index.Parent(selector) is CallExpr call && ReferenceEquals(call.Fun, selector) && pass.Facts.LockSummaries?.Graph is { } graph
            && !graph.IsOpen(call) && graph.Targets(call) is { Count: > 0 } targets && !targets.Any(t => ReferenceEquals(t.Function, method));

        // A local interface variable every assignment of which is a value of another concrete type, directly or as the one
        // result of every return of a package function (`ti := newTreeIndex()` returning `&treeIndex{…}`).
        private static bool HoldsOtherTypesOnly(LintFile file, TypeInfo info, Expr x, string receiver)
        {
            if (Syntax.Unparen(x) is not Ident id || info.ObjectOf(id) is not Var { Declaration: { } declaration } variable
                || file.Index.Parent(declaration) is Field || file.Index.EnclosingFunction(declaration) is not { } function)
                return false;
            var values = new List<Expr>();
            foreach (var node in Walker.Descendants(function))
            {
                switch (node)
                {
                    case AssignStmt assign:
                        for (var i = 0; i < assign.Lhs.Count; i++)
                            if (Syntax.Unparen(assign.Lhs[i]) is Ident target && ReferenceEquals(info.ObjectOf(target), variable))
                            {
                                if (assign.Lhs.Count != assign.Rhs.Count)
                                    return false;
                                values.Add(assign.Rhs[i]);
                            }
                        break;
                    case UnaryExpr { Op: Token.And, X: Ident taken } when ReferenceEquals(info.ObjectOf(taken), variable):
                        return false; // written through a pointer
                }
            }
            return values.Count > 0 && values.All(v => OtherConcreteType(info.TypeOf(v), receiver)
                || Syntax.Unparen(v) is CallExpr call && info.Callee(call) is { Decl: { Body: { } body } }
                    && Syntax.BodyNodes<ReturnStmt>(body) is { Count: > 0 } returns && returns.All(r => r.Results.Count == 1 && OtherConcreteType(info.TypeOf(r.Results[0]), receiver)));
        }

        private static bool OtherConcreteType(GoType? type, string receiver) =>
            type is not null && Types.Unalias(Types.Deref(type)) is NamedType { Obj.Name: var name } named && name != receiver && named.Underlying is not GoTypes.InterfaceType;

        private static Ident? ReceiverTypeName(FuncDecl decl) => decl.Recv?.List.FirstOrDefault()?.Type switch
        {
            StarExpr { X: Ident star } => star,
            Ident plain => plain,
            _ => null, // generic receivers are left alone
        };

        private static bool ImportedInterfacesDeclare(TypeInfo info, string name) =>
            info.Package.Files.SelectMany(f => f.Scope.Objects.OfType<PackageName>()).Select(p => p.Imported).Distinct()
                .Any(p => p is null || p.Scope.Objects.OfType<TypeName>().Any(t => t.Type.Underlying is GoTypes.InterfaceType i && i.Methods.Any(m => m.Name == name)));
    }
}
