using System.Text.RegularExpressions;

namespace Goroscope.Analysis.Ignore;

/// <summary>What part of a bucket an ignore rule looks at (goleak's vocabulary, plus state and package).</summary>
public enum IgnoreKind
{
    /// <summary>The innermost frame outside the runtime is this function (goleak IgnoreTopFunction).</summary>
    TopFunction,
    /// <summary>Any frame is this function (goleak IgnoreAnyFunction).</summary>
    AnyFunction,
    /// <summary>The `created by` function is this one (goleak IgnoreCreatedBy).</summary>
    CreatedBy,
    /// <summary>The wait state matches this regular expression, whole.</summary>
    State,
    /// <summary>The blocking site's package matches this glob (`*` any run of characters, `?` one).</summary>
    Package,
}

/// <summary>One rule: goroutines it matches are left out of leak verdicts.</summary>
public sealed record IgnoreRule(IgnoreKind Kind, string Value)
{
    private readonly Regex? _pattern = Kind switch
    {
        IgnoreKind.State => new Regex($"^(?:{Value})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)),
        IgnoreKind.Package => new Regex("^" + Regex.Escape(Value).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant),
        _ => null,
    };

    public bool Matches(Bucket bucket) => Kind switch
    {
        IgnoreKind.TopFunction => bucket.SignificantFrames.Count > 0 && bucket.SignificantFrames[0].Function == Value,
        IgnoreKind.AnyFunction => bucket.Stack.Frames.Any(f => f.Function == Value),
        IgnoreKind.CreatedBy => bucket.CreatedBy?.Function == Value,
        IgnoreKind.State => _pattern!.IsMatch(bucket.State.Reason),
        IgnoreKind.Package => bucket.BlockingSite.Frame is { } site && _pattern!.IsMatch(site.Package),
        _ => false,
    };

    public override string ToString() => $"{Name(Kind)}: {Value}";

    /// <summary>The rule's name in flags and in .goroscope.yml.</summary>
    public static string Name(IgnoreKind kind) => kind switch
    {
        IgnoreKind.TopFunction => "top-function",
        IgnoreKind.AnyFunction => "any-function",
        IgnoreKind.CreatedBy => "created-by",
        IgnoreKind.State => "state",
        _ => "package",
    };

    public static IgnoreKind? KindNamed(string name) =>
        Enum.GetValues<IgnoreKind>().Cast<IgnoreKind?>().FirstOrDefault(k => Name(k!.Value) == name);
}
