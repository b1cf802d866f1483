using Goroscope.Live;

namespace Goroscope.Tests.Live;

/// <summary>The one set of rules by which every verb turns what the user typed into pprof URLs.</summary>
public class PprofEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:6060", "127.0.0.1:6060", "http://127.0.0.1:6060/")]
    [InlineData("localhost:6060", "localhost:6060", "http://localhost:6060/")]
    [InlineData("[::1]:6060", "[::1]:6060", "http://[::1]:6060/")]
    [InlineData("http://127.0.0.1:6060", "127.0.0.1:6060", "http://127.0.0.1:6060/")]
    [InlineData("http://127.0.0.1:6060/", "127.0.0.1:6060", "http://127.0.0.1:6060/")]
    [InlineData("https://svc.example:8443/admin", "svc.example:8443", "https://svc.example:8443/admin/")]
    [InlineData("https://svc.example:8443/admin/", "svc.example:8443", "https://svc.example:8443/admin/")]
    [InlineData("http://10.0.0.5:6060/debug/pprof", "10.0.0.5:6060", "http://10.0.0.5:6060/")]
    [InlineData("http://10.0.0.5:6060/debug/pprof/", "10.0.0.5:6060", "http://10.0.0.5:6060/")]
    [InlineData("orders=http://10.0.0.5:6060/debug/pprof/", "orders", "http://10.0.0.5:6060/")]
    [InlineData("orders=10.0.0.5:6060", "orders", "http://10.0.0.5:6060/")]
    public void Host_port_and_urls_without_a_profile_name_the_prefix(string text, string name, string prefix)
    {
        var endpoint = PprofEndpoint.Parse(text);
        Assert.Equal(name, endpoint.Name);
        Assert.Equal(prefix, endpoint.Prefix.ToString());
        Assert.Null(endpoint.Profile);
    }

    [Theory]
    [InlineData("http://h:6060/debug/pprof/goroutine?debug=1", "http://h:6060/", "http://h:6060/debug/pprof/goroutine?debug=1")]
    [InlineData("http://h:6060/debug/pprof/goroutine", "http://h:6060/", "http://h:6060/debug/pprof/goroutine")]
    [InlineData("https://h/admin/debug/pprof/trace?seconds=2", "https://h/admin/", "https://h/admin/debug/pprof/trace?seconds=2")]
    [InlineData("h:6060/debug/pprof/goroutineleak?debug=1", "http://h:6060/", "http://h:6060/debug/pprof/goroutineleak?debug=1")]
    public void A_path_ending_in_a_profile_is_the_full_url_taken_as_given(string text, string prefix, string profile)
    {
        var endpoint = PprofEndpoint.Parse(text);
        Assert.Equal(prefix, endpoint.Prefix.ToString());
        Assert.Equal(profile, endpoint.Profile!.ToString());
    }

    [Fact]
    public void Profiles_are_under_the_prefix()
    {
        var endpoint = PprofEndpoint.Parse("https://svc.example:8443/admin");
        Assert.Equal("https://svc.example:8443/admin/debug/pprof/goroutine?debug=0", endpoint.Goroutine(0).ToString());
        Assert.Equal("https://svc.example:8443/admin/debug/pprof/goroutine?debug=2", endpoint.Goroutine(2).ToString());
        Assert.Equal("https://svc.example:8443/admin/debug/pprof/goroutineleak?debug=1", endpoint.GoroutineLeak(1).ToString());
    }

    [Theory]
    [InlineData(5.0, "seconds=5")]
    [InlineData(0.2, "seconds=1")]
    [InlineData(2.5, "seconds=3")]
    public void A_trace_asks_for_whole_seconds_and_at_least_one(double seconds, string query) =>
        Assert.Equal($"http://h:1/debug/pprof/trace?{query}", PprofEndpoint.Parse("h:1").Trace(TimeSpan.FromSeconds(seconds)).ToString());

    [Theory]
    [InlineData("ftp://h:1", "not a live target")]
    [InlineData("http://", "not a live target")]
    [InlineData("http://h:6060/?debug=2", "a query goes only with a full /debug/pprof/PROFILE URL")]
    public void What_is_no_live_target_is_refused_in_one_line(string text, string reason)
    {
        var message = Assert.Throws<FormatException>(() => PprofEndpoint.Parse(text)).Message;
        Assert.StartsWith($"{text}: {reason}", message);
        Assert.DoesNotContain('\n', message);
    }

    [Theory]
    [InlineData("127.0.0.1:6060", true)]
    [InlineData("localhost:6060", true)]
    [InlineData("[::1]:6060", true)]
    [InlineData("localhost:6060/admin", true)]
    [InlineData("http://h", true)]
    [InlineData("orders=http://h:1", true)]
    [InlineData("orders=h:1", true)]
    [InlineData("dump.txt", false)]
    [InlineData("./localhost:6060", false)]
    [InlineData("dumps/a=b.txt", false)]
    [InlineData("-", false)]
    public void Sources_that_name_a_live_target_are_told_from_files(string source, bool live) =>
        Assert.Equal(live, PprofEndpoint.IsLive(source));
}
