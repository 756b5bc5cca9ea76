using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// The stamps of one file (UTC ticks), packed without loss in chunks of 16,384 lines: each full chunk is kept as its
/// least stamp plus every line's distance from it, counted in the coarsest unit that divides them all (a second, a
/// millisecond, a microsecond or a tick) and stored in the fewest bytes that hold the largest (none when the chunk is
/// one stamp repeated, then 1, 2, 4 or 8). A busy access log stamped to the second fills a chunk in minutes, so its
/// stamps cost one or two bytes a line instead of eight (issue 19: a month of a busy host is tens of millions of
/// lines); a chunk that steps back across a displaced night still packs, only wider. The last chunk stays as it came
/// (grown from 16 values, doubling) until it fills or <see cref="Seal"/> packs it. With packing off (the check against
/// the unpacked engine, <see cref="AnomalyOptions.PackFacts"/>) every chunk keeps its eight-byte stamps.
/// </summary>
internal sealed class StampColumn
{
    private const int Shift = 14;
    private const int Size = 1 << Shift;
    private const int Mask = Size - 1;
    private const int FirstSize = 16;
    private static readonly long[] Units = [TimeSpan.TicksPerSecond, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerMicrosecond, 1];

    private readonly bool _pack;
    private readonly List<Chunk> _chunks = [];
    private long[] _open = [];
    private int _openCount;
    // The last, partly filled chunk packed while the scan reads other files (Park), unpacked if a stamp comes after all.
    private Chunk? _parked;

    /// <param name="pack">False keeps every stamp in eight bytes (what the packed column is checked against).</param>
    public StampColumn(bool pack) => _pack = pack;

    /// <summary>Stamps held.</summary>
    public int Length { get; private set; }

    /// <summary>Bytes held in chunk arrays (what the column grows with).</summary>
    public long BytesHeld { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long ticks)
    {
        if (_parked is not null) Unpark();
        if (_openCount == _open.Length)
        {
            int length = Math.Min(Size, Math.Max(FirstSize, _open.Length * 2));
            var grown = new long[length];
            Array.Copy(_open, grown, _openCount);
            BytesHeld += (long)(length - _open.Length) * sizeof(long);
            _open = grown;
        }
        _open[_openCount++] = ticks;
        Length++;
        if (_openCount == Size) Close();
    }

    /// <summary>
    /// Packs the last, partly filled chunk while no stamp comes (the scan reads another file): a bundle of many files
    /// shorter than a chunk (hourly CloudFront files) would otherwise hold eight bytes a line until detection. A stamp
    /// added later unpacks it first.
    /// </summary>
    public void Park()
    {
        if (!_pack || _openCount == 0 || _parked is not null) return;
        _parked = Pack(_open.AsSpan(0, _openCount));
        BytesHeld += _parked.Bytes - _open.Length * (long)sizeof(long);
        _open = [];
    }

