using System.Management.Automation;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Infrastructure;

/// <summary>Loads -IpRangesPath (a newer AWS ip-ranges.json) for the cmdlets that know CloudFront's edges.</summary>
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
}
