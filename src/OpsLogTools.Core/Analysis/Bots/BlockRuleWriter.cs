using System.Net;
using System.Text;
using System.Text.Json;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// ConvertTo-BlockRule's engine: writes Apache, nginx, AWS WAF, iptables or nftables rules for bot clients, and
/// refuses, with an error id per address, what <see cref="BlockRangeChecker"/> refuses (text that is not a canonical
/// address, a range that overlaps a CDN edge or any IANA special-purpose block, directly or through the IPv4 address
/// it embeds, a range too wide) and a finding marked as an edge or judged Benign. <see cref="BlockRuleOptions.Force"/>
/// lifts only the Benign refusal. Writes nothing to disk: the caller saves <see cref="BlockRuleResult.Documents"/>.
/// </summary>
public sealed class BlockRuleWriter
{
    private readonly CdnRangeSet _ranges;
    private readonly BlockRangeChecker _checker;

    /// <summary>
    /// Creates a writer that knows the CloudFront ranges (default: the shipped snapshot). The snapshot is refused
    /// even when <paramref name="ranges"/> is another set; <paramref name="ranges"/> also goes in the realip comments.
    /// </summary>
    public BlockRuleWriter(CdnRangeSet? ranges = null) : this(ranges, null) { }

    /// <summary>Creates a writer with the checker it refuses by (which holds every CDN range set to refuse).</summary>
    public BlockRuleWriter(CdnRangeSet? ranges, BlockRangeChecker? checker)
    {
        _ranges = ranges ?? CdnRangeSet.Default;
        _checker = checker ?? (ranges is null ? BlockRangeChecker.Default : new BlockRangeChecker([ranges]));
    }

    /// <summary>The checker every candidate goes through.</summary>
    public BlockRangeChecker Checker => _checker;

    /// <summary>Writes rules for findings.</summary>
    public BlockRuleResult Write(IEnumerable<BotActivity> activities, BlockRuleFormat format, BlockRuleOptions? options = null) =>
        Write(activities.Select(BlockCandidate.From), format, options);

