using System.Globalization;
using System.Net;
using System.Numerics;
using System.Net.Sockets;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// "Accepted implies no overlap", checked by brute interval arithmetic that shares no code with the checker: its own
/// list of forbidden blocks typed from IANA's registries (and the issue), addresses read by .NET's
/// <see cref="IPAddress.Parse(string)"/>, intervals as <see cref="BigInteger"/>. Ranges are drawn around the edges of
/// forbidden blocks (where off-by-one and first/last-address mistakes live) and at random.
/// </summary>
public class BlockRangePropertyTests
{
    // Typed from https://www.iana.org/assignments/iana-ipv4-special-registry and iana-ipv6-special-registry (every
    // row), multicast from the address-space registries, and the list. IPv6 outside 2000::/3 is added below.
    private static readonly string[] ForbiddenText =
    [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24",
        "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
        "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001::/32",
        "2001:2::/48", "2001:3::/32", "2001:4:112::/48", "2001:10::/28", "2001:20::/28", "2001:30::/28", "2001:db8::/32",
        "2002::/16", "2620:4f:8000::/48", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "ff00::/8",
    ];

    private sealed record Interval(bool V6, BigInteger First, BigInteger Last, string Name);

    private static readonly List<Interval> Forbidden = BuildForbidden();

    private static List<Interval> BuildForbidden()
    {
        var list = ForbiddenText.Select(t => Cidr(t, t)).ToList();
        // Everything that is not IPv6 Global Unicast (2000::/3) is reserved or special (IANA IPv6 Address Space).
        list.Add(new Interval(true, BigInteger.Zero, (BigInteger.One << 125) - 1, "below 2000::/3"));
        list.Add(new Interval(true, BigInteger.One << 126, (BigInteger.One << 128) - 1, "above 2000::/3"));
        list.AddRange(CdnRangeSet.Default.Ranges.Select(r => Cidr(r.Prefix, "CloudFront " + r.Prefix)));
        return list;
    }

    private static Interval Cidr(string text, string name)
    {
        var parts = text.Split('/');
        var address = IPAddress.Parse(parts[0]);
        int length = int.Parse(parts[1], CultureInfo.InvariantCulture);
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int bits = v6 ? 128 : 32;
        var first = Number(address);
        var size = BigInteger.One << (bits - length);
        Assert.True(first % size == 0, $"{text} has host bits set");
        return new Interval(v6, first, first + size - 1, name);
    }

