using System.Diagnostics.CodeAnalysis;

namespace SerialTrack.Core.Gs1;

public static class Gs1Date
{
    // Converts a YYMMDD value of a date AI (11, 13, 15, 16, 17, ...) to a calendar date.
    public static bool TryToDate(string yymmdd, DateOnly today, out DateOnly date, [NotNullWhen(false)] out Gs1Error? error)
    {
        date = default;
        if (Gs1Linters.Run("yymmd0", yymmdd) is { } failure)
        {
            error = Gs1Error.For(failure.Code, null, null, failure.Reason);
            return false;
        }

        var yy = int.Parse(yymmdd.AsSpan(0, 2));
        var month = int.Parse(yymmdd.AsSpan(2, 2));
        var day = int.Parse(yymmdd.AsSpan(4, 2));

        // GS1 General Specifications §7.12: the century of a YYMMDD date is the one that puts the year
        // within 49 years ahead of or 50 years behind the current year.
        var century = today.Year / 100 * 100;
        var difference = yy - today.Year % 100;
        var year = difference switch
        {
            >= 51 => century - 100 + yy,
            <= -50 => century + 100 + yy,
            _ => century + yy,
        };

        // GS1 General Specifications §3.4.6: day 00 means the last day of the month.
        var daysInMonth = DateTime.DaysInMonth(year, month);
        if (day > daysInMonth)
        {
            error = Gs1Error.For(Gs1ErrorCodes.Date, null, null, $"day {day:00} does not exist in {year}-{month:00}");
            return false;
        }

        date = new DateOnly(year, month, day == 0 ? daysInMonth : day);
        error = null;
        return true;
    }

    public static DateOnly ToDate(string yymmdd, DateOnly today) =>
        TryToDate(yymmdd, today, out var date, out var error) ? date : throw new Gs1Exception(error);
}
