using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// What <see cref="IncidentGenerator"/> planted in a bundle, counted from the files as finally written
/// (line numbers are 1-based in the decompressed text). Saved as <c>ground-truth.json</c> (camelCase,
/// enums as words) at the root of the bundle.
/// </summary>
public sealed class GroundTruth
{
    /// <summary>The file name of the truth inside a bundle.</summary>
    public const string FileName = "ground-truth.json";

    /// <summary>Bumped when the shape changes.</summary>
    public int SchemaVersion { get; init; } = 1;
    /// <summary>The scenario's seed.</summary>
    public int Seed { get; init; }
    /// <summary>Host name written in syslog lines.</summary>
    public string HostName { get; init; } = "";
    /// <summary>The host's UTC offset, e.g. <c>+09:00</c>, or its IANA zone (<c>America/New_York</c>) when it has daylight saving rules.</summary>
    public string HostZone { get; init; } = "";
    /// <summary>The incident start (true time, host zone).</summary>
    public DateTimeOffset IncidentStart { get; init; }
    /// <summary>Start of the logs (true time).</summary>
    public DateTimeOffset LogStart { get; init; }
    /// <summary>End of the logs (true time).</summary>
    public DateTimeOffset LogEnd { get; init; }
    /// <summary>The log-rotation moments (true time), oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Rotations { get; init; } = [];
    /// <summary>The site's host name.</summary>
    public string SiteHost { get; init; } = "";
    /// <summary>The CloudFront distribution id.</summary>
    public string DistributionId { get; init; } = "";
    /// <summary>Whether the origin log carries X-Forwarded-For as a last quoted field.</summary>
    public bool OriginLogsForwardedFor { get; init; }

    /// <summary>Every file written (except this truth), in writing order.</summary>
    public IReadOnlyList<FileTruth> Files { get; init; } = [];
    /// <summary>Displaced and shifted runs, one per file per plant.</summary>
    public IReadOnlyList<StampRunTruth> StampRuns { get; init; } = [];

    /// <summary>chronyd's clock lines the generator wrote (<see cref="IncidentScenario.ClockWitnesses"/>): empty when chronyd stayed quiet.</summary>
    public IReadOnlyList<ClockWitnessTruth> ClockWitnesses { get; init; } = [];

    /// <summary>The planted SSH attack (<see cref="IncidentScenario.SshAttack"/>) as written; null when none was planted.</summary>
    public SshAttackTruth? SshAttack { get; init; }
    /// <summary>The cut, when planted.</summary>
    public MissingLinesTruth? MissingLines { get; init; }
    /// <summary>NUL runs.</summary>
    public IReadOnlyList<NulRunTruth> NulRuns { get; init; } = [];
    /// <summary>The outage, when planted.</summary>
    public OutageTruth? Outage { get; init; }
    /// <summary>Every yum transaction in yum.log, in order.</summary>
    public IReadOnlyList<UpdateRunTruth> UpdateRuns { get; init; } = [];
    /// <summary>When rsyslog restarted (its <c>[origin ...] start</c> line, true time).</summary>
    public IReadOnlyList<DateTimeOffset> RsyslogRestarts { get; init; } = [];

    /// <summary>The planted bots.</summary>
    public IReadOnlyList<BotTruth> Bots { get; init; } = [];
    /// <summary>Addresses of benign crawlers.</summary>
    public IReadOnlyList<string> CrawlerAddresses { get; init; } = [];
    /// <summary>The legitimate page whose name contains "wordpress", or null.</summary>
    public string? LegitimatePage { get; init; }
    /// <summary>Addresses of its readers.</summary>
    public IReadOnlyList<string> LegitimateReaderAddresses { get; init; } = [];
    /// <summary>The human 404 burst, when planted.</summary>
    public NotFoundBurstTruth? HumanNotFoundBurst { get; init; }
    /// <summary>Every ordinary visitor's address (including the human of the 404 burst).</summary>
    public IReadOnlyList<string> VisitorAddresses { get; init; } = [];
    /// <summary>CloudFront edge addresses that appear as the client in the origin log.</summary>
    public IReadOnlyList<string> EdgeAddresses { get; init; } = [];
    /// <summary>The origin-facing prefixes those were drawn from.</summary>
    public IReadOnlyList<string> EdgePrefixes { get; init; } = [];
    /// <summary>Viewer requests (CloudFront lines, all files).</summary>
    public int ViewerRequests { get; init; }
    /// <summary>Requests in the origin access logs (all files).</summary>
    public int OriginRequests { get; init; }

    /// <summary>The file with that relative path, or null.</summary>
    public FileTruth? File(string path) => Files.FirstOrDefault(f => f.Path == path);

    /// <summary>How the truth is serialised.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads a truth file (or the truth of a bundle directory).</summary>
    public static GroundTruth Load(string path)
    {
        if (Directory.Exists(path)) path = System.IO.Path.Combine(path, FileName);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return JsonSerializer.Deserialize<GroundTruth>(stream, JsonOptions)
            ?? throw new InvalidDataException($"{path} holds no ground truth.");
    }

    /// <summary>Writes the truth as JSON.</summary>
    public void Save(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        JsonSerializer.Serialize(stream, this, JsonOptions);
    }
}
