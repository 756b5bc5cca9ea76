using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Tests.Properties;

/// <summary>One line as <see cref="LineReader"/> hands it out (copied), for comparing two ways of reading.</summary>
public sealed record ReadLine(long Number, byte[] Bytes, LineFlags Flags, int NulBytesRemoved)
{
    /// <summary>Same number, flags, NUL count and bytes.</summary>
    public bool SameAs(ReadLine other) =>
        Number == other.Number && Flags == other.Flags && NulBytesRemoved == other.NulBytesRemoved && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override string ToString() => $"#{Number} [{Flags}, {NulBytesRemoved} NUL] {Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 48)))}{(Bytes.Length > 48 ? "…" : "")} ({Bytes.Length} bytes)";
}
