namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A client's distinct paths as the detector's path numbers: most clients ask for a few dozen paths, and a flat table
/// of ints costs a fraction of a hash set of strings (no entry objects, no string hashing per request).
/// </summary>
internal sealed class PathIdSet
{
    // Open addressing, linear probing; a slot holds id + 1 so that zero means empty. Kept at most half full.
    private int[] _slots = new int[32];

    public int Count { get; private set; }

    public bool Contains(int id)
    {
        int mask = _slots.Length - 1;
        for (int i = Spread(id) & mask; ; i = (i + 1) & mask)
        {
            int s = _slots[i];
            if (s == 0) return false;
            if (s == id + 1) return true;
        }
    }

    /// <summary>Adds a path number (not negative); false when it was there.</summary>
    public bool Add(int id)
    {
        if (2 * (Count + 1) > _slots.Length) Grow();
        int mask = _slots.Length - 1;
        for (int i = Spread(id) & mask; ; i = (i + 1) & mask)
        {
            int s = _slots[i];
            if (s == id + 1) return false;
            if (s == 0)
            {
                _slots[i] = id + 1;
                Count++;
                return true;
            }
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new int[old.Length * 2];
        int mask = _slots.Length - 1;
        foreach (int s in old)
        {
            if (s == 0) continue;
            int i = Spread(s - 1) & mask;
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = s;
        }
    }

    private static int Spread(int id) => (int)((uint)id * 0x9E3779B1u >> 7);
}
