using System.Globalization;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Chooses the year window and zone that each yearless or zoneless file of a bundle is read against, from evidence
/// in the logs before any guess.
/// <list type="number">
/// <item>What the user said wins: <c>-ReferenceDate</c> for the year, <c>-TimeZone</c> for the zone.</item>
/// <item>The file's own lines (<see cref="EvidenceSampler"/>): full dates programs print beside matching stamps
/// (ftpd's <c>at Fri Jun 17 07:07:00 2005</c>), else printed weekdays and Feb 29 stamps, which allow only some years;
/// clocks printed in UTC beside local stamps, whose whole-quarter-hour difference is the host's offset then.</item>
/// <item>The bundle: the span of its fully dated files and of every file's printed dates; the zone that fits every
/// offset seen, as a series over time (the local-time offsets of dated files such as Apache's <c>%z</c> and the
/// printed UTC clocks), fitted to an IANA zone when it changes, so each stamp gets the offset in force at its moment.</item>
/// <item>Else a guess, said once per run as a warning: the file's mtime for the year, the local zone of the machine
/// running the tool for the zone. Each guessed source ends in <see cref="TimeBasisWords.GuessMark"/>.</item>
/// </list>
/// </summary>
public sealed class TimeReferenceBuilder
{
    // Outliers (a line stamped 1970) must not stretch the window: stamps this far from the median are dropped.
    private static readonly TimeSpan OutlierDistance = TimeSpan.FromDays(400);

