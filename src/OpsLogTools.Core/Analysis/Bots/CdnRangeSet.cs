using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// CloudFront's published address ranges with longest-prefix matching for IPv4 and IPv6. Loaded from AWS's
/// <c>ip-ranges.json</c> format (a full file works: only CLOUDFRONT and CLOUDFRONT_ORIGIN_FACING entries are kept).
/// A snapshot ships embedded (<see cref="Default"/>); <c>-IpRangesPath</c> loads a newer file.
/// </summary>
public sealed class CdnRangeSet
{
    /// <summary>The services kept from an ip-ranges.json.</summary>
    public static readonly IReadOnlyList<string> Services = ["CLOUDFRONT", "CLOUDFRONT_ORIGIN_FACING"];

    private const string ResourceSuffix = "aws-cloudfront-ranges.json";
    private static readonly Lazy<CdnRangeSet> LazyDefault = new(LoadEmbedded);

    // One hash table per prefix length actually present, searched longest first: a handful of lookups per address.
    // Built on the first Match (a fast CloudFront run asks only ContainsV4/ContainsV6): start-up cost saved.
    // Shared by threads (Default is one set for all detectors): built whole, then published at once.
    private PrefixTables? _prefixes;
    // Every range as an interval, for the block-rule question "does this range share any address with an edge?".
    private readonly (AddressRange Range, CdnRange Cdn)[] _intervals;
    // The union of the ranges of each family as sorted disjoint intervals (first addresses and last addresses): "is
    // it an edge" in one binary search instead of a hash lookup per prefix length (ContainsV4, ContainsV6).
    private readonly uint[] _v4First;
    private readonly uint[] _v4Last;
    private readonly UInt128[] _v6First;
    private readonly UInt128[] _v6Last;

    private CdnRangeSet(IReadOnlyList<CdnRange> ranges, string? createDate, string? syncToken, string source)
    {
        Ranges = ranges;
        CreateDate = createDate;
        SyncToken = syncToken;
        Source = source;
        _intervals = ranges.Select(r => (AddressRange.Of(r.Network), r)).ToArray();
        (var first, var last) = Union(_intervals, v6: false);
        _v4First = new uint[first.Length];
        _v4Last = new uint[first.Length];
        for (int i = 0; i < first.Length; i++) (_v4First[i], _v4Last[i]) = ((uint)first[i], (uint)last[i]);
        (_v6First, _v6Last) = Union(_intervals, v6: true);
    }

    private sealed record PrefixTables((int Length, Dictionary<uint, CdnRange> Table)[] V4, (int Length, Dictionary<UInt128, CdnRange> Table)[] V6);

    // The prefix tables of each family, longest prefix first (what Match searches).
    private PrefixTables Prefixes => Volatile.Read(ref _prefixes) ?? BuildPrefixTables();

    private PrefixTables BuildPrefixTables()
    {
        var v4 = new SortedDictionary<int, Dictionary<uint, CdnRange>>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        var v6 = new SortedDictionary<int, Dictionary<UInt128, CdnRange>>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var range in Ranges)
        {
            int len = range.Network.PrefixLength;
            if (range.Network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            {
                if (!v4.TryGetValue(len, out var t)) v4[len] = t = new();
                t.TryAdd(IpAddressText.ToUInt32(range.Network.BaseAddress), range);
            }
            else
            {
                if (!v6.TryGetValue(len, out var t)) v6[len] = t = new();
                t.TryAdd(IpAddressText.ToUInt128(range.Network.BaseAddress), range);
            }
        }
        var tables = new PrefixTables(v4.Select(kv => (kv.Key, kv.Value)).ToArray(), v6.Select(kv => (kv.Key, kv.Value)).ToArray());
        return Interlocked.CompareExchange(ref _prefixes, tables, null) ?? tables;
    }

