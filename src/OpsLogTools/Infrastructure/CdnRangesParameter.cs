using System.Management.Automation;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Infrastructure;

/// <summary>Loads -IpRangesPath (a newer AWS ip-ranges.json) and -CdnRange for the cmdlets that know CDN edges.</summary>
internal static class CdnRangesParameter
{
    /// <summary>The shipped snapshot when <paramref name="path"/> is null; else the file, or a terminating IpRangesUnreadable error.</summary>
    public static CdnRangeSet Load(PSCmdlet cmdlet, string? path, IReadDiagnostics? diagnostics = null)
    {
        if (path is null) return CdnRangeSet.Default;
        string full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        try
        {
            return CdnRangeSet.Load(full, diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            cmdlet.ThrowTerminatingError(VisibleErrors.Record(e, BotErrorIds.IpRangesUnreadable, ErrorCategory.ReadError, full));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    /// <summary>
    /// The -CdnRange prefixes as a set, or null when none were given. A prefix that is not strict CIDR text is a
    /// terminating InvalidCdnRange error: going on without it could write a rule for that CDN.
    /// </summary>
    public static CdnRangeSet? FromPrefixes(PSCmdlet cmdlet, IReadOnlyList<string> prefixes)
    {
        if (prefixes.Count == 0) return null;
        foreach (string p in prefixes)
        {
            if (!IpAddressText.TryParseNetwork(p, out _))
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-CdnRange '{p}' is not an address or CIDR prefix."),
                    "InvalidCdnRange", ErrorCategory.InvalidArgument, p));
        }
        return CdnRangeSet.FromPrefixes(prefixes, CdnRangeSet.ListService, "-CdnRange");
    }
}
