@{
    Synopsis    = 'Turns bot findings into block rules for Apache, nginx, AWS WAF IP sets, iptables or nftables, refusing CDN edges, private ranges and benign clients.'
    Description = @'
ConvertTo-BlockRule takes BotActivity objects from Find-BotRequest, LoginActivity objects from Find-LoginActivity (their sources) (or addresses and CIDR prefixes typed with -IpAddress) and writes one BlockRule per address, in canonical CIDR form (/32, /128).

It refuses, with a non-terminating error per address, to write a rule for a range that shares even one address with a CDN edge range (blocking an edge blocks every visitor it serves: the mistake "Require not ip" on the origin's logged address makes) or with any block of IANA's IPv4 and IPv6 special-purpose registries: private, loopback, link-local, shared (CGNAT), documentation (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20), benchmarking, multicast, reserved, 6to4, Teredo, NAT64, discard-only and the rest, and IPv6 outside 2000::/3. The check is interval overlap: 205.251.0.0/16 is refused because CloudFront prefixes lie inside it, though neither its first nor its last address is an edge. An IPv6 form that carries an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::, Teredo's server and inverted client) is checked as that IPv4 address too; the refusal names it. The edges are the shipped CloudFront snapshot, always, plus -IpRangesPath and -CdnRange. A range wider than /16 (IPv4) or /32 (IPv6) is refused, and so is a client judged Benign; -Force lifts only the Benign refusal.

Only canonical address text is taken, read as inet_pton reads it: IPv4 as four decimal octets without leading zeros (010.010.010.010 is 8.8.8.8 to inet_aton and 10.10.10.10 to a reader), no short, hex or single-number forms (127.1, 0x7f.0.0.1, 2130706433), no zone (%eth0), brackets or port; IPv6 as RFC 4291 text (upper case and leading zeros in a group are unambiguous and accepted; rules are written in RFC 5952 form). A prefix whose address has host bits set (45.12.3.4/24) is refused, not widened: give the network (45.12.3.0/24) or the host. A client taken from a log (a finding) is one address: a network or host name in a log's client field is refused with InvalidAddress.

Error ids: CdnEdgeAddress, PrivateAddress, LoopbackAddress, LinkLocalAddress, SharedAddressSpace, ReservedAddress (documentation, multicast, reserved and other special-purpose space), RangeTooWide, BenignClient, InvalidAddress, NonCanonicalAddress, HostBitsSet; a -CdnRange that is not CIDR text stops the command with InvalidCdnRange.

Formats: Apache ("Require not ip" lines for a <RequireAll> block; behind a CDN they need mod_remoteip so Apache sees the real client), Nginx ("deny" lines; behind a CDN with real_ip_header and set_real_ip_from), AwsWafIpSet (the JSON "aws wafv2 update-ip-set --cli-input-json" takes, IPv4 and IPv6 in separate sets), Iptables (iptables and ip6tables commands) and Nftables (an nft set).

Nothing is written to disk unless -OutFile is given; -WhatIf and -Confirm apply to it. When no rule is left to write (every address refused, or none given), -OutFile is not touched: an existing file keeps its rules, and a warning says so.
'@
    Parameters  = @{
        InputObject  = 'Findings from Find-BotRequest.'
        LoginActivity = 'Findings from Find-LoginActivity: each source is a logged client (one address; a host name or a network is refused). Attacks are blocked; ordinary logins and a few failures (IsAttack false) are refused as Benign unless -Force is given. Private, loopback, link-local and other special-purpose ranges and CDN edges are always refused.'
        IpAddress    = 'Addresses or CIDR prefixes to block, typed by hand, in canonical text. They are checked like findings: nothing that overlaps a CDN edge or a special-purpose range, no host bits set beyond the prefix length, nothing wider than /16 (IPv4) or /32 (IPv6).'
        Format       = 'The kind of rule: Apache, Nginx, AwsWafIpSet, Iptables or Nftables. Tab completion lists them.'
        OutFile      = 'Write the complete rules to this file. For AwsWafIpSet with both IPv4 and IPv6 addresses, two files are written: name.ipv4.json and name.ipv6.json. When no rule is left to write, the file is not touched (an existing one keeps its rules) and a warning says so.'
        Raw          = 'Emit the complete rule text (what -OutFile writes) as strings instead of one object per address.'
        Force        = 'Also write rules for clients judged Benign (known crawlers). Never lifts any other refusal: CDN edges, special-purpose ranges, loose address text.'
        IpRangesPath = 'A newer AWS ip-ranges.json to recognise CloudFront edges by. Its ranges are refused together with the shipped snapshot.'
        CdnRange     = 'More CDN edge ranges never to block, as CIDR prefixes: another CDN in front of the site, or your own edge proxies. Refused together with the CloudFront ranges.'
        WafIPSetName = 'AWS WAF: the name of the IPv4 IP set; the IPv6 set takes the same name with ipv6 in place of ipv4 (or -ipv6 appended).'
        WafScope     = 'AWS WAF: CLOUDFRONT (the default, for a web ACL on a distribution) or REGIONAL.'
        WhatIf       = 'Shows what -OutFile would write without writing it.'
        Confirm      = 'Asks before writing -OutFile.'
    }
    Examples    = @(
        @{
            Title   = 'AWS WAF IP sets for the WordPress prober of the sample'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-BotRequest (Join-Path $sample cloudfront) | Where-Object Kind -eq CmsProbe | ConvertTo-BlockRule -Format AwsWafIpSet -Raw'
            Remarks = 'The JSON goes to "aws wafv2 update-ip-set --cli-input-json"; fill in the Id and LockToken from "aws wafv2 get-ip-set".'
        }
        @{
            Title   = 'Apache rules, and the refusal of an edge address'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-BotRequest $sample | Where-Object Intent -eq Malicious | ConvertTo-BlockRule -Format Apache
ConvertTo-BlockRule -IpAddress 130.176.1.10, 10.0.0.5 -Format Nginx -ErrorAction SilentlyContinue -ErrorVariable refused
$refused.FullyQualifiedErrorId'
            Remarks = 'The CloudFront edge and the private address are refused with CdnEdgeAddress and PrivateAddress.'
        }
        @{
            Title   = 'A range that hides edges, octal text and a 6to4 address are refused'
            Code    = 'ConvertTo-BlockRule -IpAddress 205.251.0.0/16, 010.010.010.010, 2002:a00:1::, 45.12.0.0/16 -Format Nginx -ErrorAction SilentlyContinue -ErrorVariable refused
$refused | ForEach-Object { $_.FullyQualifiedErrorId.Split(",")[0] + ": " + $_.TargetObject }'
            Remarks = 'Only "deny 45.12.0.0/16;" is written: 205.251.0.0/16 holds CloudFront prefixes (CdnEdgeAddress), 010.010.010.010 is read as 8.8.8.8 by some tools and 10.10.10.10 by others (NonCanonicalAddress), 2002:a00:1:: is the 6to4 form of the private 10.0.0.1 (PrivateAddress).'
        }
    )
    Links       = @('Find-BotRequest', 'about_OpsLogTools')
}