    // The ranges of one family as sorted disjoint intervals, overlapping and adjacent ones joined. Plain loops and an
    // insertion sort (a few hundred ranges): this runs once per process, and generic sorting code over these types is
    // not compiled ahead of time, so it would cost more in start-up than it saves.
    private static (UInt128[] First, UInt128[] Last) Union((AddressRange Range, CdnRange Cdn)[] intervals, bool v6)
    {
        var first = new UInt128[intervals.Length];
        var last = new UInt128[intervals.Length];
        int n = 0;
        foreach (var (r, _) in intervals)
        {
            if (r.IsV6 != v6) continue;
            int i = n++;
            while (i > 0 && first[i - 1] > r.First)
            {
                first[i] = first[i - 1];
                last[i] = last[i - 1];
                i--;
            }
            first[i] = r.First;
            last[i] = r.Last;
        }
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (m > 0 && (last[m - 1] == UInt128.MaxValue || first[i] <= last[m - 1] + UInt128.One))
            {
                if (last[i] > last[m - 1]) last[m - 1] = last[i];
            }
            else
            {
                first[m] = first[i];
                last[m] = last[i];
                m++;
            }
        }
        return (first[..m], last[..m]);
    }

    // True when a sorted disjoint interval list holds the value: the last interval starting at or before it ends at or after it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool InUnion<T>(T[] first, T[] last, T value) where T : IComparisonOperators<T, T, bool>
    {
        int lo = 0, hi = first.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (first[mid] <= value) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found >= 0 && value <= last[found];
    }

    /// <summary>The shipped snapshot (see <see cref="CreateDate"/> and <see cref="Source"/>).</summary>
    public static CdnRangeSet Default => LazyDefault.Value;

    /// <summary>An empty set (nothing is an edge).</summary>
    public static CdnRangeSet Empty { get; } = new([], null, null, "empty");

    /// <summary>Every range, in file order.</summary>
    public IReadOnlyList<CdnRange> Ranges { get; }

    /// <summary>The file's <c>createDate</c> (AWS writes <c>yyyy-MM-dd-HH-mm-ss</c>), or null.</summary>
    public string? CreateDate { get; }

    /// <summary>The file's <c>syncToken</c>, or null.</summary>
    public string? SyncToken { get; }

    /// <summary>Where the ranges came from (a path, or the embedded snapshot's own note).</summary>
    public string Source { get; }

    /// <summary>True when the address is inside a range.</summary>
    public bool Contains(IPAddress address) => Match(address) is not null;

    /// <summary>True when the text is an address inside a range.</summary>
    public bool Contains(string address) => IpAddressText.TryParse(address, out var ip) && Match(ip) is not null;

    /// <summary>True when an IPv4 address, as a number, is in one of the ranges.</summary>
    internal bool ContainsV4(uint value) => InUnion(_v4First, _v4Last, value);

    /// <summary>True when an IPv6 address, as a number, is in one of the ranges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool ContainsV6(UInt128 value) => InUnion(_v6First, _v6Last, value);

    /// <summary>The most specific range containing the address, or null.</summary>
    public CdnRange? Match(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            uint value = IpAddressText.ToUInt32(address);
            foreach (var (len, table) in Prefixes.V4)
            {
                uint mask = len == 0 ? 0u : uint.MaxValue << (32 - len);
                if (table.TryGetValue(value & mask, out var hit)) return hit;
            }
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            UInt128 value = IpAddressText.ToUInt128(address);
            foreach (var (len, table) in Prefixes.V6)
            {
                UInt128 mask = len == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - len);
                if (table.TryGetValue(value & mask, out var hit)) return hit;
            }
        }
        return null;
    }

    /// <summary>
    /// A range of this set that shares at least one address with <paramref name="range"/> (interval overlap: a wide
    /// range with an edge prefix strictly inside it overlaps), or null. A linear scan: a few hundred prefixes, asked
    /// once per block candidate.
    /// </summary>
    internal CdnRange? FirstOverlap(AddressRange range)
    {
        foreach (var (interval, cdn) in _intervals)
        {
            if (interval.Overlaps(range)) return cdn;
        }
        return null;
    }

    /// <summary>Builds a set from CIDR strings (tests, and configured extra CDN ranges).</summary>
    public static CdnRangeSet FromPrefixes(IEnumerable<string> prefixes, string service = "CLOUDFRONT", string source = "list")
    {
        var ranges = new List<CdnRange>();
        foreach (var p in prefixes)
        {
            if (IpAddressText.TryParseNetwork(p, out var net)) ranges.Add(new CdnRange(net, service, null, null));
        }
        return new CdnRangeSet(ranges, null, null, source);
    }

    /// <summary>Loads an <c>ip-ranges.json</c> file (read-only, shared).</summary>
    public static CdnRangeSet Load(string path, IReadDiagnostics? diagnostics = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        return Parse(stream, path, diagnostics);
    }

    /// <summary>
    /// Reads AWS's ip-ranges.json format. Entries of other services are skipped; malformed prefixes are reported as
    /// warnings and skipped. Throws <see cref="JsonException"/> only when the document itself is not JSON.
    /// </summary>
    public static CdnRangeSet Parse(Stream json, string source, IReadDiagnostics? diagnostics = null)
    {
        diagnostics ??= NullDiagnostics.Instance;
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = doc.RootElement;
        string? createDate = root.TryGetProperty("createDate", out var cd) && cd.ValueKind == JsonValueKind.String ? cd.GetString() : null;
        string? syncToken = root.TryGetProperty("syncToken", out var st) && st.ValueKind == JsonValueKind.String ? st.GetString() : null;
        var ranges = new List<CdnRange>();
        ReadList(root, "prefixes", "ip_prefix", source, ranges, diagnostics);
        ReadList(root, "ipv6_prefixes", "ipv6_prefix", source, ranges, diagnostics);
        if (ranges.Count == 0)
            diagnostics.Warning(source, 0, "no CLOUDFRONT or CLOUDFRONT_ORIGIN_FACING prefixes in this ip-ranges file: no address will be recognised as a CloudFront edge");
        return new CdnRangeSet(ranges, createDate, syncToken, source);
    }

    private static void ReadList(JsonElement root, string listName, string prefixName, string source, List<CdnRange> into, IReadDiagnostics diagnostics)
    {
        if (!root.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array) return;
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object) continue;
            string? service = Str(item, "service");
            if (service is null || !Services.Contains(service, StringComparer.OrdinalIgnoreCase)) continue;
            string? prefix = Str(item, prefixName);
            if (prefix is null || !IpAddressText.TryParseNetwork(prefix, out var net))
            {
                diagnostics.Warning(source, 0, $"{listName}[{index}]: '{prefix}' is not a CIDR prefix; skipped");
                continue;
            }
            into.Add(new CdnRange(net, service.ToUpperInvariant(), Str(item, "region"), Str(item, "network_border_group")));
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static CdnRangeSet LoadEmbedded()
    {
        var asm = typeof(CdnRangeSet).Assembly;
        string name = asm.GetManifestResourceNames().First(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        var set = Parse(stream, "embedded snapshot " + ResourceSuffix);
        return set;
    }

    /// <summary>
    /// Words for messages: <c>CloudFront ranges of 2024-09-13 (embedded snapshot, 208 prefixes)</c>, or for a list
    /// without an ip-ranges.json date (<c>-CdnRange</c>) <c>CDN ranges from -CdnRange (2 prefixes)</c>.
    /// </summary>
    public string Describe() => CreateDate is null && Ranges.Count > 0 && Ranges.All(r => r.Service == ListService)
        ? $"CDN ranges from {Source} ({Ranges.Count} prefixes)"
        : $"CloudFront ranges of {FormatCreateDate(CreateDate)} ({Source}, {Ranges.Count} prefixes)";

    /// <summary>The service name <see cref="FromPrefixes"/> gives ranges that name no AWS service.</summary>
    public const string ListService = "CDN";

    private static string FormatCreateDate(string? createDate) =>
        createDate is { Length: >= 10 } ? createDate[..10] : createDate ?? "unknown date";
}
