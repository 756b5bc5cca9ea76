using System.Management.Automation;
using System.Text;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Turns bot and login-attack findings into block rules (Apache, nginx, AWS WAF IP sets, iptables, nftables), refusing CDN edges, private and special-purpose ranges and benign clients.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "BlockRule", DefaultParameterSetName = ActivitySet, SupportsShouldProcess = true)]
[OutputType(typeof(BlockRule))]
[OutputType(typeof(string))]
public sealed class ConvertToBlockRuleCommand : PSCmdlet
{
    private const string ActivitySet = "Activity";
    private const string AddressSet = "Address";
    private const string LoginSet = "Login";
    private readonly List<BlockCandidate> _candidates = new();

    /// <summary>Findings from Find-BotRequest.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ActivitySet)]
    public BotActivity[] InputObject { get; set; } = [];

    /// <summary>Findings from Find-LoginActivity: their sources (never private, edge or special-purpose ranges; ordinary logins only with -Force).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = LoginSet)]
    public LoginActivity[] LoginActivity { get; set; } = [];

    /// <summary>Addresses or CIDR prefixes to block, typed by hand (checked like findings: canonical text, no overlap with a CDN edge or special-purpose range).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AddressSet)]
    public string[] IpAddress { get; set; } = [];

    /// <summary>The kind of rule to write.</summary>
    [Parameter(Mandatory = true)]
    public BlockRuleFormat Format { get; set; }

    /// <summary>Write the rules to this file (one file per IP version for AwsWafIpSet: name.ipv4.json, name.ipv6.json).</summary>
    [Parameter]
    public string? OutFile { get; set; }

    /// <summary>Emit the complete rule text (what -OutFile writes) instead of one object per address.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>Also block clients judged Benign. Never lifts the refusal of CDN edges or private, loopback and link-local ranges.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>A newer AWS ip-ranges.json to recognise CloudFront edges by, instead of the shipped snapshot.</summary>
    [Parameter]
    public string? IpRangesPath { get; set; }

    /// <summary>More CDN edge ranges never to block (another CDN in front, your own edge proxies), as CIDR prefixes.</summary>
    [Parameter]
    public string[] CdnRange { get; set; } = [];

    /// <summary>AWS WAF: the IP set name for IPv4 addresses (IPv6 gets the same name with -ipv6 for -ipv4 where present).</summary>
    [Parameter]
    public string? WafIPSetName { get; set; }

    /// <summary>AWS WAF: the scope of the IP set (CLOUDFRONT or REGIONAL).</summary>
    [Parameter]
    [ValidateSet("CLOUDFRONT", "REGIONAL")]
    public string WafScope { get; set; } = "CLOUDFRONT";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ActivitySet)
        {
            foreach (var a in InputObject) _candidates.Add(BlockCandidate.From(a));
        }
        else if (ParameterSetName == LoginSet)
        {
            foreach (var a in LoginActivity) _candidates.Add(BlockCandidate.From(a));
        }
        else
        {
            foreach (var ip in IpAddress) _candidates.Add(new BlockCandidate { ClientIp = ip, Kind = BotKind.Scanner });
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var ranges = CdnRangesParameter.Load(this, IpRangesPath);
        var extra = CdnRangesParameter.FromPrefixes(this, CdnRange);

        var defaults = new BlockRuleOptions();
        var options = new BlockRuleOptions
        {
            Force = Force,
            WafScope = WafScope,
            WafIPv4SetName = WafIPSetName ?? defaults.WafIPv4SetName,
            WafIPv6SetName = WafIPSetName is null ? defaults.WafIPv6SetName
                : WafIPSetName.Contains("ipv4", StringComparison.OrdinalIgnoreCase) ? WafIPSetName.Replace("ipv4", "ipv6", StringComparison.OrdinalIgnoreCase) : WafIPSetName + "-ipv6",
        };
        // The shipped snapshot is always refused; a newer ip-ranges.json and -CdnRange add to it.
        var checker = new BlockRangeChecker(extra is null ? [ranges] : [ranges, extra]);
        var result = new BlockRuleWriter(ranges, checker).Write(_candidates, Format, options);

        foreach (var refusal in result.Refusals)
        {
            WriteError(VisibleErrors.Record(new InvalidOperationException(refusal.Message), refusal.ErrorId, ErrorCategory.PermissionDenied, refusal.ClientIp));
        }

        if (OutFile is not null && result.Rules.Count == 0)
        {
            // Comments alone would replace the rules an existing file holds: leave it as it is.
            string basePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            string why = result.Refusals.Count > 0 ? $"all {result.Refusals.Count} address(es) were refused" : "no address was given";
            WriteWarning(File.Exists(basePath)
                ? $"No block rule to write ({why}): {basePath} was left as it was, with the rules it already holds."
                : $"No block rule to write ({why}): {basePath} was not created.");
        }
        else if (OutFile is not null)
        {
            string basePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            foreach (var doc in result.Documents)
            {
                string target = result.Documents.Count == 1 ? basePath : InsertSuffix(basePath, doc.IpVersion == 6 ? "ipv6" : "ipv4");
                if (ShouldProcess(Core.Text.ConsoleText.Visible(target), $"Write {Format} block rules"))
                {
                    File.WriteAllText(target, doc.Text, new UTF8Encoding(false));
                }
            }
        }

        if (Raw)
        {
            foreach (var doc in result.Documents) WriteObject(doc.Text);
        }
        else
        {
            foreach (var rule in result.Rules) WriteObject(rule);
        }
    }

    private static string InsertSuffix(string path, string suffix)
    {
        string ext = Path.GetExtension(path);
        return Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "." + suffix + ext);
    }
}
