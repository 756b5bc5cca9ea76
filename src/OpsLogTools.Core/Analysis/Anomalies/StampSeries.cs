namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// The stamps of one file, or of the files of a rotated set read as one stream, indexed as one series without copying
/// them: a rotated set's files keep their own arrays (a copy would cost eight bytes a line while runs are looked for).
/// </summary>
internal readonly struct StampSeries
{
    private readonly StampColumn[] _parts;
    private readonly int[] _starts;

    public StampSeries(IReadOnlyList<StampColumn> parts)
    {
        _parts = [.. parts];
        _starts = new int[_parts.Length];
        int at = 0;
        for (int k = 0; k < _parts.Length; k++)
        {
            _starts[k] = at;
            at += _parts[k].Length;
        }
        Length = at;
    }

    public int Length { get; }

    public long this[int i]
    {
        get
        {
            if (_parts.Length == 1) return _parts[0][i];
            int k = Part(i);
            return _parts[k][i - _starts[k]];
        }
    }

    /// <summary>The part (file) holding index <paramref name="i"/>: the last whose start is at or before it, skipping empty files.</summary>
    public int Part(int i)
    {
        int lo = 0, hi = _starts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (_starts[mid] <= i) lo = mid; else hi = mid - 1;
        }
        while (lo > 0 && _parts[lo].Length == 0) lo--;
        return lo;
    }

    /// <summary>Index <paramref name="i"/> as (part, index inside it).</summary>
    public (int Part, int Index) Locate(int i)
    {
        int k = Part(i);
        return (k, i - _starts[k]);
    }
}