    /// <summary>Writes rules for candidates (findings or bare addresses).</summary>
    public BlockRuleResult Write(IEnumerable<BlockCandidate> candidates, BlockRuleFormat format, BlockRuleOptions? options = null)
    {
        options ??= new BlockRuleOptions();
        var rules = new List<BlockRule>();
        var refusals = new List<BlockRuleRefusal>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (Check(c, options, out var network) is { } refusal) { refusals.Add(refusal); continue; }
            string cidr = network.ToString();
            if (!seen.Add(cidr)) continue;
            int version = IpClassifier.Version(network.BaseAddress);
            rules.Add(new BlockRule
            {
                Format = format,
                Address = cidr,
                Rule = RuleText(format, network, version, options),
                SourceClientIp = c.ClientIp,
                Kind = c.Kind,
                Intent = c.Intent,
                IpVersion = version,
            });
        }
        return new BlockRuleResult { Rules = rules, Refusals = refusals, Documents = Documents(format, rules, options) };
    }

    /// <summary>Why no rule may be written for a candidate, or null when one may.</summary>
    public BlockRuleRefusal? Check(BlockCandidate candidate, BlockRuleOptions? options = null) => Check(candidate, options ?? new BlockRuleOptions(), out _);

    private BlockRuleRefusal? Check(BlockCandidate c, BlockRuleOptions options, out IPNetwork network)
    {
        if (_checker.Check(c.ClientIp, c.IsLoggedClient, out network) is { } refusal) return refusal;
        if (c.IsCdnEdge)
            return Refuse(c, BotErrorIds.CdnEdgeAddress,
                $"{c.ClientIp} is a CloudFront edge (the finding says so: nothing better than the edge was logged for it): it carries every visitor routed through that edge, and blocking it blocks them all. Block the real client from the CloudFront logs or X-Forwarded-For, or in AWS WAF.");
        if (c.Intent == BotIntent.Benign && !options.Force)
            return Refuse(c, BotErrorIds.BenignClient, $"{c.ClientIp} was classified Benign ({c.Kind}); use -Force to block it anyway", overridable: true);
        return null;
    }

    private static BlockRuleRefusal Refuse(BlockCandidate c, string id, string message, bool overridable = false) =>
        new() { ClientIp = c.ClientIp, ErrorId = id, Message = message, Overridable = overridable };

    private static string RuleText(BlockRuleFormat format, IPNetwork network, int version, BlockRuleOptions o)
    {
        bool host = network.PrefixLength == (version == 4 ? 32 : 128);
        string addr = host ? network.BaseAddress.ToString() : network.ToString();
        return format switch
        {
            BlockRuleFormat.Apache => $"Require not ip {addr}",
            BlockRuleFormat.Nginx => $"deny {addr};",
            BlockRuleFormat.Iptables => $"{(version == 4 ? "iptables" : "ip6tables")} -A INPUT -s {addr} -j DROP",
            BlockRuleFormat.Nftables => $"nft add element {o.NftFamily} {o.NftTable} {o.NftSet}_v{version} {{ {addr} }}",
            _ => network.ToString(),
        };
    }

    private IReadOnlyList<BlockRuleDocument> Documents(BlockRuleFormat format, List<BlockRule> rules, BlockRuleOptions o)
    {
        if (format == BlockRuleFormat.AwsWafIpSet)
        {
            var docs = new List<BlockRuleDocument>();
            foreach (int v in new[] { 4, 6 })
            {
                var addresses = rules.Where(r => r.IpVersion == v).Select(r => r.Address).ToList();
                // An empty Addresses list would empty the live set: no document at all rather than that.
                if (addresses.Count == 0) continue;
                docs.Add(new BlockRuleDocument { Name = $"ipv{v}", IpVersion = v, Text = WafJson(v, addresses, o) });
            }
            return docs;
        }
        var sb = new StringBuilder();
        sb.Append("# Written by OpsLogTools ConvertTo-BlockRule: ").Append(rules.Count).Append(" address(es).\n");
        switch (format)
        {
            case BlockRuleFormat.Apache:
                sb.Append("# Apache 2.4 (mod_authz_core): put this block inside the <Directory>, <Location> or <VirtualHost> it protects.\n");
                sb.Append("# Behind CloudFront Apache sees edge addresses, not visitors: these rules need mod_remoteip, which takes the\n");
                sb.Append("# visitor from X-Forwarded-For when the connecting address is a trusted CloudFront edge:\n");
                sb.Append("#   LoadModule remoteip_module modules/mod_remoteip.so\n#   RemoteIPHeader X-Forwarded-For\n");
                AppendRanges(sb, o, "#   RemoteIPTrustedProxy", 6, "");
                sb.Append("<RequireAll>\n    Require all granted\n");
                foreach (var r in rules) sb.Append("    ").Append(r.Rule).Append('\n');
                sb.Append("</RequireAll>\n");
                break;
            case BlockRuleFormat.Nginx:
                sb.Append("# nginx: put these lines inside the http, server or location block they protect.\n");
                sb.Append("# Behind CloudFront nginx sees edge addresses, not visitors: enable the realip module first:\n");
                sb.Append("#   real_ip_header X-Forwarded-For;\n#   real_ip_recursive on;\n");
                AppendRanges(sb, o, "#   set_real_ip_from", 1, ";");
                foreach (var r in rules) sb.Append(r.Rule).Append('\n');
                break;
            case BlockRuleFormat.Iptables:
                sb.Append("# iptables matches the address that connects. Behind CloudFront every packet comes from an edge, so these\n");
                sb.Append("# rules stop only clients that reach the origin directly; block viewers in AWS WAF (-Format AwsWafIpSet).\n");
                foreach (var r in rules) sb.Append(r.Rule).Append('\n');
                break;
            case BlockRuleFormat.Nftables:
                sb.Append("# nftables matches the address that connects: behind CloudFront use AWS WAF (-Format AwsWafIpSet) instead.\n");
                sb.Append("# Create the sets and rules once:\n");
                sb.Append($"#   nft add table {o.NftFamily} {o.NftTable}\n");
                sb.Append($"#   nft add set {o.NftFamily} {o.NftTable} {o.NftSet}_v4 '{{ type ipv4_addr; flags interval; }}'\n");
                sb.Append($"#   nft add set {o.NftFamily} {o.NftTable} {o.NftSet}_v6 '{{ type ipv6_addr; flags interval; }}'\n");
                sb.Append($"#   nft add rule {o.NftFamily} {o.NftTable} input ip saddr @{o.NftSet}_v4 drop\n");
                sb.Append($"#   nft add rule {o.NftFamily} {o.NftTable} input ip6 saddr @{o.NftSet}_v6 drop\n");
                foreach (var r in rules) sb.Append(r.Rule).Append('\n');
                break;
        }
        return [new BlockRuleDocument { Name = "rules", IpVersion = 0, Text = sb.ToString() }];
    }

    private void AppendRanges(StringBuilder sb, BlockRuleOptions o, string directive, int perLine, string terminator)
    {
        if (!o.IncludeCdnRanges || _ranges.Ranges.Count == 0)
        {
            sb.Append(directive).Append(" <each CloudFront range>").Append(terminator).Append('\n');
            return;
        }
        sb.Append("# ").Append(_ranges.Describe()).Append(":\n");
        var prefixes = _ranges.Ranges.Select(r => r.Prefix).Distinct(StringComparer.Ordinal).ToList();
        for (int i = 0; i < prefixes.Count; i += perLine)
            sb.Append(directive).Append(' ').Append(string.Join(' ', prefixes.Skip(i).Take(perLine))).Append(terminator).Append('\n');
    }

    private static string WafJson(int version, List<string> addresses, BlockRuleOptions o)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("Name", version == 4 ? o.WafIPv4SetName : o.WafIPv6SetName);
            w.WriteString("Scope", o.WafScope);
            w.WriteString("Id", version == 4 ? o.WafIPv4SetId : o.WafIPv6SetId);
            w.WriteStartArray("Addresses");
            foreach (var a in addresses) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteString("LockToken", o.WafLockToken);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
