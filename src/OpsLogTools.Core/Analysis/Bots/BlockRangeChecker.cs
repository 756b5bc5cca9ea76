using System.Net;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The one answer to "may this range be blocked?", for ConvertTo-BlockRule and the reports alike. A range is refused
/// when its text is not canonical, when it has host bits set, when it shares even one address with a CDN edge range
/// (the shipped CloudFront snapshot and every set given), with a block of IANA's special-purpose registries
/// (<see cref="SpecialPurposeRegistry"/>: private, loopback, link-local, CGNAT, documentation, multicast, reserved,
/// 6to4, Teredo, NAT64 and the rest), or, through the IPv4 address it embeds (<see cref="Ipv4Embedding"/>), with
/// either; or when it is wider than /16 (IPv4) or /32 (IPv6). Overlap is interval overlap, so a wide range with an
/// edge prefix strictly inside it is refused, not only one whose first or last address is an edge.
/// </summary>
public sealed class BlockRangeChecker
{
    /// <summary>Widest IPv4 prefix a rule may name.</summary>
    public const int MinIPv4PrefixLength = 16;

    /// <summary>Widest IPv6 prefix a rule may name.</summary>
    public const int MinIPv6PrefixLength = 32;

    // Messages quote the text given; a log can hold a token of any length.
    private const int MaxShown = 80;

    private static readonly Lazy<BlockRangeChecker> LazyDefault = new(() => new BlockRangeChecker());

    private readonly CdnRangeSet[] _cdn;

    /// <summary>
    /// A checker that refuses the shipped CloudFront snapshot (<see cref="CdnRangeSet.Default"/>) and every range of
    /// <paramref name="cdnRanges"/> (a newer ip-ranges.json, other CDNs). The snapshot stays in even when a newer file
    /// is given: an edge range that has left the newer file is still not worth a rule.
    /// </summary>
    public BlockRangeChecker(IEnumerable<CdnRangeSet>? cdnRanges = null)
    {
        var sets = new List<CdnRangeSet> { CdnRangeSet.Default };
        foreach (var set in cdnRanges ?? [])
        {
            if (!sets.Contains(set)) sets.Add(set);
        }
        _cdn = sets.ToArray();
    }

    /// <summary>A checker for the shipped snapshot alone.</summary>
    public static BlockRangeChecker Default => LazyDefault.Value;

    /// <summary>The CDN range sets refused (the shipped snapshot first).</summary>
    public IReadOnlyList<CdnRangeSet> CdnRanges => _cdn;

    /// <summary>True when a rule may name <paramref name="text"/> (an address or a CIDR prefix typed by hand).</summary>
    public bool MayBlock(string text) => Check(text, isLoggedClient: false, out _) is null;

    /// <summary>Why no rule may name <paramref name="text"/>, or null when one may (see the overload with the network).</summary>
    public BlockRuleRefusal? Check(string? text, bool isLoggedClient = false) => Check(text, isLoggedClient, out _);

