using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Goroscope.Watch.Fleet;

/// <summary>
/// `--shard i/N`: this watch scrapes the targets whose name hashes to <see cref="Index"/> modulo <see cref="Count"/>,
/// with the hash of Prometheus's `hashmod` relabeling (the last 8 bytes of the MD5 of the value, big-endian),
/// so a Prometheus job sharded by `hashmod` on the same names splits the fleet the same way.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash > 0 && int.TryParse(text[..slash], CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text[(slash + 1)..], CultureInfo.InvariantCulture, out var count) && count >= 1 && index >= 0 && index < count)
            return new Shard(index, count);
        throw new ArgumentException($"{text}: expected i/N with 0 <= i < N, such as 0/3");
    }

#pragma warning disable CA5351 // Not for security: MD5 is what Prometheus's hashmod uses, and the split must be the same.
    public static ulong HashMod(string value, ulong modulus) =>
        BinaryPrimitives.ReadUInt64BigEndian(MD5.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(8)) % modulus;
#pragma warning restore CA5351

    public bool Owns(string target) => HashMod(target, (ulong)Count) == (ulong)Index;

    public override string ToString() => $"{Index}/{Count}";
}
