namespace SerialTrack.Core.Epcis;

// What each container holds, kept up as things move, so that a capture asks a container for its contents instead of
// looking through everything it follows. Contents come in the order they went in.
internal sealed class Contents<T>
    where T : notnull
{
    readonly Dictionary<long, List<T>> byContainer = [];

    public void Move(T item, long? from, long? to)
    {
        if (from == to)
        {
            return;
        }
        if (from is { } f && byContainer.TryGetValue(f, out var held))
        {
            held.Remove(item);
        }
        if (to is { } t)
        {
            if (!byContainer.TryGetValue(t, out var list))
            {
                byContainer[t] = list = [];
            }
            list.Add(item);
        }
    }

    public IReadOnlyList<T> Of(long container) => byContainer.TryGetValue(container, out var held) ? held : [];
}
