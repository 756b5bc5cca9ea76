namespace OpsLogTools.Core.Reading;

/// <summary>A gzip file ended before its last member was complete: everything before the cut was delivered.</summary>
public sealed class TruncatedGzipException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TruncatedGzipException(string message) : base(message) { }
}
