using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>One line as <see cref="LineReader"/> hands it out (copied), for comparing two ways of reading.</summary>
internal sealed record ReadLine(long Number, byte[] Bytes, LineFlags Flags, int NulBytesRemoved)
{
    public override string ToString() => $"#{Number} [{Flags}, {NulBytesRemoved} NUL] {Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 48)))}{(Bytes.Length > 48 ? "…" : "")} ({Bytes.Length} bytes)";
}
