namespace SerialTrack.Core;

// Who does something: recorded on every event. UserId is null for system work (demo generator, migrations).
public sealed record Actor(long? UserId, string Name)
{
    public static readonly Actor System = new(null, "system");
}
