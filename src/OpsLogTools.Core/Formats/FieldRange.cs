namespace OpsLogTools.Core.Formats;

/// <summary>
/// Where a field sits in a line (start and length in bytes), or that it is absent. The default value is absent,
/// so a scanner only has to set the fields it found. Holds offsets, not spans, so it can live in a plain struct.
/// </summary>
public readonly struct FieldRange : IEquatable<FieldRange>
{
    private readonly int _start;
    // Length + 1, so that default(FieldRange) means "absent" while an empty field ("") is still present.
    private readonly int _lengthPlusOne;

    /// <summary>A present field of <paramref name="length"/> bytes at <paramref name="start"/>.</summary>
    public FieldRange(int start, int length)
    {
        _start = start;
        _lengthPlusOne = length + 1;
    }

    /// <summary>An absent field.</summary>
    public static FieldRange Absent => default;

    /// <summary>True when the field was found in the line (it may still be empty).</summary>
    public bool IsPresent => _lengthPlusOne > 0;

    /// <summary>Offset of the first byte.</summary>
    public int Start => _start;

    /// <summary>Length in bytes (0 when absent).</summary>
    public int Length => _lengthPlusOne > 0 ? _lengthPlusOne - 1 : 0;

    /// <summary>Offset just past the last byte.</summary>
    public int End => _start + Length;

    /// <summary>The bytes of this field in <paramref name="line"/> (empty when absent).</summary>
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> line) => IsPresent ? line.Slice(_start, Length) : default;

    /// <summary>True when the field is present and is exactly a single '-' (the log's way of saying "none").</summary>
    public bool IsDash(ReadOnlySpan<byte> line) => Length == 1 && line[_start] == (byte)'-';

    /// <inheritdoc />
    public bool Equals(FieldRange other) => _start == other._start && _lengthPlusOne == other._lengthPlusOne;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldRange other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_start, _lengthPlusOne);

    /// <summary>Equality.</summary>
    public static bool operator ==(FieldRange left, FieldRange right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FieldRange left, FieldRange right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => IsPresent ? $"[{_start}..{End})" : "absent";
}