    /// <summary>
    /// Why no rule may name <paramref name="text"/>, or null when one may; then <paramref name="network"/> is the
    /// canonical network. A <paramref name="isLoggedClient"/> text came from a log's client field and must be one
    /// address: a network there is not a client. A host address is taken as /32 or /128.
    /// </summary>
    public BlockRuleRefusal? Check(string? text, bool isLoggedClient, out IPNetwork network)
    {
        network = default;
        string given = text ?? "";
        var span = given.AsSpan().Trim();
        int slash = span.IndexOf('/');
        if (span.IsEmpty)
            return Refuse(given, BotErrorIds.InvalidAddress, "an empty string is not an IP address or CIDR prefix");
        if (isLoggedClient && slash >= 0)
            return Refuse(given, BotErrorIds.InvalidAddress,
                $"'{Shown(given)}' came from a log's client field, which holds one address: a network written there is not a client, and no rule is written for it");
        var addressText = slash < 0 ? span : span[..slash];
        if (!AddressTextParser.TryParse(addressText, out var value, out bool v6))
        {
            return NonCanonicalHint(addressText) is { } hint
                ? Refuse(given, BotErrorIds.NonCanonicalAddress, $"'{Shown(given)}' is not canonical address text: {hint}. Write IPv4 as four plain decimal octets and IPv6 as RFC 4291 text, so every tool reads the same address")
                : Refuse(given, BotErrorIds.InvalidAddress, $"'{Shown(given)}' is not an IP address or CIDR prefix");
        }
        int max = v6 ? 128 : 32;
        int length = max;
        if (slash >= 0 && !AddressTextParser.TryParsePrefixLength(span[(slash + 1)..], max, out length))
        {
            var lengthText = span[(slash + 1)..];
            var digits = lengthText.TrimStart('0');
            bool leadingZero = lengthText.Length > 1 && lengthText[0] == '0'
                && AddressTextParser.TryParsePrefixLength(digits.IsEmpty ? "0" : digits, max, out length);
            return leadingZero
                ? Refuse(given, BotErrorIds.NonCanonicalAddress, $"'{Shown(given)}' has a prefix length with a leading zero; write /{length}")
                : Refuse(given, BotErrorIds.InvalidAddress, $"'{Shown(given)}' has no valid prefix length (0 to {max})");
        }
        var range = AddressRange.Prefix(value, length, v6);
        if (range.First != value)
        {
            var host = AddressRange.ToAddress(value, v6);
            return Refuse(given, BotErrorIds.HostBitsSet,
                $"'{Shown(given)}' has host bits set: it is neither the network {range} nor the address {host}. Give the one you mean (a rule for {range} would block {Count(range)} addresses)");
        }
        return CheckRange(given, range) ?? Accept(range, out network);
    }

    private static BlockRuleRefusal? Accept(AddressRange range, out IPNetwork network)
    {
        network = range.ToNetwork();
        return null;
    }

    private BlockRuleRefusal? CheckRange(string given, AddressRange range)
    {
        string shown = Shown(given);
        if (FirstCdnOverlap(range) is { } direct)
            return Edge(given, $"{shown} {Relation(direct.Cdn, range)}", direct.Cdn, direct.Set);

        var embedded = Ipv4Embedding.Of(range).ToList();
        // The IPv4 address a form fixes says more than the IPv6 block it sits in: 2002:a00:1:: is private 10.0.0.1.
        foreach (var (form, v4) in embedded.Where(e => e.V4.PrefixLength > 0))
        {
            if (Forbidden(given, $"{shown} is {form} of {V4Text(v4)}, which", v4) is { } refusal) return refusal;
        }
        if (SpecialPurposeRegistry.FirstOverlap(range) is { } row)
        {
            // A public IPv4 address in an IPv6 form: say which address a rule could name instead.
            var carried = embedded.FirstOrDefault(e => e.V4.PrefixLength > 0);
            string also = carried.Form is null ? "" : $" ({carried.Form} of {V4Text(carried.V4)}, the address to give instead)";
            return Special(given, $"{shown}{also} {(row.Range.Covers(range) ? "is in" : "overlaps")}", row, carried.Form is null ? null : carried.V4);
        }
        foreach (var (form, v4) in embedded)
        {
            if (Forbidden(given, $"{shown} is {form} of {V4Text(v4)}, which", v4) is { } refusal) return refusal;
        }
        if (range.PrefixLength < (range.IsV6 ? MinIPv6PrefixLength : MinIPv4PrefixLength))
            return Refuse(given, BotErrorIds.RangeTooWide,
                $"{shown} is too wide a range to block from a bot finding (at most /{MinIPv4PrefixLength} for IPv4, /{MinIPv6PrefixLength} for IPv6)");
        return null;
    }

    private BlockRuleRefusal? Forbidden(string given, string subject, AddressRange v4)
    {
        if (FirstCdnOverlap(v4) is { } edge)
            return Edge(given, $"{subject} {Relation(edge.Cdn, v4)}", edge.Cdn, edge.Set, v4.PrefixLength > 0 ? v4 : null);
        if (SpecialPurposeRegistry.FirstOverlap(v4) is { } row)
            return Special(given, $"{subject} {(row.Range.Covers(v4) ? "is in" : "overlaps")}", row, v4.PrefixLength > 0 ? v4 : null);
        return null;
    }

    private (CdnRange Cdn, CdnRangeSet Set)? FirstCdnOverlap(AddressRange range)
    {
        foreach (var set in _cdn)
        {
            if (set.FirstOverlap(range) is { } hit) return (hit, set);
        }
        return null;
    }

