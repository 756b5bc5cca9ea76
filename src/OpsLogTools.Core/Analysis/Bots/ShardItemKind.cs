namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Which of <see cref="ClientShard"/>'s ways of counting a <see cref="ShardItem"/> takes.</summary>
internal enum ShardItemKind : byte
{
    /// <summary>A CloudFront line with no x-forwarded-for and a plain IPv4 c-ip (<see cref="ClientShard.CountViewerV4"/>).</summary>
    ViewerV4,

    /// <summary>A CloudFront line with no x-forwarded-for and a c-ip as text (<see cref="ClientShard.CountViewerText"/>).</summary>
    ViewerText,

    /// <summary>An origin line whose connecting public IPv4 address is the client (<see cref="ClientShard.CountOriginV4"/>).</summary>
    OriginV4,

    /// <summary>A client the detector resolved (<see cref="ClientShard.CountClient"/>).</summary>
    Resolved,
}