    private void Unpark()
    {
        var parked = _parked!;
        _parked = null;
        int length = Math.Min(Size, Math.Max(FirstSize, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_openCount)));
        _open = new long[length];
        for (int k = 0; k < _openCount; k++) _open[k] = parked.At(k);
        BytesHeld += length * (long)sizeof(long) - parked.HeldBytes;
    }

    /// <summary>Packs the last, partly filled chunk: no stamp is added after this.</summary>
    public void Seal()
    {
        if (_parked is not null)
        {
            _chunks.Add(_parked);
            _parked = null;
            _openCount = 0;
        }
        if (_openCount > 0) Close();
        BytesHeld -= _open.Length * (long)sizeof(long);
        _open = [];
    }

    /// <summary>
    /// Writes every packed chunk still in memory (the full ones, and the last one once parked or sealed) to
    /// <paramref name="spill"/>; they are read back through its cache when a line of theirs is asked for.
    /// </summary>
    public void Spill(FactSpill spill)
    {
        foreach (var c in _chunks) BytesHeld -= c.Spill(spill);
        if (_parked is not null) BytesHeld -= _parked.Spill(spill);
    }

    public long this[int index]
    {
        get
        {
            int c = index >> Shift;
            if (c == _chunks.Count) return _parked is { } parked ? parked.At(index & Mask) : _open[index & Mask];
            return _chunks[c].At(index & Mask);
        }
    }

    /// <summary>The least stamp (the column must hold one).</summary>
    public long Min()
    {
        if (Length == 0) throw new InvalidOperationException("No stamps.");
        long min = long.MaxValue;
        foreach (var c in _chunks) min = Math.Min(min, c.Base);
        if (_parked is not null) return Math.Min(min, _parked.Base);
        for (int k = 0; k < _openCount; k++) min = Math.Min(min, _open[k]);
        return min;
    }

    /// <summary>The greatest stamp (the column must hold one).</summary>
    public long Max()
    {
        if (Length == 0) throw new InvalidOperationException("No stamps.");
        long max = long.MinValue;
        foreach (var c in _chunks) max = Math.Max(max, c.Top);
        if (_parked is not null) return Math.Max(max, _parked.Top);
        for (int k = 0; k < _openCount; k++) max = Math.Max(max, _open[k]);
        return max;
    }

    private void Close()
    {
        var values = _open.AsSpan(0, _openCount);
        var chunk = _pack ? Pack(values) : Chunk.Raw(values.ToArray());
        BytesHeld += chunk.Bytes;
        _chunks.Add(chunk);
        // A full chunk's array is kept for the next one (no new 128 KB a chunk).
        if (_openCount == Size)
        {
            _openCount = 0;
            return;
        }
        BytesHeld -= _open.Length * (long)sizeof(long);
        _open = [];
        _openCount = 0;
    }

    private static Chunk Pack(ReadOnlySpan<long> values)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (long v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        // Stamps are DateTime ticks (0 to 3.2e18), so a distance between two never overflows.
        ulong range = (ulong)(max - min);
        long unit = 1;
        foreach (long u in Units)
        {
            bool divides = true;
            foreach (long v in values)
            {
                if ((v - min) % u != 0) { divides = false; break; }
            }
            if (divides) { unit = u; break; }
        }
        ulong top = range / (ulong)unit;
        if (top == 0) return new Chunk(min, unit, max);
        if (top <= byte.MaxValue)
        {
            var b = new byte[values.Length];
            for (int k = 0; k < b.Length; k++) b[k] = (byte)((values[k] - min) / unit);
            return new Chunk(min, unit, max, b);
        }
        if (top <= ushort.MaxValue)
        {
            var s = new ushort[values.Length];
            for (int k = 0; k < s.Length; k++) s[k] = (ushort)((values[k] - min) / unit);
            return new Chunk(min, unit, max, s);
        }
        if (top <= uint.MaxValue)
        {
            var w = new uint[values.Length];
            for (int k = 0; k < w.Length; k++) w[k] = (uint)((values[k] - min) / unit);
            return new Chunk(min, unit, max, w);
        }
        return Chunk.Raw(values.ToArray());
    }

    /// <summary>One packed chunk: a base, a unit and one of the distance arrays (none when all stamps are the base).</summary>
    private sealed class Chunk
    {
        private readonly SpillPart<byte>? _bytes;
        private readonly SpillPart<ushort>? _shorts;
        private readonly SpillPart<uint>? _words;
        private readonly SpillPart<long>? _raw;

        /// <summary>A chunk of one stamp repeated.</summary>
        public Chunk(long min, long unit, long max)
        {
            Base = min;
            Unit = unit;
            Top = max;
        }

        public Chunk(long min, long unit, long max, byte[] values) : this(min, unit, max) { _bytes = new(values); Bytes = values.Length; }

        public Chunk(long min, long unit, long max, ushort[] values) : this(min, unit, max) { _shorts = new(values); Bytes = values.Length * 2L; }

        public Chunk(long min, long unit, long max, uint[] values) : this(min, unit, max) { _words = new(values); Bytes = values.Length * 4L; }

        private Chunk(long[] values, long min, long max) : this(min, 1, max) { _raw = new(values); Bytes = values.Length * 8L; }

        public static Chunk Raw(long[] values)
        {
            long min = long.MaxValue, max = long.MinValue;
            foreach (long v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            return new Chunk(values, min, max);
        }

        public long Base { get; }
        public long Unit { get; }
        /// <summary>The greatest stamp of the chunk.</summary>
        public long Top { get; }
        /// <summary>Bytes of the distances (in memory or spilled).</summary>
        public long Bytes { get; }

        /// <summary>Bytes of the distances held in memory for good (none once spilled).</summary>
        public long HeldBytes => _bytes?.HeldBytes ?? _shorts?.HeldBytes ?? _words?.HeldBytes ?? _raw?.HeldBytes ?? 0;

        /// <summary>Writes the distances to <paramref name="spill"/>; returns the bytes freed.</summary>
        public long Spill(FactSpill spill) =>
            _bytes?.Spill(spill) ?? _shorts?.Spill(spill) ?? _words?.Spill(spill) ?? _raw?.Spill(spill) ?? 0;

        public long At(int k)
        {
            if (_bytes is not null) return Base + _bytes.Array[k] * Unit;
            if (_shorts is not null) return Base + _shorts.Array[k] * Unit;
            if (_words is not null) return Base + _words.Array[k] * Unit;
            if (_raw is not null) return _raw.Array[k];
            return Base;
        }
    }
}
