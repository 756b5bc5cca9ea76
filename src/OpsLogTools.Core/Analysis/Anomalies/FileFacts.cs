using System.Runtime.CompilerServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// What detection keeps of one file: a few compact facts per line (stamp, line number, pid, program,
/// message hashes, status, flags) and sparse lists for the rare lines that matter (clocks printed in
/// messages, service events). Whole entries are never kept, so a large bundle costs tens of bytes a line.
/// </summary>
internal sealed class FileFacts
{
    public FileFacts(string path, LogFormat format, int index, bool pack = true)
    {
        Path = path;
        Format = format;
        Index = index;
        Stamp = new StampColumn(pack);
        True = new TrueTimes(Stamp);
        Pid = new(pack);
        ProgramPlusOne = new(pack);
        Shape = new(pack);
        Full = new(pack);
        Status = new(pack);
        Flags = new(pack: false);
    }

    public string Path { get; }
    public LogFormat Format { get; }
    /// <summary>Position of the file in the bundle (stable order for output).</summary>
    public int Index { get; }

    private bool _sealed;
    private bool _parked;
    private bool _interleaved;

    /// <summary>Stamp as UTC ticks (for yearless formats, the year nearest the previous line: see <see cref="AnomalyScan"/>), packed (<see cref="StampColumn"/>).</summary>
    public StampColumn Stamp { get; }
    /// <summary>The offset the stamp was written or resolved with, in minutes (stored only where it changes).</summary>
    public readonly StepColumn OffsetMinutes = new(counting: false);
    /// <summary>Line numbers (stored only where they do not follow on).</summary>
    public readonly StepColumn Line = new(counting: true);
    /// <summary>Process id, 0 when the line has none.</summary>
    public readonly Column<int> Pid;
    /// <summary>Program id in the scan's program table, -1 when none.</summary>
    public readonly Column<int> ProgramPlusOne;
    /// <summary>Hash of program and message with digit runs folded (what kind of line this is); syslog-like files only.</summary>
    public readonly Column<int> Shape;
    /// <summary>Hash of program, pid and the whole message (this exact line); syslog-like files only.</summary>
    public readonly Column<int> Full;
    /// <summary>HTTP status for access logs, else 0.</summary>
    public readonly Column<short> Status;
    public readonly Column<LineFlags> Flags;
    public readonly List<EmbeddedClock> Clocks = [];
    public readonly List<ServiceEvent> Events = [];
    /// <summary>The file's clock witness lines (time daemons, systemd, timedated, journald, kernel, auditd), in line order.</summary>
    public readonly List<WitnessLine> Witnesses = [];
    /// <summary>Which clock-witness programs wrote lines in the file (said anything, clock or not): what the verdict consulted.</summary>
    public readonly HashSet<string> WitnessPrograms = new(StringComparer.Ordinal);
    /// <summary>Logins and privilege use in the file (sshd, sudo, su, wtmp, audit), in line order: who was at the host.</summary>
    public readonly List<AccessLine> Access = [];
    /// <summary>
    /// In an append-only login file (wtmp, btmp): slots the reader gave no record for between two records (zeroed or
    /// unreadable, a log wiper's sign), as the index of the record after them, the previous record's stamp (UTC ticks;
    /// long.MinValue at the file's start), the slot count and the byte offset where they begin.
    /// </summary>
    public readonly List<(int Index, long FromTicks, long Slots, long Offset)> WipedSlots = [];
    /// <summary>The file holds lines of sshd: it is expected to log every login sshd accepted while it was written.</summary>
    public bool LogsSshd;
    /// <summary>The byte offset just past the last login record taken, for <see cref="WipedSlots"/>.</summary>
    public long NextRecordOffset;
    /// <summary>In a login file: the slots (1-based, first to last) the reader reported giving no record for (zeroed, unreadable, truncated).</summary>
    public readonly List<(long First, long Last)> DamagedSlots = [];

    /// <summary>
    /// In an append-only login file (wtmp, btmp): the damaged slots after its last record (nothing was written after them,
    /// so <see cref="WipedSlots"/> cannot see them), as their count and the byte offset where they begin; null when none.
    /// </summary>
    public (long Slots, long Offset)? TrailingWipedSlots()
    {
        if (Format != LogFormat.Utmp || System.IO.Path.GetFileName(Path).StartsWith("utmp", StringComparison.Ordinal)) return null;
        const long Size = 384;
        long firstFree = NextRecordOffset / Size + 1, slots = 0, first = long.MaxValue;
        foreach (var (from, to) in DamagedSlots)
        {
            long a = Math.Max(from, firstFree);
            if (a > to) continue;
            slots += to - a + 1;
            first = Math.Min(first, a);
        }
        return slots == 0 ? null : (slots, (first - 1) * Size);
    }

    /// <summary>Program id of line <paramref name="i"/>, -1 when none.</summary>
    public int Program(int i) => ProgramPlusOne[i] - 1;

    public int Count { get; private set; }

    /// <summary>The stamp of the line before <paramref name="index"/> while the file is still being read.</summary>
    public long LastStampBefore(int index) => Stamp[index - 1];

