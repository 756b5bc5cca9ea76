using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// Random bytes and damaged copies of good lines (bytes flipped, cut short, NULs spliced in) must never throw
/// out of Probe or TryParse, and the status must agree with the entry.
/// </summary>
public class SyslogFamilyFuzzTests
{
    private static readonly string[] Seeds =
    [
        "Jul  2 21:10:03 ip-172-26-1-10 crond(pam_unix)[1234]: session closed for user root",
        "<38>Jul 19 21:10:03 host sshd[1]: Connection closed",
        "Jul 20 03:00:12 Updated: 1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64",
        "2022-07-19T21:10:03.123456+09:00 ip-172-26-1-10 postfix/smtpd[12]: connect from localhost[127.0.0.1]",
        "<165>1 2003-10-11T22:14:15.003Z host app 42 - [a@1 x=\"q\\]z\"][b@1 y=\"2\"] msg",
        "2022-07-19T21:10:03+0900 ip-172-26-1-10 kernel: Out of memory",
        "-- Logs begin at Mon 2022-07-18 00:00:01 JST, end at Wed 2022-07-20 03:10:00 JST. --",
        "{\"__REALTIME_TIMESTAMP\":\"1658232603123456\",\"_PID\":\"1\",\"PRIORITY\":\"6\",\"MESSAGE\":[227,131,173]}",
        "2022-07-20T03:00:16+0000 SUBDEBUG Upgrade: tzdata-2022a-1.amzn2022.noarch",
    ];

    public static TheoryData<int> RandomSeeds => [1, 2, 3, 20220719];

    [Theory]
    [MemberData(nameof(RandomSeeds))]
    public void NothingThrows(int seed)
    {
        var random = new Random(seed);
        var bases = Seeds.Select(Bytes).ToArray();
        foreach (var format in SyslogFamilyFormats.All)
        {
            const string path = "/fuzz";
            var parser = format.CreateParser(new ParserContext(path, SeedNightClock()));
            for (int i = 0; i < 1500; i++)
            {
                byte[] line = i % 3 == 0 ? RandomBytes(random) : Damage(random, bases[random.Next(bases.Length)]);
                Assert.True(format.Probe(line) >= 0);
                var status = parser.TryParse(line, i + 1, out var entry);
                Assert.True(Enum.IsDefined(status));
                if (status == LineParseStatus.Parsed)
                {
                    Assert.NotNull(entry);
                    Assert.Same(path, entry!.Path);
                    Assert.Equal(format.Format, entry.Format);
                    Assert.NotNull(entry.Message);
                }
                else
                {
                    Assert.Null(entry);
                }
            }
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Damage(Random random, byte[] good)
    {
        var bytes = good.ToList();
        switch (random.Next(4))
        {
            case 0:
                for (int k = random.Next(1, 4); k > 0 && bytes.Count > 0; k--) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                break;
            case 1:
                int cut = random.Next(bytes.Count);
                bytes.RemoveRange(cut, bytes.Count - cut);
                break;
            case 2:
                bytes.InsertRange(random.Next(bytes.Count), new byte[random.Next(1, 20)]);
                break;
            default:
                // Swap a digit for another digit: stamps stay shaped but may name impossible dates.
                for (int k = 0; k < bytes.Count; k++)
                {
                    if (bytes[k] >= '0' && bytes[k] <= '9' && random.Next(4) == 0) bytes[k] = (byte)('0' + random.Next(10));
                }
                break;
        }
        return [.. bytes];
    }
}
