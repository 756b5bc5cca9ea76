namespace OpsLogTools.Core.Sample;

/// <summary>
/// CloudFront as the origin sees it. The prefixes are from AWS's published <c>CLOUDFRONT_ORIGIN_FACING</c>
/// ranges (ip-ranges.json; each is also inside the global <c>CLOUDFRONT</c> set), so a reader that knows
/// AWS's ranges recognises every address the origin log shows. Keep this the one list the generator draws from.
/// </summary>
public static class EdgeNetwork
{
    /// <summary>Origin-facing prefixes the edge addresses are drawn from.</summary>
    public static IReadOnlyList<string> OriginFacingPrefixes { get; } =
    [
        "130.176.0.0/18",
        "130.176.64.0/21",
        "64.252.64.0/18",
        "64.252.128.0/18",
        "70.132.0.0/18",
        "15.158.0.0/16",
        "54.239.134.0/23",
    ];

    /// <summary>Edge locations that serve viewers in Japan.</summary>
    internal static readonly string[] JapanEdges = ["NRT57-P2", "NRT20-C4", "KIX56-P1", "NRT12-C3"];
    /// <summary>Edge locations for viewers in Europe.</summary>
    internal static readonly string[] EuropeEdges = ["FRA56-P5", "AMS1-C1", "LHR61-C2"];
    /// <summary>Edge locations for viewers in North America.</summary>
    internal static readonly string[] AmericaEdges = ["IAD89-C4", "SFO5-C1", "ORD52-C3"];

    /// <summary>Whether an IPv4 address lies in one of <see cref="OriginFacingPrefixes"/>.</summary>
    public static bool IsEdgeAddress(string address) => OriginFacingPrefixes.Any(p => Ipv4Block.Contains(p, address));
}
