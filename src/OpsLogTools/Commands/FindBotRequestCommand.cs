using System.Management.Automation;
using System.Net;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Text;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Finds bots in access and CloudFront logs by their behaviour over hours, with the real client address behind a CDN.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "BotRequest", DefaultParameterSetName = PathSet)]
[OutputType(typeof(BotActivity))]
[OutputType(typeof(AccessLogEntry))]
public sealed class FindBotRequestCommand : LogInputCommand
{
    private const string InputObjectSet = "InputObject";
    private readonly List<AccessLogEntry> _entries = new();

    /// <summary>Access entries from Get-LogEntry (other entries are passed over).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public LogEntry[] InputObject { get; set; } = [];

    /// <summary>A newer AWS ip-ranges.json to know CloudFront's addresses by, instead of the shipped snapshot.</summary>
    [Parameter]
    public string? IpRangesPath { get; set; }

    /// <summary>A signature file (same shape as the shipped bot-signatures.json) to extend or replace the shipped signatures.</summary>
    [Parameter]
    public string? SignaturePath { get; set; }

    /// <summary>Merge (default) adds the file's signatures to the shipped ones; Replace uses the file alone.</summary>
    [Parameter]
    public SignatureLoadMode SignatureMode { get; set; } = SignatureLoadMode.Merge;

    /// <summary>Proxies (addresses or CIDR) whose X-Forwarded-For is trusted, besides CloudFront's edges.</summary>
    [Parameter]
    public string[] TrustedProxy { get; set; } = [];

    /// <summary>Emit the request entries of the flagged clients instead of one summary per client.</summary>
    [Parameter]
    public SwitchParameter AsRequest { get; set; }

    /// <summary>Leave out clients judged Benign (known crawlers).</summary>
    [Parameter]
    public SwitchParameter ExcludeBenign { get; set; }

    /// <summary>List every Benign crawler, also those with one or two requests (left out by default).</summary>
    [Parameter]
    public SwitchParameter IncludeBenign { get; set; }
    /// <summary>The most distinct clients kept and classified (an IPv6 /64 counts once); later ones are counted, with a warning.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxClients { get; set; } = BotDetectorOptions.DefaultMaxClients;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var e in InputObject)
            {
                if (e is AccessLogEntry a) _entries.Add(a);
            }
            return;
        }
        base.ProcessRecord();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (RunOnFleet()) return;
        if (IncludeBenign && ExcludeBenign)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-IncludeBenign and -ExcludeBenign contradict each other: give one of them."),
                "ConflictingBenignSwitches", ErrorCategory.InvalidArgument, null));
        }
        var options = BuildOptions();
        if (options is null) return;

        if (AsRequest)
        {
            foreach (var entry in ParameterSetName == InputObjectSet
                ? BotDetector.SelectRequests(() => _entries, options, Diagnostics, includeBenign: !ExcludeBenign)
                : SelectFromFiles(options))
            {
                WriteObject(entry);
            }
        }
        else
        {
            var report = ParameterSetName == InputObjectSet ? BotDetector.Analyze(_entries, options, Diagnostics) : ScanFiles(options);
            WriteVerbose(ConsoleText.Visible($"{report.Requests} requests from {report.DistinctClients} clients ({report.CloudFrontLines} CloudFront lines, {report.OriginLines} origin lines, {report.DuplicatesMatched} forwarded twins counted once); CDN ranges: {report.CdnRanges}"));
            if (report.CrawlersLeftOut > 0)
                WriteVerbose($"{report.CrawlersLeftOut} known crawler(s) with fewer than {options.MinCrawlerRequests} requests left out; -IncludeBenign lists them.");
            foreach (var activity in report.Activities)
            {
                if (ExcludeBenign && activity.Intent == BotIntent.Benign) continue;
                WriteObject(activity);
            }
        }
        base.EndProcessing();
    }

    /// <summary>
    /// The fast path for files: CloudFront and access logs decompressed and parsed on worker threads straight into the
    /// detector (the same findings as reading entries; warnings, errors and progress still come on this thread).
    /// </summary>
    private BotReport ScanFiles(BotDetectorOptions options)
    {
        var readOptions = CreateReadOptions();
        try
        {
            return BotScan.AnalyzeFiles(ResolvedPaths, options, Diagnostics, readOptions, Cancellation);
        }
        finally
        {
            (readOptions.Progress as ProgressWriter)?.Complete();
        }
    }

    /// <summary>
    /// -AsRequest over files: the web logs read twice (classify, then select), CloudFront and origin logs side by side
    /// merged by time as the fast path reads them, so the twins of forwarded requests are decided as they come.
    /// </summary>
    private IEnumerable<AccessLogEntry> SelectFromFiles(BotDetectorOptions options)
    {
        var readOptions = CreateReadOptions();
        try
        {
            foreach (var entry in BotScan.SelectRequests(ResolvedPaths, options, Diagnostics, readOptions, includeBenign: !ExcludeBenign, Cancellation))
            {
                yield return entry;
            }
        }
        finally
        {
            (readOptions.Progress as ProgressWriter)?.Complete();
        }
    }

    private BotDetectorOptions? BuildOptions()
    {
        // The shipped sets (null here) are loaded on another core while the bundle is scanned (BotScan.AnalyzeFiles).
        var ranges = IpRangesPath is null ? null : CdnRangesParameter.Load(this, IpRangesPath, Diagnostics);

        BotSignatureSet? signatures = null;
        if (SignaturePath is not null)
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(SignaturePath);
            try
            {
                signatures = BotSignatureSet.Load(path, SignatureMode, Diagnostics);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
            {
                ThrowTerminatingError(VisibleErrors.Record(e, BotErrorIds.SignatureFileUnreadable, ErrorCategory.ReadError, path));
            }
        }

        var proxies = new List<IPNetwork>();
        foreach (string p in TrustedProxy)
        {
            if (IpAddressText.TryParseNetwork(p, out var network)) proxies.Add(network);
            else WriteError(VisibleErrors.Record(new ArgumentException($"'{p}' is not an address or CIDR range."), "InvalidTrustedProxy", ErrorCategory.InvalidArgument, p));
        }

        return new BotDetectorOptions
        {
            CdnRanges = ranges,
            Signatures = signatures,
            TrustedProxies = proxies,
            IncludeBenign = !ExcludeBenign,
            MinCrawlerRequests = IncludeBenign ? 1 : new BotDetectorOptions().MinCrawlerRequests,
            MaxClients = MaxClients,
        };
    }
}
