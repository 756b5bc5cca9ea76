namespace OpsLogTools.Core.Reading;

/// <summary>
/// Gzip data that is damaged (a member whose CRC-32 or length does not match its trailer, compressed data that does
/// not decompress, bytes that are not gzip): thrown after every byte before the damage was delivered. The message
/// says which member, what is wrong and how many decompressed bytes came before.
/// </summary>
public sealed class CorruptGzipException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CorruptGzipException(string message, int member, long decompressedBytes) : base(message)
    {
        Member = member;
        DecompressedBytes = decompressedBytes;
    }

    /// <summary>1-based number of the damaged member (several in a <c>gzip a; gzip b; cat</c> file).</summary>
    public int Member { get; }

    /// <summary>Decompressed bytes delivered before the damage was found (of the whole file).</summary>
    public long DecompressedBytes { get; }
}
