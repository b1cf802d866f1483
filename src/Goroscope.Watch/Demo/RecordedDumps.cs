using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Goroscope.Stacks.Pprof.Proto;

namespace Goroscope.Watch.Demo;

/// <summary>
/// A recorded debug=2 dump as its goroutines, rendered with extra copies of the goroutines whose text matches,
/// under goroutine ids of their own, as the process would print them after spawning more.
/// </summary>
internal sealed partial class RecordedTraceback(IReadOnlyList<string> goroutines)
{
    public static RecordedTraceback Load(string name) =>
        new([.. Resource.Text(name).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(b => b.TrimEnd('\n')).Where(b => b.StartsWith("goroutine ", StringComparison.Ordinal))]);

    /// <param name="extra">Goroutines to add like each one, by its text; null for none (only the first match of a stack is copied).</param>
    public string Render(Func<string, long?> extra)
    {
        var text = new StringBuilder();
        var nextId = goroutines.Max(g => long.Parse(GoroutineId().Match(g).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) + 1;
        var copied = new HashSet<string>();
        foreach (var goroutine in goroutines)
        {
            text.Append(goroutine).Append("\n\n");
            var body = goroutine[goroutine.IndexOf('\n')..];
            if (extra(goroutine) is not { } copies || !copied.Add(body))
                continue;
            for (var i = 0; i < copies; i++)
                text.Append(GoroutineId().Replace(goroutine, $"goroutine {nextId++} ", 1)).Append("\n\n");
        }
        return text.ToString();
    }

    [GeneratedRegex(@"^goroutine (\d+) ")]
    private static partial Regex GoroutineId();
}

/// <summary>A recorded pprof goroutine profile (debug=0), rendered gzipped with goroutines added to the samples whose stack matches.</summary>
internal sealed class RecordedPprof(Profile profile)
{
    public static RecordedPprof Load(string name)
    {
        using var gzip = new GZipStream(Resource.Stream(name), CompressionMode.Decompress);
        return new RecordedPprof(Profile.Parser.ParseFrom(gzip));
    }

    /// <param name="extra">Goroutines to add to a sample, by the names of the functions on its stack; null for none.</param>
    public byte[] Render(Func<IReadOnlyList<string>, long?> extra)
    {
        var grown = profile.Clone();
        var functions = grown.Function.ToDictionary(f => f.Id, f => grown.StringTable[(int)f.Name]);
        var locations = grown.Location.ToDictionary(l => l.Id, l => l.Line.Select(line => functions.GetValueOrDefault(line.FunctionId, "")).ToList());
        foreach (var sample in grown.Sample)
        {
            if (extra([.. sample.LocationId.SelectMany(id => locations.GetValueOrDefault(id, []))]) is { } more)
                sample.Value[0] += more;
        }
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            grown.WriteTo(gzip);
        return output.ToArray();
    }
}

internal static class Resource
{
    public static Stream Stream(string name) => typeof(DemoFleet).Assembly.GetManifestResourceStream($"Demo/{name}")
        ?? throw new InvalidOperationException($"the demo's recording {name} is not embedded");

    public static string Text(string name)
    {
        using var reader = new StreamReader(Stream(name));
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
