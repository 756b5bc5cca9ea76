using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// One chunk's array of per-line values, in memory or written to a <see cref="FactSpill"/> and read back on demand.
/// A column's chunk that no line is added to any more is wrapped in one of these.
/// </summary>
internal sealed class SpillPart<T> : ISpilled where T : struct
{
    private T[]? _array;
    private FactSpill? _spill;
    private long _offset;

    public SpillPart(T[] array)
    {
        _array = array;
        Length = array.Length;
    }

    public int Length { get; }

    /// <summary>Bytes of the array.</summary>
    public long Bytes => (long)Length * Unsafe.SizeOf<T>();

    /// <summary>Bytes the part holds in memory for good (none once spilled: a copy read back belongs to the cache).</summary>
    public long HeldBytes => _spill is null ? Bytes : 0;

    /// <summary>True once the array was written to the spill file (it may be read back and held in the cache).</summary>
    public bool IsSpilled => _spill is not null;

    /// <summary>The values: from memory, or read back from the spill file.</summary>
    public T[] Array => _array ?? Load();

    /// <summary>Writes the array to <paramref name="spill"/> and lets it go; returns the bytes freed.</summary>
    public long Spill(FactSpill spill)
    {
        if (_spill is not null || _array is null) return 0;
        _offset = spill.Write(MemoryMarshal.AsBytes(_array.AsSpan()));
        _spill = spill;
        _array = null;
        return Bytes;
    }

    private T[] Load()
    {
        // Arrays read back come from the shared pool and go back to it when the cache drops them: reading a month's facts
        // back makes no garbage. Only the indexers hold an array, for one read, so none is in use when it is returned.
        var array = System.Buffers.ArrayPool<T>.Shared.Rent(Length);
        _spill!.Read(_offset, MemoryMarshal.AsBytes(array.AsSpan(0, Length)));
        _array = array;
        _spill.Loaded(this, Bytes);
        return array;
    }

    long ISpilled.Drop()
    {
        if (_array is { } array) System.Buffers.ArrayPool<T>.Shared.Return(array);
        _array = null;
        return Bytes;
    }
}
