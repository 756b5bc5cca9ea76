using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// CloudFront viewers by IPv4 address as a number: open addressing over a flat array of keys and one of states, so
/// finding a known client costs a probe into a few hundred KB of keys instead of a dictionary's bucket and entry.
/// Address 0 is never a key (the fast parser gives 0 for "not a plain IPv4 address").
/// </summary>
internal sealed class ViewerTable
{
    private uint[] _keys = new uint[1 << 12];
    private ClientState?[] _states = new ClientState?[1 << 12];

    public int Count { get; private set; }

    /// <summary>The state kept for <paramref name="address"/>, or a reference to fill for a new one (null until filled).</summary>
    public ref ClientState? Find(uint address)
    {
        if (2 * (Count + 1) > _keys.Length) Grow();
        int mask = _keys.Length - 1;
        for (int i = Spread(address) & mask; ; i = (i + 1) & mask)
        {
            uint key = _keys[i];
            if (key == address) return ref _states[i];
            if (key == 0)
            {
                _keys[i] = address;
                Count++;
                return ref _states[i];
            }
        }
    }

    /// <summary>The state kept for <paramref name="address"/>, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ClientState? Get(uint address)
    {
        int mask = _keys.Length - 1;
        for (int i = Spread(address) & mask; ; i = (i + 1) & mask)
        {
            uint key = _keys[i];
            if (key == address) return _states[i];
            if (key == 0) return null;
        }
    }

    /// <summary>Keeps <paramref name="state"/> for <paramref name="address"/>.</summary>
    public void Set(uint address, ClientState state) => Find(address) = state;

    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(_states);
        Count = 0;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldStates = _states;
        _keys = new uint[oldKeys.Length * 2];
        _states = new ClientState?[oldKeys.Length * 2];
        int mask = _keys.Length - 1;
        for (int k = 0; k < oldKeys.Length; k++)
        {
            if (oldKeys[k] == 0) continue;
            int i = Spread(oldKeys[k]) & mask;
            while (_keys[i] != 0) i = (i + 1) & mask;
            _keys[i] = oldKeys[k];
            _states[i] = oldStates[k];
        }
    }

    // Addresses of one network differ in the low bits: multiply so that they spread over the whole table.
    private static int Spread(uint address) => (int)((address * 0x9E3779B1u) >> 8);
}
