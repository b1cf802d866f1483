using Goroscope.Config;

namespace Goroscope.Tests.Config;

/// <summary>The one duration syntax of every option and setting: Go's, plus days.</summary>
public class GoDurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("1d12h", 129_600_000)]
    [InlineData("0", 0)]
    [InlineData("250us", 0.25)]
    [InlineData("250µs", 0.25)]
    [InlineData("1500000ns", 1.5)]
    public void Go_durations_and_days_parse(string text, double milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("5w")]
    [InlineData("s")]
    [InlineData("1.2.3s")]
    [InlineData("99999999999d")]
    public void Anything_else_is_no_duration(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void A_bad_duration_says_what_was_expected() =>
        Assert.Equal("5: not a duration (write it like 500ms, 30s, 1h30m or 7d)", Assert.Throws<FormatException>(() => GoDuration.Parse("5")).Message);

    [Theory]
    [InlineData(0.75, "750ms")]
    [InlineData(30, "30s")]
    [InlineData(600, "10m")]
    [InlineData(7200, "2h")]
    [InlineData(604800, "7d")]
    public void Formatting_picks_the_largest_fitting_unit(double seconds, string text) =>
        Assert.Equal(text, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
}
