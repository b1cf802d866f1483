using Goroscope.Watch.Detection;
using Goroscope.Watch.Server;
using Goroscope.Watch.Storage;

namespace Goroscope.Watch.Tests;

public class IncidentSeverityTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static Incident Incident(long id, LeakSignal signals, long count = 100, bool resolved = false) =>
        new(id, "svc", id, $"{id:x12}", "chan-send", "main.f main.go:1", Noon.AddMinutes(id), resolved ? Noon.AddHours(1) : null, signals, 0, count, count);

    private static long[] Ranked(params Incident[] incidents) => [.. IncidentSeverity.Order(incidents).Select(i => i.Id)];

    [Fact]
    public void Order_PutsOpenBeforeResolved()
    {
        Assert.Equal([2, 1], Ranked(Incident(1, LeakSignal.RuntimeLeaked, resolved: true), Incident(2, LeakSignal.Concentration)));
    }

    [Fact]
    public void Order_PutsRuntimeProvenBeforeInferred()
    {
        Assert.Equal([2, 1], Ranked(Incident(1, LeakSignal.Growth | LeakSignal.Concentration, count: 5000), Incident(2, LeakSignal.RuntimeLeaked, count: 3)));
    }

    [Fact]
    public void Order_PutsGrowingBeforeStatic()
    {
        Assert.Equal([2, 1], Ranked(Incident(1, LeakSignal.Concentration, count: 5000), Incident(2, LeakSignal.Growth, count: 20)));
    }

    [Fact]
    public void Order_BreaksTiesByGoroutines()
    {
        Assert.Equal([1, 2], Ranked(Incident(1, LeakSignal.Growth, count: 300), Incident(2, LeakSignal.Growth, count: 200)));
    }

    [Theory]
    [InlineData(LeakSignal.RuntimeLeaked | LeakSignal.Growth, "critical")]
    [InlineData(LeakSignal.Growth | LeakSignal.Concentration, "warning")]
    public void Of_IsCriticalOnlyWhenTheRuntimeProvedTheLeak(LeakSignal signals, string severity)
    {
        Assert.Equal(severity, IncidentSeverity.Of(Incident(1, signals)));
    }
}
