using Google.Protobuf;
using Goroscope.Watch.Push;
using Goroscope.Watch.Push.Proto;

namespace Goroscope.Watch.Tests;

public class PushRequestReaderTests
{
    private static byte[] Request(params (string Name, string Value)[] labels)
    {
        var series = new RawProfileSeries { Samples = { new RawSample { RawProfile = ByteString.CopyFromUtf8("profile"), ID = "1" } } };
        foreach (var (name, value) in labels)
            series.Labels.Add(new LabelPair { Name = name, Value = value });
        return new PushRequest { Series = { series } }.ToByteArray();
    }

    [Theory]
    [InlineData("checkout", "checkout-7f9c", "10.0.0.5:6060", "checkout/checkout-7f9c")]
    [InlineData("checkout", "", "10.0.0.5:6060", "checkout/10.0.0.5:6060")]
    [InlineData("checkout", "", "", "checkout")]
    [InlineData("", "checkout-7f9c", "10.0.0.5:6060", "checkout-7f9c")]
    [InlineData("", "", "10.0.0.5:6060", "10.0.0.5:6060")]
    public void Target_IsServiceNameThenPodOrInstance(string service, string pod, string instance, string expected)
    {
        var (taken, _) = PushRequestReader.Read(Request(("__name__", "goroutine"), ("service_name", service), ("pod", pod), ("instance", instance)));
        Assert.Equal(expected, Assert.Single(taken).Target);
    }

    [Theory]
    [InlineData("goroutine", PushedKind.Goroutine)]
    [InlineData("goroutines", PushedKind.Goroutine)]
    [InlineData("goroutineleak", PushedKind.GoroutineLeak)]
    public void Kind_IsReadFromTheProfileName(string name, PushedKind kind)
    {
        var (taken, skipped) = PushRequestReader.Read(Request(("__name__", name), ("service_name", "checkout")));
        Assert.Equal((kind, 0), (Assert.Single(taken).Kind, skipped));
    }

    [Fact]
    public void OtherProfileTypes_AreSkipped()
    {
        var (taken, skipped) = PushRequestReader.Read(Request(("__name__", "process_cpu"), ("service_name", "checkout")));
        Assert.Equal((0, 1), (taken.Count, skipped));
    }

    [Fact]
    public void Labels_PassOnWithoutTheReservedOnes()
    {
        var (taken, _) = PushRequestReader.Read(Request(("__name__", "goroutine"), ("__delta__", "false"), ("service_name", "checkout"), ("namespace", "shop")));
        Assert.Equal(["namespace", "service_name"], Assert.Single(taken).Labels.Keys.Order());
    }

    [Fact]
    public void GoroutineProfileWithoutAName_IsRefused()
    {
        var error = Assert.Throws<PushException>(() => PushRequestReader.Read(Request(("__name__", "goroutine"), ("job", "go"))));
        Assert.Equal("a goroutine profile without a service_name, pod or instance label: which process sent it cannot be told", error.Message);
    }
}
