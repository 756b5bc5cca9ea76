using System.Net;
using CsCheck;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// The detector's compact tables read back against plain models (issue 19): <see cref="LightClients"/> against a
/// dictionary of request lists, <see cref="SegmentedLongSet"/> against a <see cref="HashSet{T}"/>,
/// <see cref="LightRequest"/>'s packing against its inputs, and the shortcuts taken for new viewers (edge test by
/// binary search, IPv6 viewers keyed without resolving text) against the general code they replace. Data is generated
/// by CsCheck (keys from a narrow range, so that they repeat and segments grow, and from the whole range).
/// </summary>
public class CompactTableTests
{
    // One operation on a light table: a key, and a request to add (or a promotion from the first request).
    private static readonly Gen<(ulong Key, ulong Interface, int Seconds, int Path, bool Promote)> Operation =
        Gen.Select(Gen.Frequency((3, Gen.ULong[0, 300]), (1, Gen.ULong)), Gen.ULong[0, 3], Gen.Int[-100_000, 100_000], Gen.Int[0, 5000], Gen.Int[0, 19].Select(i => i == 0));

    // Segments of the shipped size, small ones that split many times over (a directory many levels deep), and a
    // shallow directory whose deepest segments grow instead.
    [Theory]
    [InlineData(false, 9, LightClients.SegmentCapacity)]
    [InlineData(true, 9, LightClients.SegmentCapacity)]
    [InlineData(false, 4, 4)]
    [InlineData(true, 9, 16)]
    [InlineData(false, 9, 64)]
    [InlineData(false, 1, 8)]
    [InlineData(true, 16, 5)]
    [InlineData(false, 9, 8, 2)]
    [InlineData(true, 4, 4, 0)]
    public void LightClientsReadBackAsADictionaryOfRequestLists(bool v6, int maxRequests, int segmentCapacity, int maxDepth = 16)
    {
        Operation.Array[0, 4000].Sample(ops =>
        {
            var table = new LightClients(maxRequests, withInterfaces: v6, segmentCapacity, maxDepth);
            var model = new Dictionary<ulong, (List<LightRequest>? Requests, ulong Interface)>();
            foreach (var (rawKey, iid, seconds, path, promote) in ops)
            {
                ulong key = v6 ? rawKey : rawKey & uint.MaxValue;
                ulong interfaceId = v6 ? iid : 0;
                Assert.True(LightRequest.TryCreate(seconds, path, path % 7 - 1, 200 + path % 300, path % 9 - 4, (AddressSource)(path % 3), path % 2 == 0, out var request));
                int slot = table.Find(key);
                Assert.Equal(model.ContainsKey(key), slot >= 0);
                if (slot < 0)
                {
                    if (promote)
                    {
                        table.AddPromoted(key);
                        model[key] = (null, 0);
                    }
                    else
                    {
                        table.Add(key, interfaceId, request);
                        model[key] = ([request], interfaceId);
                    }
                    continue;
                }
                var known = model[key];
                Assert.Equal(known.Requests is null, table.IsPromoted(slot));
                if (known.Requests is null) continue;
                Assert.Equal(known.Interface, table.InterfaceOf(slot));
                if (promote)
                {
                    // Promoted before its slot is full: its pool block goes back for others to use.
                    table.MarkPromoted(slot);
                    model[key] = (null, 0);
                    continue;
                }
                bool appended = table.TryAppend(slot, request);
                Assert.Equal(known.Requests.Count < maxRequests, appended);
                if (appended) known.Requests.Add(request);
                else
                {
                    table.MarkPromoted(slot);
                    model[key] = (null, 0);
                }
            }
            Assert.Equal(model.Count, table.Slots);
            Assert.Equal(model.Values.Count(v => v.Requests is not null), table.Count);
            var held = table.Held().ToList();
            Assert.Equal(model.Where(kv => kv.Value.Requests is not null).Select(kv => kv.Key).Order(), held.Select(h => h.Key).Order());
            var buffer = new LightRequest[maxRequests];
            foreach (var (slot, key) in held)
            {
                Assert.Equal(slot, table.Find(key));
                var expected = model[key].Requests!;
                Assert.Equal(expected.Count, table.Requests(slot));
                table.CopyTo(slot, buffer);
                Assert.Equal(expected, buffer.Take(expected.Count));
            }
        });
    }

