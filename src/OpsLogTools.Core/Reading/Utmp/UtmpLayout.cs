using System.Buffers.Binary;
using System.Text;

namespace OpsLogTools.Core.Reading.Utmp;

/// <summary>
/// glibc's <c>struct utmp</c> on x86_64 (and aarch64 built with 32-bit time compatibility), little-endian, 384 bytes:
/// ut_type (short, padded to 4), ut_pid, ut_line[32], ut_id[4], ut_user[32], ut_host[256], ut_exit (two shorts),
/// ut_session (int32), ut_tv (int32 sec, int32 usec), ut_addr_v6[4], 20 unused bytes.
/// </summary>
public static class UtmpLayout
{
    /// <summary>Bytes per record.</summary>
    public const int RecordSize = 384;

    /// <summary>The highest <c>ut_type</c> (ACCOUNTING).</summary>
    public const short MaxType = 9;

    /// <summary>The name of a <c>ut_type</c> value (<c>UserProcess</c>), or null for a value glibc does not define.</summary>
    public static string? TypeName(short type) => type switch
    {
        0 => "Empty",
        1 => "RunLevel",
        2 => "BootTime",
        3 => "NewTime",
        4 => "OldTime",
        5 => "InitProcess",
        6 => "LoginProcess",
        7 => "UserProcess",
        8 => "DeadProcess",
        9 => "Accounting",
        _ => null,
    };

    /// <summary>True when every byte of the record is zero (a wiped slot).</summary>
    public static bool IsZeroed(ReadOnlySpan<byte> record) => !record.ContainsAnyExcept((byte)0);

    /// <summary>
    /// True when the bytes look like a record glibc wrote: a defined type, a non-negative pid, microseconds below a
    /// million, a time that is zero only for an empty slot, and text fields that are printable up to their first NUL and
    /// NUL-padded after it (as strncpy leaves them).
    /// Used for detection (text never has a type of 0..9 in its first four bytes) and to tell a record from garbage.
    /// </summary>
    public static bool IsPlausible(ReadOnlySpan<byte> record)
    {
        if (record.Length < RecordSize) return false;
        int type = BinaryPrimitives.ReadInt32LittleEndian(record);
        if (type is < 0 or > MaxType) return false;
        int pid = BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
        int sec = BinaryPrimitives.ReadInt32LittleEndian(record[340..]);
        int usec = BinaryPrimitives.ReadInt32LittleEndian(record[344..]);
        if (pid < 0 || sec < 0 || usec is < 0 or >= 1_000_000) return false;
        if (sec == 0 && type != 0) return false;
        return Printable(record.Slice(8, 32)) && Printable(record.Slice(44, 32)) && Printable(record.Slice(76, 256));
    }

    /// <summary>Decodes one 384-byte record.</summary>
    public static UtmpRecord Read(ReadOnlySpan<byte> r, string path, long ordinal, long offset) => new()
    {
        Path = path,
        Ordinal = ordinal,
        Offset = offset,
        Type = BinaryPrimitives.ReadInt16LittleEndian(r),
        ProcessId = BinaryPrimitives.ReadInt32LittleEndian(r[4..]),
        Line = Text(r.Slice(8, 32)),
        Id = Text(r.Slice(40, 4)),
        User = Text(r.Slice(44, 32)),
        Host = Text(r.Slice(76, 256)),
        Termination = BinaryPrimitives.ReadInt16LittleEndian(r[332..]),
        ExitStatus = BinaryPrimitives.ReadInt16LittleEndian(r[334..]),
        Session = BinaryPrimitives.ReadInt32LittleEndian(r[336..]),
        Seconds = BinaryPrimitives.ReadInt32LittleEndian(r[340..]),
        Microseconds = BinaryPrimitives.ReadInt32LittleEndian(r[344..]),
        Address = r.Slice(348, 16).ToArray(),
    };

    /// <summary>True when a fixed-size C string field is printable up to its first NUL and NUL-padded after it.</summary>
    internal static bool Printable(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        if (end < 0) end = field.Length;
        foreach (byte b in field[..end])
            if (b < 0x20 || b == 0x7F) return false;
        // glibc, systemd and utmpdump copy with strncpy into a zeroed slot: nothing follows the terminating NUL.
        return !field[end..].ContainsAnyExcept((byte)0);
    }

    /// <summary>A fixed-size C string field as text, cut at its first NUL.</summary>
    internal static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
