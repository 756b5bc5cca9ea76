using System.Buffers.Binary;
using System.Text;

namespace OpsLogTools.Fuzz.Seeds;

/// <summary>
/// A small lastlog written here after glibc's x86_64 <c>struct lastlog</c> (292 bytes a uid: int32 time, line[32],
/// host[256]): root from an address, uid 1 never (zeros), uid 2 on a console, uid 3 from a host name. Kept short (no
/// uid 1000) so afl-fuzz gets a small input; the reader's sparse skipping is tested in xunit.
/// </summary>
internal static class TinyLastlog
{
    public static byte[] Build()
    {
        var file = new byte[4 * 292];
        void Add(int uid, int time, string line, string host)
        {
            var slot = file.AsSpan(uid * 292, 292);
            BinaryPrimitives.WriteInt32LittleEndian(slot, time);
            Encoding.ASCII.GetBytes(line).CopyTo(slot[4..]);
            Encoding.ASCII.GetBytes(host).CopyTo(slot[36..]);
        }
        Add(0, 1_700_000_000, "pts/0", "203.0.113.9");
        Add(2, 1_700_003_600, "tty1", "");
        Add(3, 1_700_007_200, "pts/3", "client7.example.net");
        return file;
    }
}
