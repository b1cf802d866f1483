using System.Text;
using Goroscope.Stacks;
using Goroscope.Stacks.Readers;

namespace Goroscope.Tests.Stacks;

/// <summary>Reads dump text written inline in a test.</summary>
internal static class Dumps
{
    public static IReadOnlyList<Snapshot> ReadAll(string text) => DumpReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    public static Snapshot Read(string text) => Assert.Single(ReadAll(text));

    public static Goroutine One(string text) => Assert.Single(Read(text).Goroutines);

    public static Snapshot ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return DumpReader.Read(stream)[^1];
    }
}
