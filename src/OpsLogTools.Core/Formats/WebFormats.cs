namespace OpsLogTools.Core.Formats;

/// <summary>The web server and CDN log formats: Apache and nginx access and error logs, CloudFront standard logs.</summary>
public static class WebFormats
{
    /// <summary>One instance of each (formats are stateless; parsers are made per file).</summary>
    public static IReadOnlyList<ILogFormat> All { get; } =
    [
        new ApacheCommonFormat(),
        new ApacheCombinedFormat(),
        new ApacheVhostCombinedFormat(),
        new NginxAccessFormat(),
        new ApacheError22Format(),
        new ApacheError24Format(),
        new NginxErrorFormat(),
        new CloudFrontFormat(),
    ];
}
