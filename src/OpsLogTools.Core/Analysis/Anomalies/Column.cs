using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// A growable column of per-line values stored in fixed chunks: no doubling slack and no copying as a file
/// grows. A column that was never filled reads as default for every line, so files that have no such value
/// (access logs have no pid) cost nothing for it. A chunk whose values are all one value is stored as that value
/// alone, and its array is made only when a second value comes: a file of one line repeated (a program stuck in
/// a loop, millions of lines in a small gzip) costs no bytes a line here, however long it is. The last chunk
/// grows as lines come (from 16 values, doubling up to the chunk size): a file of seven lines holds arrays of sixteen,
/// not of 16,384 (10,000 small files cost 3 GB when every column of every file took a whole chunk).
/// When packing is on, a full chunk (and the last one, at <see cref="Seal"/>) of at most 256 distinct values is kept as
/// one byte a line into a table of those values: a chunk of access lines has a handful of statuses, a chunk of syslog
/// lines a few dozen programs, pids and kinds of line, so those columns cost a byte a line instead of two or four.
/// </summary>
internal sealed class Column<T> where T : struct
{
    private const int Shift = 14;
    private const int Size = 1 << Shift;
    private const int Mask = Size - 1;
    private const int FirstSize = 16;
    private const int FewestToPack = 1024;
    private readonly bool _pack;
    // Per chunk: its values, or null when every value so far is _same[chunk] or the chunk is packed (_codes[chunk]).
    private readonly List<T[]?> _chunks = [];
    private readonly List<T> _same = [];
    private readonly List<(SpillPart<byte> Codes, T[] Table)?> _codes = [];
    // Per chunk: its values when they were written to the spill file unpacked (more than 256 distinct, or a byte column).
    private readonly List<SpillPart<T>?> _stored = [];
    private bool _sealed;

    /// <param name="pack">True to pack full chunks of few distinct values to a byte a line (see the type's remarks).</param>
    public Column(bool pack = false) => _pack = pack && System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > 1;

    public int Count { get; private set; }

