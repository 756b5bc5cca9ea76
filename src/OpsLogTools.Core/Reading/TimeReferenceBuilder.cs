using System.Globalization;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Chooses the year window and zone that the yearless and zoneless files of a bundle are read against.
/// <list type="number">
/// <item>What the user said wins: <c>-ReferenceDate</c> for the year, <c>-TimeZone</c> for the zone.</item>
/// <item>Else the bundle's fully dated files (Apache <c>%z</c>, CloudFront, ISO stamps with an offset): the window
/// is the earliest to the latest of their first and last stamps; the zone is the offset a local-time file writes
/// (CloudFront is always UTC and says nothing of the host's zone).</item>
/// <item>Else the file's own mtime (its content lies before its last write) and the caller's local zone.</item>
/// </list>
/// Copied files have a useless mtime, which is why the bundle comes first.
/// </summary>
public sealed class TimeReferenceBuilder
{
    private const int StampsPerEnd = 5;
    private const int HeadLinesToTry = 200;
    private const int TailBytes = 1 << 16;

    // Outliers (a line stamped 1970) must not stretch the window: stamps this far from the median are dropped.
    private static readonly TimeSpan OutlierDistance = TimeSpan.FromDays(400);

    private readonly IReadOnlyList<LogFile> _bundle;
    private readonly LogReadOptions _options;
    private readonly IReadDiagnostics _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, TimeReference> _byFile = new(StringComparer.Ordinal);
    private bool _bundleRead;
    private List<Anchor> _anchors = new();
    private TimeReference? _shared;
    private (TimeZoneInfo? Zone, TimeSpan Offset, string Source)? _zone;

    /// <summary>Creates a builder for one bundle.</summary>
    /// <param name="bundle">Every log file of the bundle (the fully dated ones are the anchors).</param>
    /// <param name="options">The user's -TimeZone / -ReferenceDate, the local zone, the encoding.</param>
    /// <param name="diagnostics">Receives verbose lines saying how year and zone were chosen.</param>
    /// <param name="cancellationToken">Stops the reading of anchors.</param>
    public TimeReferenceBuilder(IReadOnlyList<LogFile> bundle, LogReadOptions options, IReadDiagnostics diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        _bundle = bundle;
        _options = options;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    /// <summary>A stamp read from a fully dated file.</summary>
    /// <param name="Stamp">The instant as written, with its offset.</param>
    /// <param name="File">The file it came from.</param>
    public readonly record struct Anchor(DateTimeOffset Stamp, LogFile File);

    /// <summary>The stamps read from the bundle's fully dated files (read on first use).</summary>
    public IReadOnlyList<Anchor> Anchors
    {
        get
        {
            ReadBundle();
            return _anchors;
        }
    }

    /// <summary>The reference for one file of the bundle. Fully dated files get one that their parsers will not need.</summary>
    public TimeReference For(LogFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Format.StampsAreAbsolute)
        {
            return _shared ?? TimeReference.AtInstant(file.LastWriteTime, _options.TimeZone ?? _options.LocalZone, "mtime of " + file.DisplayName, "stamps");
        }
        if (_byFile.TryGetValue(file.Path, out var known)) return known;

        ReadBundle();
        var reference = _shared ?? FromMtime(file);
        _byFile[file.Path] = reference;
        return reference;
    }

    private void ReadBundle()
    {
        if (_bundleRead) return;
        _bundleRead = true;

        bool needAnchors = _options.ReferenceDate is null || _options.TimeZone is null;
        if (needAnchors)
        {
            foreach (var set in RotatedSet.Group(_bundle.Where(f => f.Format.StampsAreAbsolute).Select(f => f.Path)))
            {
                // The oldest and the newest file of a set bound its time; the ones between add nothing.
                var ends = set.Files.Count == 1 ? set.Files : new[] { set.Files[0], set.Files[^1] };
                foreach (string path in ends)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    ReadAnchors(_bundle.First(f => f.Path == path));
                }
            }
            _anchors = DropOutliers(_anchors);
        }

