using Xunit;
using OpsLogTools.Core.Analysis.Bots;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// The detector numbers paths so that clients keep their distinct paths as ints; once its numbering table is full,
/// later paths are kept by text. Either way the counts must be those of a plain set of path strings.
/// </summary>
public sealed class PathNumberingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(29)]
    [InlineData(4711)]
    public void ClientPathPairsAgreeWithAHashSet(int seed)
    {
        var rng = new Random(seed);
        var store = new ClientStore();
        var truth = new HashSet<(int, int)>();
        int clients = rng.Next(1, 3000), range = rng.Next(50, 20_000);
        for (int i = 0; i < 60_000; i++)
        {
            var pair = (rng.Next(0, clients), rng.Next(0, range));
            if (rng.Next(3) == 0) Assert.Equal(truth.Contains(pair), store.ContainsPair(pair.Item1, pair.Item2));
            else Assert.Equal(truth.Add(pair), store.AddPair(pair.Item1, pair.Item2));
        }
        Assert.Equal(truth.Count, store.PairCount);
        for (int c = 0; c < Math.Min(clients, 50); c++)
        {
            for (int id = 0; id < range; id++) Assert.Equal(truth.Contains((c, id)), store.ContainsPair(c, id));
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(77)]
    public void ChainsKeepEachClientsValuesInOrder(int seed)
    {
        // Many clients appending in an interleaved order, as requests arrive: each chain gives back its own values.
        var rng = new Random(seed);
        var store = new ClientStore();
        int clients = rng.Next(100, 2000);
        var chains = new ClientStore.Chain[clients];
        var truth = new List<int>[clients];
        for (int c = 0; c < clients; c++) truth[c] = [];
        for (int i = 0; i < 200_000; i++)
        {
            int c = rng.Next(0, clients) % (1 + rng.Next(0, clients));
            int v = rng.Next(int.MinValue, int.MaxValue);
            store.Append(ref chains[c], v);
            truth[c].Add(v);
        }
        for (int c = 0; c < clients; c++)
        {
            var got = new int[chains[c].Count];
            store.CopyTo(chains[c], got);
            Assert.Equal(truth[c], got);
        }
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(17, 7)]
    [InlineData(101, 40)]
    [InlineData(2022, 1500)]
    public void AFullNumberingTableChangesNoFinding(int seed, int limit)
    {
        var requests = Traffic(seed);
        var numbered = Run(requests, int.MaxValue);
        var partly = Run(requests, limit);
        Assert.Equal(numbered.DistinctClients, partly.DistinctClients);
        Assert.NotEmpty(numbered.Activities);
        Assert.Contains(numbered.Activities, a => a.DistinctPathsCapped);
        Assert.Contains(numbered.Activities, a => !a.DistinctPathsCapped && a.DistinctPaths > ClientState.MaxSamplePaths);
        Assert.Equal(numbered.Activities.Count, partly.Activities.Count);
        for (int i = 0; i < numbered.Activities.Count; i++)
        {
            var a = numbered.Activities[i];
            var b = partly.Activities[i];
            Assert.Equal(a.ClientIp, b.ClientIp);
            Assert.Equal(a.Requests, b.Requests);
            Assert.Equal(a.DistinctPaths, b.DistinctPaths);
            Assert.Equal(a.DistinctPathsCapped, b.DistinctPathsCapped);
            Assert.Equal(a.Intent, b.Intent);
            Assert.Equal(a.ToString(), b.ToString());
        }
    }

    private static BotReport Run(List<RequestFacts> requests, int limit)
    {
        var detector = new BotDetector() { PathIdLimit = limit };
        foreach (var r in requests) detector.Add(in r);
        return detector.Finish();
    }

    // Hand-made CloudFront-like requests: scanners asking for many made-up paths (one past the per-client cap of
    // distinct paths), each path asked again now and then, and readers of a few shared pages.
    private static List<RequestFacts> Traffic(int seed)
    {
        var rng = new Random(seed);
        var start = new DateTimeOffset(2000 + seed % 30, 1 + seed % 12, 1, 0, 0, 0, TimeSpan.Zero);
        var list = new List<RequestFacts>();
        int scanners = rng.Next(3, 6);
        for (int s = 0; s < scanners; s++)
        {
            string ip = $"{rng.Next(1, 120)}.{rng.Next(0, 256)}.{rng.Next(0, 256)}.{s + 1}";
            int distinct = s == 0 ? ClientState.MaxDistinctPaths + rng.Next(1, 50) : rng.Next(ClientState.MaxSamplePaths + 1, 400);
            for (int i = 0; i < distinct * 2; i++)
            {
                int n = i < distinct ? i : rng.Next(0, distinct);
                string path = n % 5 == 0 ? $"/wp-admin/x{n}.php" : n % 7 == 0 ? $"/backup{n}.zip" : $"/guess/{n}";
                list.Add(Facts(ip, start.AddSeconds(list.Count), path, 404, "python-requests/2.28"));
            }
        }
        for (int r = 0; r < 40; r++)
        {
            string ip = $"{rng.Next(130, 200)}.{rng.Next(0, 256)}.{rng.Next(0, 256)}.{r + 1}";
            for (int i = 0; i < rng.Next(1, 30); i++)
                list.Add(Facts(ip, start.AddSeconds(list.Count), $"/page/{rng.Next(0, 25)}", 200, TrafficBuilder.Browser));
        }
        return list;
    }

    private static RequestFacts Facts(string ip, DateTimeOffset at, string path, int status, string agent) =>
        RequestFacts.Create(at, ip, null, "GET", path, null, status, agent, null, isCloudFront: true, resultType: "Error", timeTaken: 0.01);
}

/// <summary>The detector's table of CloudFront viewers by IPv4 number agrees with a dictionary, across growth and clearing.</summary>
public sealed class ViewerTableTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(41)]
    public void AgreesWithADictionary(int seed)
    {
        var rng = new Random(seed);
        var table = new ViewerTable();
        var truth = new Dictionary<uint, ClientState>();
        var store = new ClientStore();
        for (int i = 0; i < 50_000; i++)
        {
            // Clustered addresses (one /16) and scattered ones, as real viewers are.
            uint address = rng.Next(2) == 0 ? 0xC6330000u | (uint)rng.Next(1, 65536) : (uint)rng.NextInt64(1, 1L << 32);
            ref var slot = ref table.Find(address);
            if (truth.TryGetValue(address, out var known)) Assert.Same(known, slot);
            else
            {
                Assert.Null(slot);
                slot = truth[address] = new ClientState(address.ToString(), false, store, truth.Count);
            }
            Assert.Equal(truth.Count, table.Count);
            if (i == 30_000)
            {
                table.Clear();
                truth.Clear();
            }
        }
    }
}
