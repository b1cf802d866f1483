using System.Text;
using Goroscope.GoSyntax;

namespace Goroscope.GoTypes.Tests;

/// <summary>Ours against go/types on the concurrency-relevant expressions: agreed, unknown to us, and disagreements (we claim a type go/types does not give).</summary>
internal sealed class Comparison
{
    private static readonly HashSet<string> RelevantNamed = new(StringComparer.Ordinal)
    {
        "sync.Mutex", "sync.RWMutex", "sync.WaitGroup", "sync.Cond", "sync.Once", "context.Context", "context.CancelFunc",
        "time.Timer", "time.Ticker", "net/http.Response",
    };

    private bool all;

    public int Agreed { get; private set; }

    public int Unknown { get; private set; }

    public List<string> Disagreements { get; } = [];

    /// <summary>Relevant expressions go/types itself could not resolve ("invalid type" in its answer): not compared.</summary>
    public int InvalidInGoTypes { get; private set; }

    public int MethodSetsAgreed { get; private set; }

    public int MethodSetsUnknown { get; private set; }

    /// <summary>Relevant expressions (by go/types).</summary>
    public int Total => Agreed + Unknown + Disagreements.Count(d => !d.Contains("go/types: -", StringComparison.Ordinal));

    public double Agreement => Total == 0 ? 1 : (double)Agreed / Total;

    public static bool IsRelevant(GoType type)
    {
        var t = Types.Unalias(type);
        if (t is TupleType tuple)
        {
            return tuple.Vars.Any(v => IsRelevant(v.Type));
        }
        while (t is PointerType p)
        {
            t = Types.Unalias(p.Elem);
        }
        return t switch
        {
            ChanType => true,
            NamedType n => n.Package is not null && RelevantNamed.Contains(n.Package.Path + "." + n.Name),
            _ => false,
        };
    }

    public static string TypeString(GoType type) =>
        type is TupleType tuple ? "(" + string.Join(", ", tuple.Vars.Select(v => v.Type.ToString())) + ")" : type.ToString();

    /// <param name="all">The view has every expression: compare them all, not only the concurrency-relevant ones
    /// (an untyped constant of ours then counts as unknown: go/types gives the type it converts to in its context).</param>
    public static Comparison Of(IEnumerable<Package> packages, GoTypesView view, bool all = false)
    {
        var comparison = new Comparison { all = all };
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            foreach (var file in package.Files)
            {
                Walker.Inspect(file.Syntax, node =>
                {
                    var (kind, type) = node switch
                    {
                        Ident id => ("ident", package.Info.ObjectOf(id) is Var v && !(v.IsEmbedded && package.Info.IsDefinition(id)) ? v.Type : null),
                        SelectorExpr s => ("selector", package.Info.ValueTypeOf(s)),
                        CallExpr c => ("call", package.Info.ValueTypeOf(c)),
                        _ => ("", null),
                    };
                    if (kind.Length > 0)
                    {
                        var ours = type is { IsComplete: true } && !(all && type is BasicType { IsUntyped: true }) ? type : null;
                        comparison.Compare(Key(file, node, kind), ours, view, matched);
                    }
                    return true;
                });
            }
            comparison.CompareMethodSets(package, view);
        }
        comparison.Unknown += view.Expressions.Where(e => !matched.Contains(e.Key) && !e.Value.Contains("invalid type", StringComparison.Ordinal)).Count();
        return comparison;
    }

    private static string Key(PackageFile file, Node node, string kind)
    {
        var from = file.Syntax.Text.RawPosition(node.Pos);
        var to = file.Syntax.Text.RawPosition(node.End);
        return $"{file.Path}:{from.Line}:{from.Column}:{to.Line}:{to.Column}:{kind}";
    }

    private void Compare(string key, GoType? ours, GoTypesView view, HashSet<string> matched)
    {
        if (view.Expressions.TryGetValue(key, out var theirs))
        {
            if (!matched.Add(key))
            {
                return;
            }
            if (theirs.Contains("invalid type", StringComparison.Ordinal))
            {
                InvalidInGoTypes++;
            }
            else if (ours is null)
            {
                Unknown++;
            }
            else if (TypeString(ours) == theirs)
            {
                Agreed++;
            }
            else
            {
                Disagreements.Add($"{key}: ours {TypeString(ours)}, go/types {theirs}");
            }
        }
        else if (ours is not null && (all || IsRelevant(ours)))
        {
            Disagreements.Add($"{key}: ours {TypeString(ours)}, go/types: -");
        }
    }

    private void CompareMethodSets(Package package, GoTypesView view)
    {
        foreach (var obj in package.Scope.Objects.OfType<TypeName>().Where(t => !t.IsAlias))
        {
            if (obj.Type is not NamedType { TypeParams.Count: 0 } named)
            {
                continue;
            }
            var isInterface = named.Underlying is InterfaceType;
            foreach (var type in isInterface ? [named] : new GoType[] { named, new PointerType(named) })
            {
                var key = type.ToString();
                if (!view.MethodSets.TryGetValue(key, out var theirs))
                {
                    continue;
                }
                if (!named.Underlying.IsComplete)
                {
                    MethodSetsUnknown++;
                    continue;
                }
                var ours = string.Join(',', Types.MethodSet(type).Select(m => m.Name));
                if (ours == theirs)
                {
                    MethodSetsAgreed++;
                }
                else
                {
                    Disagreements.Add($"method set of {key}: ours {ours}, go/types {theirs}");
                }
            }
        }
    }

    public string Summary()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"expressions: {Total} relevant, {Agreed} agree, {Unknown} unknown, {Disagreements.Count} disagreements; agreement {Agreement:P2}; {InvalidInGoTypes} invalid in go/types, not compared");
        sb.AppendLine($"method sets: {MethodSetsAgreed} agree, {MethodSetsUnknown} unknown");
        foreach (var d in Disagreements.Take(40))
        {
            sb.AppendLine(d);
        }
        return sb.ToString();
    }
}
