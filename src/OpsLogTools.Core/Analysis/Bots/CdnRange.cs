using System.Net;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>One published CDN prefix.</summary>
public sealed class CdnRange
{
    /// <summary>Creates a range.</summary>
    public CdnRange(IPNetwork network, string service, string? region, string? networkBorderGroup)
    {
        Network = network;
        Service = service;
        Region = region;
        NetworkBorderGroup = networkBorderGroup;
    }

    /// <summary>The prefix (canonical).</summary>
    public IPNetwork Network { get; }

    /// <summary>Canonical CIDR text, e.g. <c>130.176.0.0/17</c>.</summary>
    public string Prefix => Network.ToString();

    /// <summary>AWS service name: CLOUDFRONT or CLOUDFRONT_ORIGIN_FACING; CDN for a range given as a plain prefix (-CdnRange).</summary>
    public string Service { get; }

    /// <summary>AWS region (GLOBAL for most CloudFront prefixes).</summary>
    public string? Region { get; }

    /// <summary>AWS network border group.</summary>
    public string? NetworkBorderGroup { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Prefix} ({Service})";
}