    private static string Relation(CdnRange cdn, AddressRange range) =>
        AddressRange.Of(cdn.Network).Covers(range) ? "is in" : "overlaps";

    private static BlockRuleRefusal Edge(string given, string subject, CdnRange cdn, CdnRangeSet set, AddressRange? v4 = null) =>
        Refuse(given, BotErrorIds.CdnEdgeAddress,
            $"{subject} the CDN edge range {cdn.Prefix} ({set.Describe()}): an edge carries every visitor routed through it, and blocking it blocks them all. Block the real client from the CloudFront logs or X-Forwarded-For, or in AWS WAF",
            cdn.Prefix, v4);

    private static BlockRuleRefusal Special(string given, string subject, SpecialPurposeRange row, AddressRange? v4)
    {
        var (id, why) = row.Class switch
        {
            AddressClass.Private => (BotErrorIds.PrivateAddress, "private address space: your own network or a proxy in it, never a visitor on the internet"),
            AddressClass.Loopback => (BotErrorIds.LoopbackAddress, "loopback: the server itself"),
            AddressClass.LinkLocal => (BotErrorIds.LinkLocalAddress, "link-local: the local network segment (cloud metadata services live here)"),
            AddressClass.SharedAddressSpace => (BotErrorIds.SharedAddressSpace, "carrier-grade NAT space: shared by many subscribers"),
            AddressClass.Documentation => (BotErrorIds.ReservedAddress, "documentation space: reserved for examples, never a real client"),
            AddressClass.Multicast => (BotErrorIds.ReservedAddress, "multicast: a group, never the source of a request"),
            _ => (BotErrorIds.ReservedAddress, "special-purpose space: not a client to block"),
        };
        return Refuse(given, id, $"{subject} {row.Describe()}, {why}", row.Prefix, v4);
    }

    private static BlockRuleRefusal Refuse(string given, string id, string message, string? overlapping = null, AddressRange? v4 = null) =>
        new() { ClientIp = given, ErrorId = id, Message = message, OverlappingRange = overlapping, EmbeddedIPv4 = v4 is { } r ? V4Text(r) : null };

    private static string V4Text(AddressRange v4) => v4.PrefixLength == 32 ? v4.FirstAddress.ToString() : v4.ToString();

    private static string Count(AddressRange range) =>
        (range.Last - range.First + UInt128.One).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Shown(string text) => text.Length <= MaxShown ? text : text[..MaxShown] + "…";

    /// <summary>Why text that is no strict address would still be read as one by some tool, or null when none would.</summary>
    private static string? NonCanonicalHint(ReadOnlySpan<char> text)
    {
        if (text.Contains('%')) return "a zone id (%eth0) names an interface of one host; it is no part of an address to block";
        if (text.StartsWith('[')) return "brackets belong to URLs, not to addresses";
        int colon = text.IndexOf(':');
        if (colon > 0 && colon == text.LastIndexOf(':') && IPAddress.TryParse(text[..colon], out _))
            return "a port is no part of an address";
        int lastColon = text.LastIndexOf(':');
        if (lastColon >= 0 && text[(lastColon + 1)..].Contains('.'))
        {
            // IPv6 ending in a dotted quad: only that quad can be loose.
            return IPAddress.TryParse(text[(lastColon + 1)..], out var quad)
                ? $"its IPv4 part is written loosely (some tools read it as {quad})"
                : null;
        }
        if (!IPAddress.TryParse(text, out var lenient)) return null;
        string? asDecimal = DecimalReading(text);
        return asDecimal is not null && asDecimal != lenient.ToString()
            ? $"a leading zero makes inet_aton and .NET read an octet as octal ({lenient}) and other tools as decimal ({asDecimal})"
            : $"short, hex or octal IPv4 forms (127.1, 0x7f.0.0.1, 2130706433, 010.0.0.1) are read as {lenient} by some tools and refused by others";
    }

    // 010.010.010.010 read the way a person reads it (10.10.10.10), when that is an address at all.
    private static string? DecimalReading(ReadOnlySpan<char> text)
    {
        var parts = text.ToString().Split('.');
        if (parts.Length != 4) return null;
        var octets = new int[4];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 4 || !parts[i].All(char.IsAsciiDigit)) return null;
            octets[i] = int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
            if (octets[i] > 255) return null;
        }
        return string.Join('.', octets);
    }
}