    public long LastStamp => Count == 0 ? 0 : Stamp[Count - 1];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddStamp(long utcTicks, short offsetMinutes, long line)
    {
        if (_sealed) throw new InvalidOperationException("The file was already sealed for detection.");
        if (_parked)
        {
            // Lines of files that interleave (entries piped from a merge): packing at each switch would cost more than it saves.
            _parked = false;
            _interleaved = true;
        }
        Stamp.Add(utcTicks);
        OffsetMinutes.Add(offsetMinutes);
        Line.Add(line);
        Count++;
    }

    /// <summary>
    /// Packs the last, partly filled chunk of every column while the scan reads another file (lines may still come: the
    /// columns unpack then, and a file whose lines interleave with others' is not packed again before <see cref="Seal"/>).
    /// </summary>
    public void Park()
    {
        if (_sealed || _parked || _interleaved) return;
        _parked = true;
        Stamp.Park();
        Pid.Park();
        ProgramPlusOne.Park();
        Shape.Park();
        Full.Park();
        Status.Park();
    }

    /// <summary>Ends the taking of lines: the last chunk of every column is packed.</summary>
    public void Seal()
    {
        if (_sealed) return;
        _sealed = true;
        Stamp.Seal();
        Pid.Seal();
        ProgramPlusOne.Seal();
        Shape.Seal();
        Full.Seal();
        Status.Seal();
    }

    /// <summary>
    /// Writes the chunks of every column that no line is added to any more to <paramref name="spill"/> (the scan's
    /// facts passed its budget, <see cref="AnomalyOptions.FactBudgetBytes"/>); they are read back when asked for.
    /// </summary>
    public void Spill(FactSpill spill)
    {
        Stamp.Spill(spill);
        Pid.Spill(spill);
        ProgramPlusOne.Spill(spill);
        Shape.Spill(spill);
        Full.Spill(spill);
        Status.Spill(spill);
        Flags.Spill(spill);
    }

    /// <summary>
    /// Best estimate of each line's true time (UTC ticks): the stamp, minus the offset inside displaced runs
    /// (<see cref="TrueTimes.Retime"/>); the stamps themselves in a file with no displaced run.
    /// </summary>
    public TrueTimes True { get; }

    /// <summary>
    /// Bytes of per-line facts held for this file: column chunks and the stamps; the sparse lists are counted by their entries.
    /// </summary>
    public long BytesHeld =>
        Stamp.BytesHeld + Pid.BytesHeld + ProgramPlusOne.BytesHeld + Shape.BytesHeld + Full.BytesHeld + Status.BytesHeld + Flags.BytesHeld
        + Clocks.Count * 24L + Events.Count * 32L;

    /// <summary>Lines whose true time was re-estimated, as (first index, last index, offset ticks).</summary>
    public readonly List<(int First, int Last, long OffsetTicks)> Corrections = [];

    public bool IsSyslogLike => Format is LogFormat.Syslog or LogFormat.SyslogIso or LogFormat.JournalJson or LogFormat.JournalShortIso or LogFormat.Journal or LogFormat.JournalExport;
    public bool IsAccessLog => Format is LogFormat.ApacheCommon or LogFormat.ApacheCombined or LogFormat.ApacheVhostCombined or LogFormat.NginxAccess;
    public bool IsCloudFront => Format == LogFormat.CloudFront;
    public bool IsErrorLog => Format is LogFormat.ApacheError22 or LogFormat.ApacheError24 or LogFormat.NginxError;
    public bool IsYearless => YearlessStamps.IsYearless(Format);

    /// <summary>Files written by rsyslog share one clock: a wrong clock or zone shows in all of them at once.</summary>
    public bool IsRsyslogFile => Format is LogFormat.Syslog or LogFormat.SyslogIso;

    public DateTimeOffset StampAt(int i) => At(Stamp[i], OffsetMinutes[i]);

    public DateTimeOffset TrueAt(int i) => At(True[i], OffsetMinutes[i]);

    /// <summary>An instant shown with the offset the file used around line <paramref name="i"/>.</summary>
    public DateTimeOffset InstantNear(long utcTicks, int i) => At(utcTicks, OffsetMinutes[Math.Clamp(i, 0, Count - 1)]);

    public string Where(int i) => $"{System.IO.Path.GetFileName(Path)}:{Line[i]}";

    /// <summary>First index whose true time is at or after <paramref name="utcTicks"/> (the true order is nearly sorted).</summary>
    public int LowerBound(long utcTicks)
    {
        int lo = 0, hi = True.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (True[mid] < utcTicks) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Lines whose true time falls in [from, to).</summary>
    public int CountBetween(long from, long to) => Math.Max(0, LowerBound(to) - LowerBound(from));

    private static DateTimeOffset At(long utcTicks, long offsetMinutes)
    {
        long offsetTicks = offsetMinutes * TimeSpan.TicksPerMinute;
        long local = utcTicks + offsetTicks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks) return DateTimeOffset.MinValue;
        return new DateTimeOffset(local, TimeSpan.FromTicks(offsetTicks));
    }
}

/// <summary>A clock reading printed in a message: UTC ticks when it carried a zone, else wall-clock ticks.</summary>
internal readonly record struct EmbeddedClock(int Index, long Ticks, bool HasZone);
