using Goroscope.Watch.Fleet;

namespace Goroscope.Watch.Tests;

public class ShardTests
{
    [Theory]
    // Expected values from Prometheus's hashmod code run in Go 1.27:
    // binary.BigEndian.Uint64(md5.Sum([]byte(name))[8:]) % 3 (model/relabel/relabel.go).
    [InlineData("orders-1", 0)]
    [InlineData("orders-2", 1)]
    [InlineData("checkout", 0)]
    [InlineData("10.0.0.5:6060", 0)]
    public void HashMod_IsPrometheusHashmod(string name, ulong expected) => Assert.Equal(expected, Shard.HashMod(name, 3));

    [Fact]
    public void Shards_SplitAFleetWithoutOverlapOrGap()
    {
        var names = Enumerable.Range(0, 300).Select(i => $"svc-{i}").ToList();
        var shards = Enumerable.Range(0, 3).Select(i => new Shard(i, 3)).ToList();
        Assert.All(names, n => Assert.Single(shards, s => s.Owns(n)));
        Assert.All(shards, s => Assert.InRange(names.Count(s.Owns), 70, 130));
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    public void BadShard_IsRefusedNamingTheForm(string text) =>
        Assert.Equal($"{text}: expected i/N with 0 <= i < N, such as 0/3", Assert.Throws<ArgumentException>(() => Shard.Parse(text)).Message);
}
