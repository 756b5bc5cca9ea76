namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// A growable column of per-line values stored in fixed chunks: no doubling slack and no copying as a file
/// grows. A column that was never filled reads as default for every line, so files that have no such value
/// (access logs have no pid) cost nothing for it. A chunk whose values are all one value is stored as that value
/// alone, and its array is made only when a second value comes: a file of one line repeated (a program stuck in
/// a loop, millions of lines in a small gzip) costs no bytes a line here, however long it is. The last chunk
/// grows as lines come (from 16 values, doubling up to the chunk size): a file of seven lines holds arrays of sixteen,
/// not of 16,384 (10,000 small files cost 3 GB when every column of every file took a whole chunk).
/// </summary>
internal sealed class Column<T> where T : struct
{
    private const int Shift = 14;
    private const int Size = 1 << Shift;
    private const int Mask = Size - 1;
    private const int FirstSize = 16;
    // Per chunk: its values, or null when every value so far is _same[chunk].
    private readonly List<T[]?> _chunks = [];
    private readonly List<T> _same = [];

    public int Count { get; private set; }

    /// <summary>Bytes held in chunk arrays (what the column grows with).</summary>
    public long BytesHeld { get; private set; }

    public void Add(T value)
    {
        int c = Count >> Shift, at = Count & Mask;
        if (at == 0)
        {
            _chunks.Add(null);
            _same.Add(value);
        }
        else if (_chunks[c] is { } chunk)
        {
            if (at == chunk.Length) _chunks[c] = chunk = Grow(chunk, at + 1);
            chunk[at] = value;
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
            return _chunks[c] is { } chunk ? chunk[index & Mask] : _same[c];
        }
    }

    public T[] ToArray()
    {
        var result = new T[Count];
        for (int c = 0; c < _chunks.Count; c++)
        {
            int n = Math.Min(Size, Count - c * Size);
            if (_chunks[c] is { } chunk) Array.Copy(chunk, 0, result, c * Size, n);
            else Array.Fill(result, _same[c], c * Size, n);
        }
        return result;
    }

    public void Clear()
    {
        _chunks.Clear();
        _same.Clear();
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

    private long Expected(int index)
    {
        int last = _at.Count - 1;
        return _counting ? _value[last] + (index - _at[last]) : _value[last];
    }
}
