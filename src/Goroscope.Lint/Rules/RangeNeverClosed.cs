using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Rules;

/// <summary>A goroutine ranges over a channel that nothing in the package closes.</summary>
internal static class RangeNeverClosed
{
    public static Analyzer Rule { get; } = new()
    {
        Id = "range-never-closed",
        Title = "for range over a channel that is never closed",
        Doc = "`for x := range ch` ends only when ch is closed. When no code path closes the channel, the goroutine running the loop waits for the next value forever once the senders are done — one leaked goroutine per worker, per call.",
        EnabledByDefault = false, // 2 of 3 findings true on the Go tree, the corpus and all Debian Go code (docs/lint-precision.md)
        Run = Run,
    };

    private static void Run(Pass pass)
    {
        foreach (var goroutine in pass.Facts.Goroutines)
        {
            if (Syntax.BodyOf(goroutine.Function) is not { } body)
                continue;
            var file = goroutine.BodyFile;
            foreach (var range in Syntax.BodyNodes<RangeStmt>(body))
            {
                if (Syntax.Unparen(range.X) is not Ident ranged || file.Index.Declaration(ranged) is not { } decl)
                    continue;
                var (channel, channelFile, passedTo) = ChannelBehind(pass, goroutine, decl);
                if (channel is null || Syntax.ChannelMadeFor(channelFile!, channel) is null || pass.Facts.IsClosed(channel) || Escapes(pass, channel, channelFile!, passedTo))
                    continue;
                pass.Report(file, range.Pos, range.X.End,
                    $"`for range {ranged.Name}` ends only when the channel is closed, and nothing in the package closes `{channel.Name}` (made on line {Pass.LineOf(channelFile!, channel)}): this goroutine waits forever once the senders stop",
                    $"close({channel.Name}) in the sender when it has sent the last value (defer close({channel.Name}) in the producing goroutine), or stop the loop with a select on ctx.Done()");
            }
        }
        RunOnFields(pass);
    }

    // `go s.loop()` (or a literal) ranging over s.jobs, an unexported channel field that nothing in the package closes
    // and that the package never hands anywhere else.
    private static void RunOnFields(Pass pass)
    {
        if (pass.Facts.FieldChannels is not { } fields)
            return;
        foreach (var spawn in fields.Spawns.DistinctBy(s => s.Function))
        {
            if (spawn.Body is not { } body)
                continue;
            foreach (var range in Syntax.BodyNodes<RangeStmt>(body))
            {
                if (Syntax.Unparen(range.X) is not (SelectorExpr or CallExpr) || fields.Of(range.X) is not { Escapes: false, Closes.Count: 0, Makes: [var made, ..] } field
                    || LeavesBeforeClose(spawn.BodyFile, range))
                    continue;
                var name = spawn.BodyFile.SourceOf(range.X);
                pass.Report(spawn.BodyFile, range.Pos, range.X.End,
                    $"`for range {name}` ends only when the channel is closed, and nothing in the package closes the field `{field.Field.Name}` (its channel is made on line {Pass.LineOf(made.File, made.Make)}): this goroutine waits forever once the senders stop",
                    $"close({name}) where the last value has been sent (in the owner's Close or Stop), or stop the loop with a select on a done channel or ctx.Done()");
            }
        }
    }

    // A return or a break of the loop in its body: the loop ends on a value (a sentinel), not only on a close.
    private static bool LeavesBeforeClose(LintFile file, RangeStmt range) =>
        Syntax.BodyNodes<ReturnStmt>(range.Body).Count > 0
        || Syntax.BodyNodes<BranchStmt>(range.Body).Any(b => b.Tok == Token.Break
            && (b.Label is { } label ? file.Index.Parent(range) is LabeledStmt l && l.Label.Name == label.Name : ReferenceEquals(Loops.NearestBreakable(file, b), range)));

    // The channel variable the range reads: the captured or package-level variable itself, or, for `go worker(ch)`, the argument passed for the parameter.
    private static (Ident? Channel, LintFile? File, GoStmt? PassedTo) ChannelBehind(Pass pass, GoroutineBody goroutine, Ident decl)
    {
        if (goroutine.Function is FuncDecl fn && goroutine.BodyFile.Index.Parent(decl) is Field field && ReferenceEquals(goroutine.BodyFile.Index.Parent(field), fn.Type.Params))
        {
            var index = 0;
            foreach (var f in fn.Type.Params.List)
            {
                foreach (var name in f.Names)
                {
                    if (ReferenceEquals(name, decl))
                        return goroutine.Go.Call.Args.Count > index && Syntax.Unparen(goroutine.Go.Call.Args[index]) is Ident arg && goroutine.SpawnFile.Index.Declaration(arg) is { } argDecl
                            ? (argDecl, DeclaringFile(pass, goroutine.SpawnFile, argDecl), goroutine.Go)
                            : (null, null, null);
                    index++;
                }
            }
            return (null, null, null);
        }
        if (goroutine.BodyFile.Index.Parent(decl) is Field)
            return (null, null, null); // a parameter of a function literal: whatever the caller passed
        return (decl, DeclaringFile(pass, goroutine.BodyFile, decl), null);
    }

    private static LintFile? DeclaringFile(Pass pass, LintFile likely, Ident decl) =>
        likely.Index.Parent(decl) is not null ? likely : pass.Files.FirstOrDefault(f => f.Index.Parent(decl) is not null);

    // Handed to a function, stored or returned: it may be closed where we cannot see.
    private static bool Escapes(Pass pass, Ident channel, LintFile file, GoStmt? passedTo)
    {
        foreach (var (use, useFile) in pass.Facts.UsesOf(channel, file))
        {
            var how = Syntax.Classify(useFile, use);
            if (how is UseKind.Returned or UseKind.CopiedAway or UseKind.Written or UseKind.Called)
                return true;
            if (how == UseKind.PassedToCall && useFile.Index.Parent(use) is CallExpr call
                && !(passedTo is not null && ReferenceEquals(call, passedTo.Call))
                && !Syntax.IsBuiltinCall(useFile, call, "len") && !Syntax.IsBuiltinCall(useFile, call, "cap"))
            {
                return true;
            }
        }
        return false;
    }
}
