namespace OpsLogTools.Core.Sample;

/// <summary>Hands out <see cref="Numbered"/> values in birth order with small random gaps.</summary>
internal sealed class NumberPool
{
    private readonly List<Numbered> _items = new();
    private long _order;

    public Numbered New(DateTimeOffset born)
    {
        var n = new Numbered(born, _order++);
        _items.Add(n);
        return n;
    }

    /// <summary>Numbers everything born before <paramref name="boot"/> from <paramref name="bootStart"/>, the rest from <paramref name="start"/>.</summary>
    public void Assign(Random rng, int bootStart, DateTimeOffset boot, int start, int maxGap)
    {
        int bootNext = bootStart, next = start;
        // Whole seconds, then creation order: the same order the lines of one second are written in.
        foreach (var item in _items.OrderBy(i => i.Born.UtcTicks / TimeSpan.TicksPerSecond).ThenBy(i => i.Order))
        {
            if (item.Born < boot)
            {
                bootNext += rng.Next(1, 40);
                item.Value = bootNext;
            }
            else
            {
                next += rng.Next(1, maxGap + 1);
                item.Value = next;
            }
        }
    }
}
