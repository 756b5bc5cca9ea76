using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// Writes the planted SSH attack into <c>btmp</c> and <c>wtmp</c> as OpenSSH's loginrec.c does, in glibc's 384-byte
/// x86_64 <c>struct utmp</c> (the layout <see cref="Reading.Utmp.UtmpLayout"/> reads): record_failed_login writes one
/// LOGIN_PROCESS per failed password try (ut_line "ssh:notty", no id, ut_host and ut_addr_v6 = the source, whole
/// seconds); login_login a USER_PROCESS (ut_line "pts/N", ut_id the line's last four characters, microseconds from
/// gettimeofday) and login_logout a DEAD_PROCESS with the same line and id and the other fields blank.
/// </summary>
internal static class UtmpWriter
{
    private const int RecordSize = 384;

    public static IEnumerable<LogFileBuffer> Write(GeneratorContext ctx, SshAttackWriter attack, List<DateStep> dates)
    {
        var plan = ctx.S.SshAttack;
        var written = plan.Enabled && plan.LoginRecords ? attack.Written : null;
        if (written is null && dates.Count == 0) yield break;
        var wtmpRecords = new List<(DateTimeOffset Time, byte[] Bytes)>();
        if (written is { } w)
        {
            var address = IPAddress.Parse(w.Address);
            string user = attack.User;
            var btmp = new LogFileBuffer("btmp", "Utmp", gzip: false);
            foreach (var c in attack.Connections)
                foreach (var t in c.FailedTries)
                    btmp.WriteRaw(Record(6, c.Sshd.Value, "ssh:notty", "", user, w.Address, address, t, 0));
            yield return btmp;
            if (attack.Session is { } s)
            {
                string line = $"pts/{s.Pts}";
                string id = line[^4..];
                wtmpRecords.Add((s.Start, Record(7, s.Sshd.Value, line, id, user, w.Address, address, s.Start, s.Microseconds)));
                wtmpRecords.Add((s.End, Record(8, s.Sshd.Value, line, id, "", "", null, s.End, (s.Microseconds * 7 + 12_345) % 1_000_000)));
            }
        }
        // date -s: logwtmp("|", "date", "") with the clock before the step (gettimeofday's microseconds), then
        // logwtmp("{", "date", "") with the clock after it (the whole second date was told): the step is new minus old.
        var rng = ctx.Rng(61);
        foreach (var d in dates)
        {
            wtmpRecords.Add((d.True, Record(4, 0, "|", "", "date", "", null, d.Before, rng.Next(1, 1_000_000))));
            wtmpRecords.Add((d.True, Record(3, 0, "{", "", "date", "", null, d.After, 0)));
        }
        var wtmp = new LogFileBuffer("wtmp", "Utmp", gzip: false);
        foreach (var (_, bytes) in wtmpRecords.OrderBy(r => r.Time)) wtmp.WriteRaw(bytes);
        yield return wtmp;
    }

    /// <summary>One record: ut_type, ut_pid, ut_line[32], ut_id[4], ut_user[32], ut_host[256], ut_exit, ut_session, ut_tv (int32 sec, usec), ut_addr_v6[4], unused[20].</summary>
    public static byte[] Record(short type, int pid, string line, string id, string user, string host, IPAddress? address, DateTimeOffset time, int microseconds)
    {
        var r = new byte[RecordSize];
        BinaryPrimitives.WriteInt16LittleEndian(r, type);
        BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(4), pid);
        Encoding.ASCII.GetBytes(line).AsSpan(0, Math.Min(line.Length, 32)).CopyTo(r.AsSpan(8));
        Encoding.ASCII.GetBytes(id).AsSpan(0, Math.Min(id.Length, 4)).CopyTo(r.AsSpan(40));
        Encoding.ASCII.GetBytes(user).AsSpan(0, Math.Min(user.Length, 32)).CopyTo(r.AsSpan(44));
        Encoding.ASCII.GetBytes(host).AsSpan(0, Math.Min(host.Length, 256)).CopyTo(r.AsSpan(76));
        BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(340), checked((int)time.ToUnixTimeSeconds()));
        BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(344), microseconds);
        if (address is not null) address.GetAddressBytes().CopyTo(r.AsSpan(348));
        return r;
    }
}