        var year = ChooseWindow();
        _zone = ChooseZone();
        if (year is null) return; // per file, from each mtime

        var (zoneInfo, offset, zoneSource) = _zone ?? (_options.LocalZone, _options.LocalZone.GetUtcOffset(year.Value.End), "local zone");
        _shared = new TimeReference(year.Value.Start, year.Value.End, zoneInfo, zoneInfo?.GetUtcOffset(year.Value.End) ?? offset, year.Value.Source, zoneSource);
        _diagnostics.Verbose($"yearless and zoneless stamps: year from {_shared.YearSource} (window {Show(_shared.WindowStart)} .. {Show(_shared.WindowEnd)}); zone {_shared.ZoneName} from {_shared.ZoneSource}");
    }

    private (DateTimeOffset Start, DateTimeOffset End, string Source)? ChooseWindow()
    {
        if (_options.ReferenceDate is { } reference) return (reference, reference, "-ReferenceDate");
        if (_anchors.Count == 0) return null;
        var start = _anchors.MinBy(a => a.Stamp.UtcTicks).Stamp;
        var end = _anchors.MaxBy(a => a.Stamp.UtcTicks).Stamp;
        return (start, end, "bundle (" + Names(_anchors) + ")");
    }

    private (TimeZoneInfo? Zone, TimeSpan Offset, string Source)? ChooseZone()
    {
        if (_options.TimeZone is { } given) return (given, given.BaseUtcOffset, "-TimeZone");

        // CloudFront is UTC whatever the host; dnf writes +0000 on many versions whatever the host. A zero offset
        // from them says nothing of the host's zone; any other file's offset is the host's local offset.
        var local = _anchors.Where(a => a.File.Format.Format != LogFormat.CloudFront).ToList();
        var telling = local.Where(a => a.Stamp.Offset != TimeSpan.Zero).ToList();
        if (telling.Count == 0) telling = local.Where(a => a.File.Format.Format is not (LogFormat.Dnf or LogFormat.DnfRpm)).ToList();
        if (telling.Count == 0) return null;

        string source = "bundle (" + Names(telling) + ")";
        var localZone = _options.LocalZone;
        if (telling.All(a => localZone.GetUtcOffset(a.Stamp) == a.Stamp.Offset))
        {
            // The local zone agrees with every stamp: use it, with its daylight-saving rules.
            return (localZone, localZone.GetUtcOffset(telling[^1].Stamp), source);
        }

        var latest = telling.MaxBy(a => a.Stamp.UtcTicks);
        var distinct = telling.Select(a => a.Stamp.Offset).Distinct().OrderBy(o => o).ToList();
        if (distinct.Count > 1)
        {
            _diagnostics.Verbose($"the bundle's local offsets differ ({string.Join(", ", distinct.Select(TimeReference.FormatOffset))}); using the latest, {TimeReference.FormatOffset(latest.Stamp.Offset)} from {latest.File.DisplayName}");
        }
        return (null, latest.Stamp.Offset, source);
    }

    private TimeReference FromMtime(LogFile file)
    {
        var (zone, zoneSource) = _options.TimeZone is { } given ? (given, "-TimeZone") : (_options.LocalZone, "local zone");
        var zoneFromBundle = _zone;
        var mtime = file.LastWriteTime;
        // A file's lines were written before its last write: look back a year from it, and a day past for clock skew.
        var start = mtime - TimeSpan.FromDays(366);
        var end = mtime + TimeSpan.FromDays(1);
        string yearSource = "mtime of " + file.DisplayName;
        TimeReference reference = zoneFromBundle is { } z
            ? new TimeReference(start, end, z.Zone, z.Zone?.GetUtcOffset(mtime) ?? z.Offset, yearSource, z.Source)
            : new TimeReference(start, end, zone, zone.GetUtcOffset(mtime), yearSource, zoneSource);
        _diagnostics.Verbose($"{file.DisplayName}: no fully dated file in the bundle and no -ReferenceDate: year from its mtime {Show(mtime)}; zone {reference.ZoneName} from {reference.ZoneSource}");
        return reference;
    }

    private void ReadAnchors(LogFile file)
    {
        using var opened = LogFileOpener.TryOpen(file.Path, NullDiagnostics.Instance);
        if (opened is null) return; // reported when the file itself is read

        var clock = new StampClock(TimeReference.AtInstant(file.LastWriteTime, _options.LocalZone, "mtime of " + file.DisplayName, "local zone"));
        ILineParser parser;
        try
        {
            parser = file.Format.CreateParser(new ParserContext(file.Path, clock));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _diagnostics.Verbose($"{file.DisplayName}: could not read its stamps: {e.Message}");
            return;
        }

        var head = new List<DateTimeOffset>();
        var tail = new Queue<DateTimeOffset>();
        long headEnd = 0;
        bool wholeFile = false;
        try
        {
            using (var reader = new LineReader(opened.Content, _options.MaxLineLength, _options.Encoding, leaveOpen: true))
            {
                bool small = !opened.IsGzip && opened.Length <= 2L * TailBytes;
                int lines = 0;
                while ((small || (head.Count < StampsPerEnd && lines < HeadLinesToTry)) && reader.TryReadLine(out var line))
                {
                    lines++;
                    if (Stamp(parser, line, reader.LineNumber) is not { } stamp) continue;
                    if (head.Count < StampsPerEnd) head.Add(stamp);
                    else Keep(tail, stamp);
                }
                headEnd = reader.BytesRead;
                wholeFile = small;
            }

            if (!wholeFile && !opened.IsGzip && opened.Content.CanSeek && opened.Length > headEnd)
            {
                opened.Content.Position = Math.Max(headEnd, opened.Length - TailBytes);
                using var reader = new LineReader(opened.Content, _options.MaxLineLength, _options.Encoding, leaveOpen: true);
                bool first = opened.Content.Position != headEnd;
                while (reader.TryReadLine(out var line))
                {
                    if (first)
                    {
                        first = false; // most likely a part of a line
                        continue;
                    }
                    if (Stamp(parser, line, 0) is { } stamp) Keep(tail, stamp);
                }
            }
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            // Whatever was read before the failure still counts; the failure is reported when the file is read.
        }

        foreach (var stamp in head.Concat(tail)) _anchors.Add(new Anchor(stamp, file));
    }

    private static DateTimeOffset? Stamp(ILineParser parser, ReadOnlySpan<byte> line, long lineNumber)
    {
        if (line.IsEmpty) return null;
        try
        {
            return parser.TryParse(line, lineNumber, out var entry) == LineParseStatus.Parsed && entry is not null ? entry.Timestamp : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static void Keep(Queue<DateTimeOffset> tail, DateTimeOffset stamp)
    {
        tail.Enqueue(stamp);
        if (tail.Count > StampsPerEnd) tail.Dequeue();
    }

    private List<Anchor> DropOutliers(List<Anchor> anchors)
    {
        if (anchors.Count < 3) return anchors;
        var sorted = anchors.Select(a => a.Stamp.UtcTicks).Order().ToArray();
        long median = sorted[sorted.Length / 2];
        var kept = anchors.Where(a => Math.Abs(a.Stamp.UtcTicks - median) <= OutlierDistance.Ticks).ToList();
        if (kept.Count != anchors.Count)
        {
            var dropped = anchors.Except(kept).First();
            _diagnostics.Verbose($"ignored {anchors.Count - kept.Count} stamp(s) far from the rest of the bundle when choosing the year (e.g. {Show(dropped.Stamp)} in {dropped.File.DisplayName})");
        }
        return kept;
    }

    private static string Names(IEnumerable<Anchor> anchors)
    {
        var names = anchors.Select(a => a.File.DisplayName).Distinct(StringComparer.Ordinal).ToList();
        return names.Count <= 2 ? string.Join(", ", names) : $"{names[0]}, {names[1]} and {names.Count - 2} more";
    }

    private static string Show(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