    [Fact]
    public void LightClientsGrowWithoutLeavingArraysBehind()
    {
        // Segments that each grew by half left arrays behind three times the table's size in all (issue 19's month:
        // a tenth of the process's memory); splitting full-size segments, with the one left reused, allocates about
        // what the table holds.
        Assert.True(LightRequest.TryCreate(0, 1, -1, 200, 0, AddressSource.CloudFront, false, out var request));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var table = new LightClients(9, withInterfaces: false);
        for (uint key = 1; key <= 300_000; key++) table.Add(key, 0, request);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(300_000, table.Count);
        Assert.InRange(allocated, table.Bytes, table.Bytes * 11 / 10 + 1_000_000);
        Assert.InRange(table.Bytes, 300_000L * 21 * 4 / 3, 300_000L * 21 * 8 / 3 + LightClients.SegmentCapacity * 21 * 2);
    }

    [Fact]
    public void LightRequestKeepsEveryValueThatFitsAndRefusesTheRest()
    {
        Gen.Select(Gen.Int, Gen.Int[-10, LightRequest.MaxPathId + 10], Gen.Int[-10, LightRequest.MaxAgentId + 10], Gen.Int[-10, 1100], Gen.Int[-70, 70], Gen.Int[0, 4], Gen.Bool)
            .Sample((seconds, path, agent, status, quarters, source, referer) =>
            {
                bool fits = path is >= 0 and <= LightRequest.MaxPathId && agent is >= -1 and <= LightRequest.MaxAgentId
                    && status is >= 0 and <= LightRequest.MaxStatus && quarters is >= -64 and <= 63 && source <= 3;
                Assert.Equal(fits, LightRequest.TryCreate(seconds, path, agent, status, quarters, (AddressSource)source, referer, out var r));
                if (!fits) return;
                Assert.Equal((seconds, path, agent, status, quarters, (AddressSource)source, referer), (r.Seconds, r.PathId, r.AgentId, r.Status, r.OffsetQuarters, r.Source, r.HasReferer));
            });
    }

    [Fact]
    public void SegmentedLongSetAnswersAsAHashSet()
    {
        Gen.Frequency((3, Gen.Long[-50, 2000]), (1, Gen.Long)).Where(k => k != -1).Array[0, 6000].Sample(keys =>
        {
            var set = new SegmentedLongSet();
            var model = new HashSet<long>();
            foreach (long k in keys)
            {
                Assert.Equal(model.Contains(k), set.Contains(k));
                Assert.Equal(model.Add(k), set.Add(k));
            }
            Assert.Equal(model.Count, set.Count);
            foreach (long k in keys) Assert.True(set.Contains(k));
            for (long k = -60; k < 2100; k++) Assert.Equal(model.Contains(k), set.Contains(k));
        });
    }

    [Fact]
    public void MarkSetAnswersAsAHashSetWhileSplittingManyLevelsDeep()
    {
        // Small segments split many times over; marks crowd near zero (where the sets' marks start) and spread wide.
        Gen.Select(Gen.Int[16, 64], Gen.Frequency((3, Gen.Long[-30, 3000]), (1, Gen.Long)).Array[0, 5000]).Sample((capacity, marks) =>
        {
            var wide = new MarkSet<long>(capacity);
            // A shallow directory: its deepest segments grow instead of splitting.
            var narrow = new MarkSet<uint>(capacity, maxDepth: capacity % 4);
            var model = new HashSet<long>();
            var narrowModel = new HashSet<uint>();
            foreach (long m in marks)
            {
                if (m == 0)
                {
                    Assert.False(wide.Contains(0));
                    Assert.Throws<ArgumentOutOfRangeException>(() => wide.Add(0));
                    continue;
                }
                Assert.Equal(model.Contains(m), wide.Contains(m));
                Assert.Equal(model.Add(m), wide.Add(m));
                if ((uint)m != 0) Assert.Equal(narrowModel.Add((uint)m), narrow.Add((uint)m));
            }
            Assert.Equal(model.Count, wide.Count);
            Assert.Equal(narrowModel.Count, narrow.Count);
            foreach (long m in model) Assert.True(wide.Contains(m));
            for (long m = -40; m < 3100; m++) Assert.Equal(model.Contains(m), wide.Contains(m));
            foreach (uint m in narrowModel) Assert.True(narrow.Contains(m));
            // Three quarters to three eighths full (and a spare), with a directory of a few entries a segment (segments of
            // a few slots would make it far deeper: the deepest holds marks that share the longest prefix of their hashes).
            long segments = model.Count * 8L / (3 * capacity) + 1;
            Assert.InRange(wide.Bytes, model.Count * 8L * 4 / 3, model.Count * 8L * 8 / 3 + capacity * 8L * 3 + 8L * 32 * segments);
        });
    }

