using System.Buffers.Binary;
using System.Text;

namespace OpsLogTools.Fuzz.Seeds;

/// <summary>
/// A small wtmp written here after glibc's x86_64 <c>struct utmp</c> (384-byte records: type, pid, line[32], id[4],
/// user[32], host[256], exit, session, tv, addr_v6, unused): a boot, a run-level change, a login from IPv4 and one from
/// IPv6, the OLD_TIME/NEW_TIME pair <c>date</c> writes, a logout. utmpdump prints it.
/// </summary>
internal static class TinyWtmp
{
    public static byte[] Build()
    {
        var file = new MemoryStream();
        int t = 1_700_000_000;
        void Add(short type, int pid, string line, string id, string user, string host, int sec, int usec, byte[]? addr = null)
        {
            var r = new byte[384];
            BinaryPrimitives.WriteInt16LittleEndian(r, type);
            BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(4), pid);
            Encoding.ASCII.GetBytes(line).CopyTo(r, 8);
            Encoding.ASCII.GetBytes(id).CopyTo(r, 40);
            Encoding.ASCII.GetBytes(user).CopyTo(r, 44);
            Encoding.ASCII.GetBytes(host).CopyTo(r, 76);
            BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(336), pid % 7);
            BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(340), sec);
            BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(344), usec);
            addr?.CopyTo(r, 348);
            file.Write(r);
        }
        Add(2, 0, "~", "~~", "reboot", "6.1.0-18-amd64", t, 120_000);
        Add(1, '5' + 256 * 'N', "~", "~~", "runlevel", "6.1.0-18-amd64", t + 5, 0);
        Add(7, 2301, "pts/0", "ts/0", "alice", "203.0.113.7", t + 60, 500_000, [203, 0, 113, 7]);
        Add(7, 2302, "pts/1", "ts/1", "bob", "2001:db8::1", t + 90, 1, Convert.FromHexString("20010db8000000000000000000000001"));
        Add(4, 0, "|", "", "date", "", t + 100, 0);
        Add(3, 0, "}", "", "date", "", t - 3500, 250_000);
        Add(8, 2301, "pts/0", "ts/0", "", "", t - 3400, 0);
        return file.ToArray();
    }
}
