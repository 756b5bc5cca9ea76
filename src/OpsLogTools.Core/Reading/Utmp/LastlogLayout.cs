using System.Buffers.Binary;

namespace OpsLogTools.Core.Reading.Utmp;

/// <summary>
/// <c>/var/log/lastlog</c> as shadow's <c>login</c>, sshd and pam_lastlog write it (<c>lastlog.h</c>, x86_64 and aarch64):
/// one 292-byte <c>struct lastlog</c> per uid, at offset uid × 292 — <c>ll_time</c> (int32, seconds since the epoch,
/// UTC), <c>ll_line[32]</c>, <c>ll_host[256]</c>. A uid that never logged in is a slot of zeros, usually a hole of the
/// sparse file (uids near 2³² make it terabytes long on paper).
/// </summary>
public static class LastlogLayout
{
    /// <summary>Bytes per record.</summary>
    public const int RecordSize = 292;

    /// <summary>True when every byte of the slot is zero (a uid that never logged in, or a cleared record).</summary>
    public static bool IsZeroed(ReadOnlySpan<byte> record) => !record.ContainsAnyExcept((byte)0);

    /// <summary>
    /// True when the slot looks like a record login wrote: a positive time, a line shorter than its field, and a line and
    /// host printable up to their first NUL and NUL-padded after it (strncpy into a zeroed slot).
    /// </summary>
    public static bool IsPlausible(ReadOnlySpan<byte> record)
    {
        if (record.Length < RecordSize) return false;
        int time = BinaryPrimitives.ReadInt32LittleEndian(record);
        // A terminal name is short: ll_line always ends in NULs (text, which has none, is never a record).
        return time > 0 && record.Slice(4, 32).IndexOf((byte)0) >= 0 && UtmpLayout.Printable(record.Slice(4, 32)) && UtmpLayout.Printable(record.Slice(36, 256));
    }

    /// <summary>Decodes one slot; its uid is its index in the file.</summary>
    public static LastlogRecord Read(ReadOnlySpan<byte> r, string path, long offset) => new()
    {
        Path = path,
        Ordinal = offset / RecordSize + 1,
        Offset = offset,
        UserId = offset / RecordSize,
        Seconds = BinaryPrimitives.ReadInt32LittleEndian(r),
        Line = UtmpLayout.Text(r.Slice(4, 32)),
        Host = UtmpLayout.Text(r.Slice(36, 256)),
    };
}
