using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class Gs1DateTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    [Theory]
    [InlineData("201225", "2020-12-25")]
    [InlineData("751231", "2075-12-31")]
    [InlineData("770101", "1977-01-01")]
    [InlineData("240200", "2024-02-29")]
    [InlineData("250200", "2025-02-28")]
    public void A_YYMMDD_date_gets_its_century_from_the_sliding_window_and_day_00_means_month_end(string yymmdd, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Gs1Date.ToDate(yymmdd, Today));

    [Fact]
    public void An_impossible_date_is_refused()
    {
        Assert.False(Gs1Date.TryToDate("210230", Today, out _, out var error));
        Assert.Equal(Gs1ErrorCodes.Date, error.Code);
    }
}