    [Fact]
    public void MarkSetGrowsWithoutLeavingArraysBehind()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var set = new MarkSet<uint>(8192);
        for (uint m = 1; m <= 1_000_000; m++) Assert.True(set.Add(m));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000_000, set.Count);
        Assert.InRange(allocated, set.Bytes, set.Bytes * 11 / 10 + 200_000);
    }

    [Fact]
    public void PairSetAnswersAsAHashSetOnBothSidesOfItsPackingLimits()
    {
        // Client numbers and path numbers around 2^19 and 2^20, where pairs stop fitting in 4 bytes, and small ones.
        var client = Gen.Frequency((4, Gen.Int[0, 3000]), (1, Gen.Int[(1 << 19) - 300, (1 << 19) + 300]), (1, Gen.Int[0, int.MaxValue]));
        var path = Gen.Frequency((4, Gen.Int[0, 50]), (1, Gen.Int[(1 << 20) - 20, (1 << 20) + 20]), (1, Gen.Int[0, int.MaxValue]));
        Gen.Select(client, path).Array[0, 5000].Sample(pairs =>
        {
            var set = new PairSet();
            var model = new HashSet<(int, int)>();
            foreach (var (c, p) in pairs)
            {
                Assert.Equal(model.Contains((c, p)), set.Contains(c, p));
                Assert.Equal(model.Add((c, p)), set.Add(c, p));
            }
            Assert.Equal(model.Count, set.Count);
            foreach (var (c, p) in pairs)
            {
                Assert.True(set.Contains(c, p));
                Assert.Equal(model.Contains((c + 1, p)), set.Contains(c + 1, p));
                Assert.Equal(model.Contains((c, p + 1)), set.Contains(c, p + 1));
                Assert.Equal(model.Contains((c + 256, p)), set.Contains(c + 256, p));
            }
        });
    }

    [Fact]
    public void SegmentedLongSetHoldsMillionsOfPairs()
    {
        // The store's keys: client numbers in the high half, path numbers in the low (as ClientStore makes them).
        var set = new SegmentedLongSet();
        for (int client = 0; client < 20_000; client++)
        {
            for (int path = 0; path < 100; path += 1 + client % 3) Assert.True(set.Add((long)client << 32 | (uint)path));
        }
        int count = set.Count;
        for (int client = 0; client < 20_000; client++)
        {
            for (int path = 0; path < 100; path++) Assert.Equal(path % (1 + client % 3) == 0, set.Contains((long)client << 32 | (uint)path));
        }
        Assert.Equal(count, set.Count);
        Assert.InRange(set.Bytes, count * 8L * 4 / 3, count * 8L * 2 + 32 * 64 * 8);
    }

    [Fact]
    public void EdgeTestByUnionAgreesWithLongestPrefixMatch()
    {
        var sets = new[]
        {
            CdnRangeSet.Default,
            CdnRangeSet.FromPrefixes(["0.0.0.0/0", "10.0.0.0/8", "2001:db8::/32", "::/0"]),
            CdnRangeSet.FromPrefixes(["255.255.255.0/24", "255.255.255.255/32", "ffff::/16", "1.2.3.4/32", "1.2.3.5/32"]),
            CdnRangeSet.Empty,
        };
        // Addresses at and around every range's first and last address, then at random.
        var near = sets.SelectMany(s => s.Ranges).Select(r => AddressRange.Of(r.Network))
            .SelectMany(r => new[] { (r.IsV6, r.First - 1), (r.IsV6, r.First), (r.IsV6, r.Last), (r.IsV6, r.Last + 1) }).ToList();
        foreach (var set in sets)
        {
            foreach (var (v6, value) in near) Check(set, v6, value);
            Gen.Select(Gen.Bool, Gen.UInt, Gen.ULong, Gen.ULong).Sample((v6, v4, hi, lo) => Check(set, v6, v6 ? new UInt128(hi, lo) : v4));
        }

        static void Check(CdnRangeSet set, bool v6, UInt128 value)
        {
            if (!v6) value &= uint.MaxValue;
            var address = AddressRange.ToAddress(value, v6);
            bool expected = set.Match(address) is not null;
            Assert.Equal(expected, v6 ? set.ContainsV6(value) : set.ContainsV4((uint)value));
        }
    }

    [Fact]
    public void IPv6ViewerKeyedWithoutTextAsResolvingWouldKeyIt()
    {
        var resolvers = new[]
        {
            new ClientResolver(CdnRangeSet.Default),
            new ClientResolver(CdnRangeSet.FromPrefixes(["2001:db8::/32", "fe80::/10"])),
            new ClientResolver(CdnRangeSet.Default, [IPNetwork.Parse("2001:db8::/32")]),
        };
        // Written forms: compressed, full, upper case, zoned, bracketed with a port, IPv4-mapped and -embedding, edges
        // (a CloudFront IPv6 range), special ranges, and text that is no address.
        string[] fixedTexts =
        [
            "2600:9000:2000::1", "2600:9000:2000:0:0:0:0:1", "2001:DB8::1", "fe80::1%eth0", "[2a02:1210::5]:443", "::ffff:1.2.3.4",
            "64:ff9b::102:304", "2001:0:1::1", "::1", "::", "2001:db8::/64", "2001:db8:::1", "1.2.3.4", "-", "2a01:4f8:c17:9b1::1",
            "fc00::1", "ff02::1", "2001:db8:1:2:3:4:5:6",
        ];
        var hex = Gen.Int[0, 0xFFFF].Select(g => g.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        var random = Gen.Select(Gen.Int[0, 5].Select(k => new[] { "2600:9000", "2a02:1210", "2001:db8", "fe80:0", "2001:0", "64:ff9b" }[k]), hex.Array[6])
            .Select((head, rest) => head + ":" + string.Join(':', rest));
        foreach (var resolver in resolvers)
        {
            foreach (var text in fixedTexts) Check(resolver, text);
            // One thread: a resolver (its cache) belongs to one detector thread, as in the engine.
            random.Sample(text => Check(resolver, text), threads: 1);
        }

        static void Check(ClientResolver resolver, string text)
        {
            var client = resolver.Resolve(text, null, isCloudFront: true);
            // What the detector does with the resolved client: light by its /64 when no edge and not IPv4 (ClientTable.TryLightKey).
            bool expected = !client.IsCdnEdge && !IpAddressText.TryParseCanonicalV4(client.ClientIp.AsSpan(), out _)
                && ClientKey.TryNetwork(client.ClientIp, out _, out _);
            bool fast = resolver.TryPlainCloudFrontViewerV6(text, out ulong network, out ulong interfaceId);
            if (ResolverHasProxies(resolver))
            {
                Assert.False(fast);
                return;
            }
            Assert.True(expected == fast, $"{text}: resolved {client.ClientIp} (edge {client.IsCdnEdge}), fast {fast}");
            if (!fast) return;
            ClientKey.TryNetwork(client.ClientIp, out ulong n, out ulong i);
            Assert.Equal((n, i), (network, interfaceId));
        }
    }

    // The third resolver above has a trusted proxy: the shortcut then never applies (c-ip may be one of them).
    private static bool ResolverHasProxies(ClientResolver resolver) =>
        resolver.Resolve("2001:db8::1", "203.0.113.9", isCloudFront: true).Source == AddressSource.ForwardedFor;
}
