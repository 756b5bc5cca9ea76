namespace OpsLogTools.Core.Model;

/// <summary>Where the client address of a request was taken from.</summary>
public enum AddressSource
{
    /// <summary>The viewer address CloudFront logged (<c>c-ip</c>).</summary>
    CloudFront = 0,
    /// <summary>X-Forwarded-For (or CloudFront-Viewer-Address) behind a trusted proxy or CDN edge.</summary>
    ForwardedFor,
    /// <summary>The address that connected to the origin (Apache <c>%h</c>, nginx <c>$remote_addr</c>).</summary>
    Origin,
}
