using System.Buffers.Binary;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// The header of a journal file (systemd's <c>docs/JOURNAL_FILE_FORMAT.md</c>, <c>journal-def.h</c> <c>struct Header</c>).
/// Headers grew over the years from 208 bytes (systemd 187 added <c>n_data</c>, ... 254 <c>tail_entry_offset</c>,
/// 272 bytes); only the fields every size has are needed to read the entries, so any size from 208 on is taken.
/// </summary>
internal sealed class JournalHeader
{
    /// <summary>The file's first eight bytes.</summary>
    public static ReadOnlySpan<byte> Signature => "LPKSHHRH"u8;

    /// <summary>The smallest header any systemd wrote (up to the <c>tail_entry_monotonic</c> field).</summary>
    public const int MinimumSize = 208;

    public uint CompatibleFlags { get; private init; }
    public JournalIncompatible IncompatibleFlags { get; private init; }
    public byte State { get; private init; }
    public string SeqnumId { get; private init; } = "";
    /// <summary>The file's 128-bit id (<c>file_id</c>): the key of its data objects' hashes when <see cref="KeyedHash"/>.</summary>
    public byte[] FileId { get; private init; } = [];
    public long HeaderSize { get; private init; }
    public long ArenaSize { get; private init; }
    public long EntryArrayOffset { get; private init; }
    public long EntryCount { get; private init; }

    public bool Compact => (IncompatibleFlags & JournalIncompatible.Compact) != 0;

    /// <summary>True when data objects are hashed with SipHash keyed by <see cref="FileId"/> (else Jenkins lookup3).</summary>
    public bool KeyedHash => (IncompatibleFlags & JournalIncompatible.KeyedHash) != 0;

    /// <summary>The state in words: offline (closed cleanly), online (open for writing, or left so by a crash), archived.</summary>
    public string StateName => State switch { 0 => "offline", 1 => "online", 2 => "archived", _ => $"state {State}" };

    /// <summary>Parses a header; null with the reason when the bytes are not a header this reader can use.</summary>
    public static JournalHeader? Parse(ReadOnlySpan<byte> bytes, long fileLength, out string? problem)
    {
        problem = null;
        if (bytes.Length < MinimumSize || !bytes.StartsWith(Signature))
        {
            problem = "not a journal file (no LPKSHHRH signature and 208-byte header)";
            return null;
        }
        var incompatible = (JournalIncompatible)BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        var unknown = incompatible & ~JournalIncompatible.Known;
        if (unknown != 0)
        {
            problem = $"the header sets incompatible flag(s) 0x{(uint)unknown:x} that this reader does not know (a newer systemd's format); the file is not read, as journalctl refuses it too";
            return null;
        }
        long headerSize = ReadOffset(bytes, 88);
        if (headerSize < MinimumSize || headerSize > fileLength || headerSize % 8 != 0)
        {
            problem = $"its header size {headerSize} is impossible (at least {MinimumSize}, a multiple of 8, within the file's {fileLength} bytes)";
            return null;
        }
        return new JournalHeader
        {
            CompatibleFlags = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            IncompatibleFlags = incompatible,
            State = bytes[16],
            FileId = bytes.Slice(24, 16).ToArray(),
            SeqnumId = Convert.ToHexStringLower(bytes.Slice(72, 16)),
            HeaderSize = headerSize,
            ArenaSize = ReadOffset(bytes, 96),
            EntryArrayOffset = ReadOffset(bytes, 176),
            EntryCount = ReadOffset(bytes, 152),
        };
    }

    /// <summary>A little-endian unsigned 64-bit field as a long; values past long's range read as -1 (checked as out of the file).</summary>
    private static long ReadOffset(ReadOnlySpan<byte> bytes, int at)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]);
        return value > long.MaxValue ? -1 : (long)value;
    }
}
