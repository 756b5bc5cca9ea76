using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// What reading one file came to: counts of lines by outcome, the damaged stretches, and how its stamps were
/// placed in time. Anomaly detection reports corruption from it.
/// </summary>
public sealed class FileReadReport
{
    /// <summary>At most this many damaged ranges are kept per file; the counts stay exact beyond it.</summary>
    public const int MaxDamageRanges = 1000;

    private readonly List<DamagedRange> _damage = new();

    internal FileReadReport(LogFile file)
    {
        Path = file.Path;
        DisplayName = file.DisplayName;
        Format = file.Format.Format;
        IsGzip = file.IsGzip;
        LastWriteTime = file.LastWriteTime;
        TimeBasis = file.Format.StampsAreAbsolute ? "written" : "";
    }

    private FileReadReport(string path, string displayName, bool isGzip, DateTimeOffset lastWriteTime)
    {
        Path = path;
        DisplayName = displayName;
        Format = LogFormat.Unknown;
        IsGzip = isGzip;
        LastWriteTime = lastWriteTime;
        TimeBasis = "";
    }

    /// <summary>The report of a file passed over because its content is NUL bytes only (no line to read): one damaged range over the lines met.</summary>
    internal static FileReadReport PassedOver(string path, string displayName, bool isGzip, DateTimeOffset lastWriteTime, long lines, long nulBytes, string note)
    {
        var report = new FileReadReport(path, displayName, isGzip, lastWriteTime) { Lines = lines, NulLines = lines, NulBytes = nulBytes, Completed = true };
        report._damage.Add(new DamagedRange(DamageKind.NulBytes, 1, lines, nulBytes) { Note = note });
        return report;
    }

    /// <summary>Full path.</summary>
    public string Path { get; }

    /// <summary>Short name (path under the directory it was found in).</summary>
    public string DisplayName { get; }

    /// <summary>The format the file was read as (<see cref="LogFormat.Unknown"/> for a file passed over as damage).</summary>
    public LogFormat Format { get; }

    /// <summary>True for a gzip file.</summary>
    public bool IsGzip { get; }

    /// <summary>The file's mtime (where a finding about a file with no readable line is placed).</summary>
    public DateTimeOffset LastWriteTime { get; }

    /// <summary>Lines read, of every kind.</summary>
    public long Lines { get; internal set; }

    /// <summary>Lines that became entries.</summary>
    public long Parsed { get; internal set; }

    /// <summary>Blank, header and comment lines (CloudFront <c>#Fields</c>).</summary>
    public long Ignored { get; internal set; }

    /// <summary>Lines skipped because they are not of the format (binary lines included).</summary>
    public long Malformed { get; internal set; }

    /// <summary>Lines cut at the length limit.</summary>
    public long OverlongLines { get; internal set; }

    /// <summary>Lines that held NUL bytes (those that held nothing else were skipped; the others were read without them).</summary>
    public long NulLines { get; internal set; }

    /// <summary>NUL bytes removed in all.</summary>
    public long NulBytes { get; internal set; }

    /// <summary>True when the file is a gzip file cut short: lines after the cut are lost.</summary>
    public bool Truncated { get; internal set; }

    /// <summary>The error id when reading stopped early (<see cref="ErrorIds"/>), else null.</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>True once the file has been read to its end (or to the failure that stopped it).</summary>
    public bool Completed { get; internal set; }

    /// <summary>The damaged stretches, in line order (at most <see cref="MaxDamageRanges"/>, plus the point where a file stopped being readable).</summary>
    public IReadOnlyList<DamagedRange> Damage => _damage;

    /// <summary>True when there was more damage than <see cref="MaxDamageRanges"/> ranges could hold.</summary>
    public bool DamageListFull { get; private set; }

    /// <summary>How year and zone were chosen for the file's stamps (<c>written</c> for fully dated stamps).</summary>
    public string TimeBasis { get; internal set; }

    /// <summary>Stamp of the first entry, or null.</summary>
    public DateTimeOffset? FirstTimestamp { get; internal set; }

    /// <summary>Stamp of the last entry, or null.</summary>
    public DateTimeOffset? LastTimestamp { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName}: {Parsed:N0} of {Lines:N0} lines parsed, {Malformed:N0} malformed, {_damage.Count} damaged stretch(es)";

    /// <summary>Records one damaged line; returns true when it starts a new run.</summary>
    internal bool AddDamage(DamageKind kind, long line, long bytes = 0)
    {
        // The last range of the same kind may not be the last range overall (a NUL line that is also malformed).
        for (int i = _damage.Count - 1; i >= 0 && i >= _damage.Count - 3; i--)
        {
            if (_damage[i].TryExtend(kind, line, bytes)) return false;
        }
        AddRange(new DamagedRange(kind, line, 1, bytes));
        return true;
    }

    /// <summary>Records the point where a file stopped being readable.</summary>
    internal void AddBreak(DamageKind kind, long line) => _damage.Add(new DamagedRange(kind, line, 0, 0)); // always kept, even past the cap

    private void AddRange(DamagedRange range)
    {
        if (_damage.Count < MaxDamageRanges) _damage.Add(range);
        else DamageListFull = true;
    }
}