    /// <summary>Bytes held in chunk arrays (what the column grows with).</summary>
    public long BytesHeld { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(T value)
    {
        int c = Count >> Shift, at = Count & Mask;
        if (at == 0)
        {
            if (c > 0) Pack(c - 1);
            _chunks.Add(null);
            _same.Add(value);
            _codes.Add(null);
            _stored.Add(null);
        }
        else if (_chunks[c] is { } chunk)
        {
            if (at == chunk.Length) _chunks[c] = chunk = Grow(chunk, at + 1);
            chunk[at] = value;
        }
        else if (_codes[c] is { } packed)
        {
            // A parked chunk (see Park) takes a value after all: back to its array.
            chunk = Grow([], at + 1);
            var codes = packed.Codes.Array;
            for (int k = 0; k < at; k++) chunk[k] = packed.Table[codes[k]];
            chunk[at] = value;
            _chunks[c] = chunk;
            _codes[c] = null;
            BytesHeld -= packed.Codes.HeldBytes + (long)packed.Table.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        }
        else if (!EqualityComparer<T>.Default.Equals(value, _same[c]))
        {
            chunk = Grow([], at + 1);
            Array.Fill(chunk, _same[c], 0, at);
            chunk[at] = value;
            _chunks[c] = chunk;
        }
        Count++;
    }

    /// <summary>Packs the last chunk: no value is added after this.</summary>
    public void Seal()
    {
        Park();
        _sealed = true;
    }

    /// <summary>
    /// Writes every chunk no value is added to any more (the full ones; the last one when packed or sealed) to
    /// <paramref name="spill"/>; they are read back through its cache when a line of theirs is asked for.
    /// </summary>
    public void Spill(FactSpill spill)
    {
        int full = Count >> Shift;
        for (int c = 0; c < _chunks.Count; c++)
        {
            if (_codes[c] is { } packed) BytesHeld -= packed.Codes.Spill(spill);
            else if (_chunks[c] is { } chunk && (c < full || _sealed))
            {
                var stored = new SpillPart<T>(chunk);
                _stored[c] = stored;
                _chunks[c] = null;
                BytesHeld -= stored.Spill(spill);
            }
        }
    }

    /// <summary>Packs the last chunk while no value comes (the scan reads another file); a value added later unpacks it.</summary>
    public void Park()
    {
        if (_chunks.Count > 0) Pack(_chunks.Count - 1);
    }

    // A chunk of at most 256 distinct values becomes a byte a line into a table of them. A file of a few lines is left
    // as it is: its table would cost more than it saves.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Pack(int c)
    {
        if (!_pack || _chunks[c] is not { } chunk) return;
        int n = Math.Min(Size, Count - c * Size);
        if (n < FewestToPack) return;
        var table = new Dictionary<T, byte>();
        var codes = new byte[n];
        for (int k = 0; k < n; k++)
        {
            if (!table.TryGetValue(chunk[k], out byte code))
            {
                if (table.Count == 256) return;
                code = (byte)table.Count;
                table.Add(chunk[k], code);
            }
            codes[k] = code;
        }
        var values = new T[table.Count];
        foreach (var (value, code) in table) values[code] = value;
        _codes[c] = (new SpillPart<byte>(codes), values);
        _chunks[c] = null;
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        BytesHeld += n + (long)values.Length * size - (long)chunk.Length * size;
    }

    // The chunk's array, at least `needed` long: doubled (from FirstSize) up to the chunk size, its values kept.
    private T[] Grow(T[] chunk, int needed)
    {
        int length = Math.Max(FirstSize, chunk.Length);
        while (length < needed) length *= 2;
        length = Math.Min(Size, length);
        var grown = new T[length];
        Array.Copy(chunk, grown, chunk.Length);
        BytesHeld += (long)(length - chunk.Length) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        return grown;
    }

    public T this[int index]
    {
        get
        {
            if (index >= Count) return default;
            int c = index >> Shift;
            if (_chunks[c] is { } chunk) return chunk[index & Mask];
            if (_codes[c] is { } packed) return packed.Table[packed.Codes.Array[index & Mask]];
            if (_stored[c] is { } stored) return stored.Array[index & Mask];
            return _same[c];
        }
    }

    public T[] ToArray()
    {
        var result = new T[Count];
        for (int c = 0; c < _chunks.Count; c++)
        {
            int n = Math.Min(Size, Count - c * Size);
            if (_chunks[c] is { } chunk) Array.Copy(chunk, 0, result, c * Size, n);
            else if (_codes[c] is { } packed)
            {
                var codes = packed.Codes.Array;
                for (int k = 0; k < n; k++) result[c * Size + k] = packed.Table[codes[k]];
            }
            else if (_stored[c] is { } stored) Array.Copy(stored.Array, 0, result, c * Size, n);
            else Array.Fill(result, _same[c], c * Size, n);
        }
        return result;
    }

    public void Clear()
    {
        _chunks.Clear();
        _same.Clear();
        _codes.Clear();
        _stored.Clear();
        _sealed = false;
        Count = 0;
        BytesHeld = 0;
    }
}

/// <summary>
/// A per-line value that rarely changes (the offset a file is stamped with, a line number that is one more
/// than the last): only the changes are stored, as (first line index, value) pairs.
/// </summary>
internal sealed class StepColumn
{
    private readonly List<int> _at = [];
    private readonly List<long> _value = [];
    private readonly bool _counting;
    private int _count;

    /// <param name="counting">True when the value is expected to rise by one per line (line numbers).</param>
    public StepColumn(bool counting) => _counting = counting;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long value)
    {
        if (_at.Count == 0 || value != Expected(_count)) { _at.Add(_count); _value.Add(value); }
        _count++;
    }

    public long this[int index]
    {
        get
        {
            if (_at.Count == 0) return 0;
            int lo = 0, hi = _at.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >>> 1;
                if (_at[mid] <= index) lo = mid; else hi = mid - 1;
            }
            return _counting ? _value[lo] + (index - _at[lo]) : _value[lo];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Expected(int index)
    {
        int last = _at.Count - 1;
        return _counting ? _value[last] + (index - _at[last]) : _value[last];
    }
}
