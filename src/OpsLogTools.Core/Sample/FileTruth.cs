namespace OpsLogTools.Core.Sample;

/// <summary>One file of the bundle as written.</summary>
public sealed class FileTruth
{
    /// <summary>Path relative to the bundle, with '/' separators (e.g. <c>httpd/access_log-20220717</c>).</summary>
    public string Path { get; init; } = "";
    /// <summary>What the file is: Syslog, Yum, Crontab, AccessLog, ErrorLog or CloudFront.</summary>
    public string Kind { get; init; } = "";
    /// <summary>Whether the file is gzip-compressed (counts below are of the decompressed text).</summary>
    public bool Compressed { get; init; }
    /// <summary>Lines as a reader splitting on '\n' sees them (an unterminated tail counts as a line; CloudFront headers count).</summary>
    public long LineCount { get; init; }
    /// <summary>Decompressed length in bytes.</summary>
    public long Bytes { get; init; }
    /// <summary>True time of the first log line, if the file has any.</summary>
    public DateTimeOffset? FirstTime { get; init; }
    /// <summary>True time of the last log line, if the file has any.</summary>
    public DateTimeOffset? LastTime { get; init; }
}
