using System.Globalization;
using System.Text.Json;

namespace SerialTrack.Core.Webhooks;

// The schedule of an EPCIS subscription (EPCIS 2.0 §8.2.5.3, QuerySchedule; REST binding: schedule.second ... dayOfWeek),
// in UTC. Each field is a comma-separated list of values, ranges ("1-5" or "[1-5]") and steps ("0/30": from 0 every 30);
// an omitted field matches every value, except second, which is 0 when omitted (so {"hour":"1","minute":"5"} runs once
// a day at 01:05:00). dayOfWeek counts from 1 (Monday) to 7 (Sunday), as ISO 8601 does.
public sealed record HookSchedule(string? Second = null, string? Minute = null, string? Hour = null, string? DayOfMonth = null, string? Month = null, string? DayOfWeek = null)
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static HookSchedule FromJson(string json) => JsonSerializer.Deserialize<HookSchedule>(json, JsonOptions)!;

    // The REST binding: a subscription either streams (stream=true) or runs on a schedule, so that nobody subscribes to a
    // stream by accident; a schedule must read and must run some day. Answers the first run after now (null for a stream).
    public static DateTimeOffset? FirstRun(bool stream, HookSchedule? schedule, DateTimeOffset now)
    {
        if (stream == (schedule is not null))
        {
            throw DomainException.BadInput("subscription.stream_or_schedule", "stream",
                "A subscription either sets stream to true (every new matching event) or gives a schedule (second, minute, hour, dayOfMonth, month, dayOfWeek); not both, not neither.");
        }
        schedule?.Validate();
        return schedule?.Next(now);
    }

    // Refuses a field that cannot be read, naming it (schedule.minute).
    public void Validate()
    {
        _ = Sets();
        if (new[] { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek }.All(f => f is null))
        {
            throw DomainException.BadInput("subscription.schedule", "schedule", "A schedule needs at least one field: second, minute, hour, dayOfMonth, month or dayOfWeek.");
        }
    }

    // The first run strictly after a time.
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var (seconds, minutes, hours, days, months, weekdays) = Sets();
        var start = new DateTimeOffset(after.UtcDateTime.Ticks - after.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        for (var day = start.Date; day < start.Date.AddYears(5); day = day.AddDays(1))
        {
            var weekday = day.DayOfWeek == System.DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;
            if (!months.Contains(day.Month) || !days.Contains(day.Day) || !weekdays.Contains(weekday))
            {
                continue;
            }
            foreach (var h in hours)
            {
                foreach (var m in minutes)
                {
                    foreach (var s in seconds)
                    {
                        var t = new DateTimeOffset(day.Year, day.Month, day.Day, h, m, s, TimeSpan.Zero);
                        if (t > after)
                        {
                            return t;
                        }
                    }
                }
            }
        }
        throw DomainException.BadInput("subscription.schedule", "schedule", "This schedule never runs (no date in the next five years matches it).");
    }

    (int[] Seconds, int[] Minutes, int[] Hours, int[] Days, int[] Months, int[] Weekdays) Sets() => (
        Values(Second ?? "0", "second", 0, 59), Values(Minute, "minute", 0, 59), Values(Hour, "hour", 0, 23),
        Values(DayOfMonth, "dayOfMonth", 1, 31), Values(Month, "month", 1, 12), Values(DayOfWeek, "dayOfWeek", 1, 7));

    static int[] Values(string? field, string name, int min, int max)
    {
        if (field is null || field.Trim() == "*")
        {
            return [.. Enumerable.Range(min, max - min + 1)];
        }
        var set = new SortedSet<int>();
        foreach (var raw in field.Split(',', StringSplitOptions.TrimEntries))
        {
            var element = raw.StartsWith('[') && raw.EndsWith(']') ? raw[1..^1] : raw;
            var step = 1;
            var slash = element.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                step = Number(element[(slash + 1)..], name, 1, max);
                element = element[..slash];
            }
            var dash = element.IndexOf('-', StringComparison.Ordinal);
            var (from, to) = element == "*" ? (min, max)
                : dash >= 0 ? (Number(element[..dash], name, min, max), Number(element[(dash + 1)..], name, min, max))
                : (Number(element, name, min, max), slash >= 0 ? max : Number(element, name, min, max));
            if (from > to)
            {
                throw Bad(name, $"schedule.{name}: '{raw}' is a range that ends before it starts.");
            }
            for (var v = from; v <= to; v += step)
            {
                set.Add(v);
            }
        }
        return [.. set];
    }

    static int Number(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw Bad(name, $"schedule.{name}: '{text}' is not a whole number from {min} to {max}.");

    static DomainException Bad(string name, string message) => DomainException.BadInput("subscription.schedule", "schedule." + name, message);
}
