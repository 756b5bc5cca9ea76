using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>The real client of one request, as <see cref="ClientResolver"/> found it.</summary>
/// <param name="ClientIp">The client address (canonical when it parsed, else the text as logged).</param>
/// <param name="Source">Where it came from.</param>
/// <param name="IsCdnEdge">True when the client is still a CloudFront edge (nothing better was logged).</param>
/// <param name="ConnectingIsEdge">True when the connecting address was a CloudFront edge (the request went through CloudFront).</param>
public readonly record struct ResolvedClient(string ClientIp, AddressSource Source, bool IsCdnEdge, bool ConnectingIsEdge);