    private static BigInteger Number(IPAddress address) => new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static string Text(BigInteger value, bool v6)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var full = new byte[v6 ? 16 : 4];
        bytes.CopyTo(full, full.Length - bytes.Length);
        return new IPAddress(full).ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(2025)]
    public void Accepted_ranges_overlap_no_forbidden_range_and_clear_ranges_are_accepted(int seed)
    {
        var rng = new Random(seed);
        var checker = BlockRangeChecker.Default;
        int accepted = 0, refused = 0;
        for (int i = 0; i < 20_000; i++)
        {
            bool v6 = rng.Next(3) == 0;
            int bits = v6 ? 128 : 32;
            BigInteger anchor;
            var near = Forbidden.Where(f => f.V6 == v6).ElementAt(rng.Next(Forbidden.Count(f => f.V6 == v6)));
            switch (rng.Next(4))
            {
                case 0: anchor = near.First - rng.Next(0, 3); break; // just below a forbidden block
                case 1: anchor = near.Last + rng.Next(0, 3); break; // just above it
                case 2: anchor = near.First + Random128(rng, bits) % (near.Last - near.First + 1); break;
                default: anchor = Random128(rng, bits); break;
            }
            var max = (BigInteger.One << bits) - 1;
            if (anchor < 0) anchor += max + 1;
            if (anchor > max) anchor -= max + 1;
            // Lengths from too wide to a host, weighted to what a rule names.
            int length = v6 ? rng.Next(12, 129) : rng.Next(8, 33);
            var size = BigInteger.One << (bits - length);
            var first = anchor - anchor % size;
            var last = first + size - 1;
            string text = $"{Text(first, v6)}/{length}";

            var overlap = Forbidden.FirstOrDefault(f => f.V6 == v6 && f.First <= last && first <= f.Last);
            bool tooWide = length < (v6 ? 32 : 16);
            var refusal = checker.Check(text, isLoggedClient: false, out var network);
            if (refusal is null)
            {
                accepted++;
                Assert.True(overlap is null, $"{text} was accepted but overlaps {overlap?.Name}");
                Assert.False(tooWide, $"{text} was accepted but is wider than the limit");
                Assert.Equal(text, network.ToString());
            }
            else
            {
                refused++;
                Assert.True(overlap is not null || tooWide, $"{text} was refused ({refusal.ErrorId}: {refusal.Message}) but overlaps nothing forbidden");
                Assert.Equal(tooWide && overlap is null ? BotErrorIds.RangeTooWide : refusal.ErrorId, refusal.ErrorId);
            }
        }
        // Both outcomes are exercised in numbers (the draw is not all one or the other).
        Assert.True(accepted > 1000 && refused > 1000, $"{accepted} accepted, {refused} refused");
    }

    private static BigInteger Random128(Random rng, int bits)
    {
        var bytes = new byte[bits / 8];
        rng.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    [Fact]
    public void Every_prefix_of_the_shipped_snapshot_and_every_16_or_32_holding_one_is_refused()
    {
        var checker = BlockRangeChecker.Default;
        var wide = new SortedSet<string>(StringComparer.Ordinal);
        int prefixes = 0;
        foreach (var range in CdnRangeSet.Default.Ranges)
        {
            prefixes++;
            var interval = Cidr(range.Prefix, range.Prefix);
            AssertEdge(checker, range.Prefix);
            // Its first and last addresses, and the /16 (IPv4) or /32 (IPv6) blocks that share addresses with it.
            AssertEdge(checker, Text(interval.First, interval.V6));
            AssertEdge(checker, Text(interval.Last, interval.V6));
            int blockBits = (interval.V6 ? 128 : 32) - (interval.V6 ? 32 : 16);
            var block = BigInteger.One << blockBits;
            for (var b = interval.First - interval.First % block; b <= interval.Last; b += block)
                wide.Add($"{Text(b, interval.V6)}/{(interval.V6 ? 32 : 16)}");
        }
        foreach (string text in wide) AssertEdge(checker, text);
        Assert.True(prefixes > 200 && wide.Count > 100, $"{prefixes} prefixes, {wide.Count} blocks");
    }

    private static void AssertEdge(BlockRangeChecker checker, string text)
    {
        var refusal = checker.Check(text, isLoggedClient: false, out _);
        Assert.True(refusal is not null, $"{text} was accepted");
        Assert.Equal(BotErrorIds.CdnEdgeAddress, refusal!.ErrorId);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(44)]
    public void The_strict_reader_accepts_a_subset_of_what_dotnet_reads_with_the_same_value(int seed)
    {
        var rng = new Random(seed);
        const string alphabet = "0123456789abcdefABCDEFx:.%/[] ";
        int agreed = 0, mutantsTaken = 0;
        for (int i = 0; i < 50_000; i++)
        {
            // Well-formed addresses in many spellings (RFC 4291 §2.2: full, compressed, upper case, leading zeros).
            bool v6 = rng.Next(2) == 0;
            var bytes = new byte[v6 ? 16 : 4];
            rng.NextBytes(bytes);
            if (v6 && rng.Next(2) == 0)
            {
                int start = rng.Next(8);
                Array.Clear(bytes, start * 2, rng.Next(1, 9 - start) * 2);
            }
            var ip = new IPAddress(bytes);
            string text = rng.Next(3) switch
            {
                0 => ip.ToString(),
                1 when v6 => string.Join(':', Enumerable.Range(0, 8).Select(g => (bytes[2 * g] << 8 | bytes[2 * g + 1]).ToString("X4", CultureInfo.InvariantCulture))),
                _ => ip.ToString().ToUpperInvariant(),
            };
            if (i % 2 == 0)
            {
                Assert.True(AddressTextParser.TryParse(text, out var value, out bool isV6), text);
                Assert.Equal(v6, isV6);
                Assert.Equal(Number(ip), (BigInteger)value);
                agreed++;
                continue;
            }
            // Mutants: whatever the strict reader still takes, .NET takes as the same address.
            var chars = text.ToList();
            for (int m = rng.Next(1, 4); m > 0; m--)
            {
                int at = rng.Next(chars.Count + 1);
                switch (rng.Next(3))
                {
                    case 0: chars.Insert(at, alphabet[rng.Next(alphabet.Length)]); break;
                    case 1 when at < chars.Count: chars.RemoveAt(at); break;
                    default: if (at < chars.Count) chars[at] = alphabet[rng.Next(alphabet.Length)]; break;
                }
            }
            text = new string(chars.ToArray());
            if (!AddressTextParser.TryParse(text, out var mutantValue, out _)) continue;
            mutantsTaken++;
            Assert.True(IPAddress.TryParse(text, out var lenient), text);
            Assert.Equal(Number(lenient!), (BigInteger)mutantValue);
        }
        Assert.True(mutantsTaken > 1000, $"{mutantsTaken} mutants parsed");
        Assert.Equal(25_000, agreed);
    }
}
