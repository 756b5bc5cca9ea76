@{
    Synopsis    = 'Turns bot findings into block rules for Apache, nginx, AWS WAF IP sets, iptables or nftables, refusing CDN edges, private ranges and benign clients.'
    Description = @'
ConvertTo-BlockRule takes BotActivity objects from Find-BotRequest (or addresses typed with -IpAddress) and writes one BlockRule per address, in canonical CIDR form (/32, /128).

It refuses, with a non-terminating error per address, to write a rule for a CloudFront edge address (blocking it blocks every visitor that edge serves: the mistake "Require not ip" on the origin's logged address makes), a private, loopback, link-local or shared (CGNAT) range, or a client judged Benign. -Force lifts only the Benign refusal. Error ids: CdnEdgeAddress, PrivateAddress, LoopbackAddress, LinkLocalAddress, SharedAddressSpace, ReservedAddress, RangeTooWide, BenignClient, InvalidAddress.

Formats: Apache ("Require not ip" lines for a <RequireAll> block; behind a CDN they need mod_remoteip so Apache sees the real client), Nginx ("deny" lines; behind a CDN with real_ip_header and set_real_ip_from), AwsWafIpSet (the JSON "aws wafv2 update-ip-set --cli-input-json" takes, IPv4 and IPv6 in separate sets), Iptables (iptables and ip6tables commands) and Nftables (an nft set).

Nothing is written to disk unless -OutFile is given; -WhatIf and -Confirm apply to it.
'@
    Parameters  = @{
        InputObject  = 'Findings from Find-BotRequest.'
        IpAddress    = 'Addresses to block, typed by hand. They are checked like findings: no CDN edge, no private range.'
        Format       = 'The kind of rule: Apache, Nginx, AwsWafIpSet, Iptables or Nftables. Tab completion lists them.'
        OutFile      = 'Write the complete rules to this file. For AwsWafIpSet with both IPv4 and IPv6 addresses, two files are written: name.ipv4.json and name.ipv6.json.'
        Raw          = 'Emit the complete rule text (what -OutFile writes) as strings instead of one object per address.'
        Force        = 'Also write rules for clients judged Benign (known crawlers). Never lifts the refusal of CDN edges or private, loopback and link-local ranges.'
        IpRangesPath = 'A newer AWS ip-ranges.json to recognise CloudFront edges by.'
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
    )
    Links       = @('Find-BotRequest', 'about_OpsLogTools')
}
