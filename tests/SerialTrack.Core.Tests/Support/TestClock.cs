namespace SerialTrack.Tests.Support;

// A clock the test moves by hand.
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public TestClock() : this(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