    private readonly IReadOnlyList<LogFile> _bundle;
    private readonly LogReadOptions _options;
    private readonly IReadDiagnostics _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, TimeReference> _byFile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileEvidence> _evidence = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ZoneFit Fit, string Source)> _ownZones = new(StringComparer.Ordinal);
    private readonly Dictionary<(DateTimeOffset, DateTimeOffset, string?, TimeSpan, string, string), TimeReference> _shared = new();
    private bool _bundleRead;
    private List<Anchor> _anchors = new();
    private (DateTimeOffset Start, DateTimeOffset End, string Source)? _window;
    private (ZoneFit Fit, string Source)? _zone;

    /// <summary>Creates a builder for one bundle.</summary>
    /// <param name="bundle">Every log file of the bundle (the fully dated ones are the anchors).</param>
    /// <param name="options">The user's -TimeZone / -ReferenceDate, the local zone, the encoding.</param>
    /// <param name="diagnostics">Receives verbose lines saying how year and zone were chosen, and one warning when they are guessed.</param>
    /// <param name="cancellationToken">Stops the reading of anchors and evidence.</param>
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
        if (_byFile.TryGetValue(file.Path, out var known)) return known;
        // Fully dated files need no reference of the bundle: reading one never makes the bundle be sampled.
        if (file.Format.StampsAreAbsolute && !_bundleRead)
            return TimeReference.AtInstant(file.LastWriteTime, _options.TimeZone ?? _options.LocalZone, "mtime of " + file.DisplayName, "stamps");
        ReadBundle();
        if (_byFile.TryGetValue(file.Path, out known)) return known;
        // A file outside the bundle the builder was made for: no evidence of its own was read.
        var reference = file.Format.StampsAreAbsolute ? ForDated(file) : Resolve(file, null);
        _byFile[file.Path] = reference;
        return reference;
    }

    private void ReadBundle()
    {
        if (_bundleRead) return;
        _bundleRead = true;

        var undated = _bundle.Where(f => !f.Format.StampsAreAbsolute).GroupBy(f => f.Path, StringComparer.Ordinal).Select(g => g.First()).ToList();
        if (_options.ReferenceDate is null || _options.TimeZone is null)
        {
            foreach (var set in RotatedSet.Group(_bundle.Where(f => f.Format.StampsAreAbsolute).Select(f => f.Path).Distinct(StringComparer.Ordinal)))
            {
                // Every file of a set: the oldest and newest bound its time, and those between show how its offset went.
                foreach (string path in set.Files)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    _anchors.AddRange(AnchorReader.Read(_bundle.First(f => f.Path == path), _options, _cancellationToken));
                }
            }
            _anchors = DropOutliers(_anchors);
            foreach (var file in undated)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _evidence[file.Path] = EvidenceSampler.Sample(file, _options, _cancellationToken);
            }
        }

        _window = ChooseWindow();
        LookForLeapDays();
        ChooseZones();
        foreach (var file in _bundle)
        {
            if (_byFile.ContainsKey(file.Path)) continue;
            _byFile[file.Path] = file.Format.StampsAreAbsolute ? ForDated(file) : Resolve(file, _evidence.GetValueOrDefault(file.Path));
        }
        foreach (var group in undated.GroupBy(f => _byFile[f.Path]))
        {
            var r = group.Key;
            _diagnostics.Verbose($"{Names(group.Select(f => f.DisplayName))}: yearless and zoneless stamps: year from {r.YearSource} (window {Show(r.WindowStart)} .. {Show(r.WindowEnd)}); zone {r.ZoneName} from {r.ZoneSource}");
        }
        WarnOfGuesses(undated);
        // Every file has its reference: what the samples said is no longer needed.
        _evidence.Clear();
    }

    private TimeReference ForDated(LogFile file)
    {
        var (zone, offset, zoneSource) = _zone is { } z ? (z.Fit.Zone, z.Fit.Offset, z.Source) : (_options.TimeZone ?? _options.LocalZone, (TimeSpan?)null, "local zone");
        var at = _window?.End ?? file.LastWriteTime;
        return new TimeReference(_window?.Start ?? at, at, zone, zone?.GetUtcOffset(at) ?? offset ?? TimeSpan.Zero, _window?.Source ?? "mtime of " + file.DisplayName, zoneSource);
    }

    private (DateTimeOffset Start, DateTimeOffset End, string Source)? ChooseWindow()
    {
        if (_options.ReferenceDate is { } reference) return (reference, reference, "-ReferenceDate");
        // The bundle's time: its fully dated files, and the dates printed in the other files' lines.
        var instants = _anchors.Select(a => a.Stamp.UtcTicks).ToList();
        var printedIn = new List<string>();
        foreach (var e in _evidence.Values)
        {
            if (YearEvidence.DatedWindow(e) is not { } w) continue;
            instants.Add(w.Start);
            instants.Add(w.End);
            printedIn.Add(e.File.DisplayName);
        }
        if (instants.Count == 0) return null;
        instants.Sort();
        long median = instants[instants.Count / 2];
        var kept = instants.Where(t => Math.Abs(t - median) <= OutlierDistance.Ticks).ToList();
        var names = new List<string>();
        if (_anchors.Count > 0) names.Add(Names(_anchors.Select(a => a.File)));
        if (printedIn.Count > 0) names.Add("printed dates in " + Names(printedIn));
        string source = "bundle (" + string.Join("; ", names) + ")";
        // Anchors keep their own offsets (the window's ends say what was written); printed dates are UTC.
        var start = _anchors.Where(a => a.Stamp.UtcTicks == kept[0]).Select(a => a.Stamp).FirstOrDefault(new DateTimeOffset(kept[0], TimeSpan.Zero));
        var end = _anchors.Where(a => a.Stamp.UtcTicks == kept[^1]).Select(a => a.Stamp).FirstOrDefault(new DateTimeOffset(kept[^1], TimeSpan.Zero));
        return (start, end, source);
    }

    /// <summary>
    /// A yearless file with no printed date whose sample encloses the end of February, about to be read in a year
    /// without Feb 29 (a guess, or a bundle of another year), is searched whole for Feb 29 stamps: they decide its year.
    /// </summary>
    private void LookForLeapDays()
    {
        if (_options.ReferenceDate is not null) return;
        foreach (var e in _evidence.Values)
        {
            if (!IsYearless(e.File.Format.Format) || e.ReadWhole || e.Dated.Count > 0 || e.LeapDays > 0) continue;
            if (!LeapDayScan.Encloses(e.FirstDay, e.LastDay, headOnly: e.File.IsGzip)) continue;
            // A bundle whose time has a Feb 29 already puts such a stamp in a leap year.
            if (_window is { } w && Enumerable.Range(w.Start.Year, w.End.Year - w.Start.Year + 1).Any(DateTime.IsLeapYear)) continue;
            _cancellationToken.ThrowIfCancellationRequested();
            (e.LeapDays, e.LeapDayLine) = LeapDayScan.Count(e.File, _options, _cancellationToken);
        }
    }

    private void ChooseZones()
    {
        if (_options.TimeZone is { } given)
        {
            _zone = (new ZoneFit(given, given.BaseUtcOffset, "given"), "-TimeZone");
            return;
        }
        var dated = LocalOffsets();
        var printed = _evidence.Values.Where(e => e.Zones.Count > 0).ToList();
        var all = dated.Concat(printed.SelectMany(e => e.Zones)).ToList();
        if (all.Count == 0) return;
        long spanStart = _window?.Start.UtcTicks ?? all.Min(o => o.UtcTicks);
        long spanEnd = _window?.End.UtcTicks ?? all.Max(o => o.UtcTicks);
        ZoneFit Fit(IReadOnlyList<ZoneObservation> observations) => ZoneFitter.Fit(observations, _options.LocalZone, spanStart, spanEnd)!;

        ZoneFit? datedFit = null;
        if (dated.Count > 0)
        {
            datedFit = Fit(dated);
            // Stamps of +00:00 beside local offsets that no zone explains are a UTC writer's (an ISO file mixing programs).
            var nonZero = dated.Where(o => o.Offset != TimeSpan.Zero).ToList();
            if (!datedFit.Consistent && nonZero.Count > 0 && nonZero.Count < dated.Count && Fit(nonZero) is { Consistent: true } better)
            {
                (dated, datedFit) = (nonZero, better);
            }
        }
        string datedSource = dated.Count == 0 ? "" : "bundle (" + Names(dated.Select(o => o.File)) + ")";
        if (printed.Count == 0)
        {
            _zone = (datedFit!, Source(datedSource, datedFit!));
            return;
        }
        all = dated.Concat(printed.SelectMany(e => e.Zones)).ToList();
        var fit = Fit(all);
        string printedSource = "printed UTC clocks in " + string.Join(", ", printed.Take(3).Select(e => $"{e.File.DisplayName} ({string.Join(", ", e.ZonePrograms)})"))
            + (printed.Count > 3 ? $" and {printed.Count - 3} more" : "");
        if (fit.Consistent)
        {
            _zone = (fit, Source(string.Join(" and ", new[] { datedSource, printedSource }.Where(t => t.Length > 0)), fit));
            return;
        }
        // The dated files' offsets and some file's printed clocks disagree (rsyslog writing UTC while Apache writes local
        // time): a file whose own clocks agree among themselves keeps its own zone; the dated files speak for the rest.
        _zone = datedFit is not null ? (datedFit, Source(datedSource, datedFit)) : (fit, Source(printedSource, fit));
        foreach (var e in printed)
        {
            var own = Fit(e.Zones);
            if (!own.Consistent) continue;
            _ownZones[e.File.Path] = (own, Source($"printed UTC clocks in {e.File.DisplayName} ({string.Join(", ", e.ZonePrograms)})", own));
            _diagnostics.Verbose($"{e.File.DisplayName}: its printed UTC clocks show {own.Note}, not the zone the rest of the bundle shows ({_zone.Value.Fit.Note}); its own is used");
        }
    }

    private static string Source(string names, ZoneFit fit) => fit.Changes ? $"{names}; {fit.Note}" : names;

    /// <summary>
    /// The offsets the bundle's local-time files wrote. CloudFront is UTC whatever the host; a file that writes only
    /// +00:00 (dnf on many versions) says nothing of the zone while another file writes a non-zero offset.
    /// </summary>
    private List<ZoneObservation> LocalOffsets()
    {
        var local = _anchors.Where(a => a.File.Format.Format != LogFormat.CloudFront).ToList();
        var byFile = local.GroupBy(a => a.File.Path, StringComparer.Ordinal).ToList();
        bool anyNonZero = local.Any(a => a.Stamp.Offset != TimeSpan.Zero);
        return byFile
            .Where(g => !anyNonZero || g.Any(a => a.Stamp.Offset != TimeSpan.Zero))
            .SelectMany(g => g.Select(a => new ZoneObservation(a.Stamp.UtcTicks, a.Stamp.Offset, a.File, false)))
            .ToList();
    }

    private TimeReference Resolve(LogFile file, FileEvidence? evidence)
    {
        var mtime = file.LastWriteTime;
        DateTimeOffset start, end;
        string yearSource;
        if (_options.ReferenceDate is { } reference) (start, end, yearSource) = (reference, reference, "-ReferenceDate");
        else if (evidence is not null && YearEvidence.DatedWindow(evidence) is { } own)
        {
            (start, end) = (new DateTimeOffset(own.Start, TimeSpan.Zero), new DateTimeOffset(own.End, TimeSpan.Zero));
            yearSource = $"printed dates in {file.DisplayName} (e.g. {evidence.DatedExample})";
        }
        else if (evidence is not null && YearEvidence.ConstrainedInstant(evidence,
                     _window is { } w ? w.Start.UtcTicks / 2 + w.End.UtcTicks / 2 : mtime.UtcTicks, _window is null ? mtime.UtcTicks : null) is { } allowed)
        {
            start = end = new DateTimeOffset(allowed, TimeSpan.Zero);
            // Only some years are allowed; which of them is the mtime's choice when nothing else dates the bundle: a guess still.
            yearSource = YearEvidence.Describe(evidence) + (_window is null
                ? TimeBasisWords.Guess($", nearest before the mtime of {file.DisplayName}")
                : $", nearest the {_window.Value.Source}");
        }
        else if (_window is { } bundle) (start, end, yearSource) = bundle;
        else
        {
            // A file's lines were written before its last write: look back a year from it, and a day past for clock skew.
            (start, end) = (mtime - TimeSpan.FromDays(366), mtime + TimeSpan.FromDays(1));
            yearSource = TimeBasisWords.Guess("mtime of " + file.DisplayName);
        }

        var (fit, zoneSource) = _ownZones.TryGetValue(file.Path, out var mine) ? mine
            : _zone ?? (new ZoneFit(_options.LocalZone, _options.LocalZone.GetUtcOffset(end), "local"), TimeBasisWords.Guess("local zone"));
        // Files read against the same evidence share one reference (and one verbose line).
        var key = (start, end, fit.Zone?.Id, fit.Offset, yearSource, zoneSource);
        if (!_shared.TryGetValue(key, out var result))
        {
            result = new TimeReference(start, end, fit.Zone, fit.Zone?.GetUtcOffset(end) ?? fit.Offset, yearSource, zoneSource);
            _shared[key] = result;
        }
        return result;
    }

    /// <summary>One warning per run when a year or a zone had nothing in the logs to go on.</summary>
    private void WarnOfGuesses(List<LogFile> undated)
    {
        var yearGuessed = undated.Where(f => IsYearless(f.Format.Format) && _byFile[f.Path].YearIsGuessed).ToList();
        var zoneGuessed = undated.Where(f => _byFile[f.Path].ZoneIsGuessed).ToList();
        if (yearGuessed.Count == 0 && zoneGuessed.Count == 0) return;
        var parts = new List<string>();
        if (yearGuessed.Count > 0) parts.Add($"the year of {Names(yearGuessed.Select(f => f.DisplayName))} from each file's modification time (use -ReferenceDate)");
        if (zoneGuessed.Count > 0) parts.Add($"the zone of {Names(zoneGuessed.Select(f => f.DisplayName))} as {_options.LocalZone.Id}, the local zone of this machine (use -TimeZone)");
        var first = yearGuessed.Concat(zoneGuessed).First();
        _diagnostics.Warning(first.Path, 0, $"nothing in the logs dates their yearless or zoneless stamps, so these are guesses: {string.Join("; ", parts)}. "
            + "Get-LogAnomaly reports no fault measured against a guess; each entry's TimeBasis says '(guess)'.");
    }

    private static bool IsYearless(LogFormat format) => format is LogFormat.Syslog or LogFormat.Yum;

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

    private static string Names(IEnumerable<LogFile> files) => Names(files.Select(f => f.DisplayName));

    private static string Names(IEnumerable<string> displayNames)
    {
        var names = displayNames.Distinct(StringComparer.Ordinal).ToList();
        return names.Count <= 2 ? string.Join(", ", names) : $"{names[0]}, {names[1]} and {names.Count - 2} more";
    }

    private static string Show(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
