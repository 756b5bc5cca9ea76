using System.Runtime.CompilerServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Streaming anomaly detection: feed it every entry of a bundle (each file's entries in file order; files
/// may interleave) and the reader's damage reports, then call <see cref="Detect"/>. It keeps a few compact
/// facts per line, never the entries, so reading is the main cost. Past a budget the facts go to a temporary file
/// (<see cref="FactSpill"/>): dispose the scan to delete it at once (it never outlives the process on Unix).
/// </summary>
public sealed class AnomalyScan : IDisposable
{
    private readonly AnomalyOptions _options;
    private readonly Dictionary<string, FileFacts> _files = new(StringComparer.Ordinal);
    private readonly List<FileFacts> _order = [];
    private readonly Dictionary<string, int> _programs = new(StringComparer.Ordinal);
    /// <summary>Per program id: sshd writes it (its lines make a file a witness of sshd's logins).</summary>
    private readonly List<bool> _isSshd = [];
    private readonly List<FileDamage> _damage = [];
    private readonly Dictionary<FileFacts, ErrorKinds> _errorKinds = [];
    private readonly Dictionary<FileFacts, TimeGuess> _guesses = [];
    private readonly Dictionary<FileFacts, Witnesses.AuditEvents> _auditEvents = [];
    private readonly MonotonicSteps _monotonic = new();
    private readonly Logins.LoginScan _logins = new(new Logins.LoginOptions());
    private FileFacts? _last;
    private FileFacts? _basisFile;
    private string? _basis;
    private FactSpill? _spill;
    private bool _disposed;

    /// <summary>Creates a scan.</summary>
    public AnomalyScan(AnomalyOptions? options = null) => _options = options ?? AnomalyOptions.Default;

    /// <summary>Lines taken so far.</summary>
    public long LinesSeen { get; private set; }

    /// <summary>Bytes of per-line facts held for every file (what the scan's memory grows with; see <see cref="FileFacts.BytesHeld"/>).</summary>
    internal long FactBytes => _order.Sum(f => f.BytesHeld);

    /// <summary>Bytes of facts written to the spill file (0 when the facts stayed under the budget).</summary>
    internal long SpilledBytes => _spill?.BytesSpilled ?? 0;

    /// <summary>Spilled chunks read back during detection (misses of the spill file's cache).</summary>
    internal long SpillReads => _spill?.Reads ?? 0;

    /// <summary>Deletes the spill file, if the facts passed the budget; the scan cannot detect after this.</summary>
    public void Dispose()
    {
        _disposed = true;
        _spill?.Dispose();
    }

    // Past the budget every chunk that takes no more lines goes to the spill file (the open ones stay: a chunk each per column and
    // file), and from then on at every weighing: a chunk goes while it is young, so the collector frees it cheaply (chunks
    // let go in bulk after living through a budget's worth of lines sat in the oldest generation, a peak of their own).
    private void Weigh()
    {
        if (_spill is null && FactBytes <= _options.FactBudgetBytes) return;
        _spill ??= new FactSpill(_options.SpillFolder, _options.SpillCacheBytes);
        foreach (var f in _order) f.Spill(_spill);
    }

    /// <summary>Takes one entry; the file is <see cref="LogEntry.Path"/> and its format <see cref="LogEntry.Format"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Add(entry.Path, entry.Format, entry);
    }

    /// <summary>Takes one entry of the file <paramref name="path"/> (read as <paramref name="format"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(string path, LogFormat format, LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // lastlog's slots come in uid order, one a user: no series of stamps to measure, no lines to miss.
        if (format == LogFormat.Lastlog) return;
        var facts = FileFor(path, format);
        Append(facts, entry);
        if (LinesSeen % _options.WeighEveryLines == 0) Weigh();
    }

    /// <summary>
    /// Takes a damaged stretch the reader met. Malformed slots of a login file (wtmp, btmp; the reader's record ordinals as
    /// lines) are wiper evidence for the tamper verdict, not corruption; pass them after the file's entries.
    /// </summary>
    public void AddDamage(FileDamage damage)
    {
        ArgumentNullException.ThrowIfNull(damage);
        // A login file's slots that gave no record: the verdict needs those after its last record (a wiper zeroed the end).
        if (damage.Kind == DamageKind.Malformed && _files.TryGetValue(damage.Path, out var f) && f.Format == LogFormat.Utmp)
        {
            f.DamagedSlots.Add((damage.FirstLine, damage.LastLine));
            return;
        }
        _damage.Add(damage);
    }

    /// <summary>Runs every detector over what was taken. Findings come in bundle order, then by line.</summary>
    public IReadOnlyList<LogAnomaly> Detect()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var (f, events) in _auditEvents)
        {
            foreach (var done in events.Flush()) AuditWitness(f, done);
            f.Witnesses.Sort((a, b) => a.Index.CompareTo(b.Index));
        }
        _auditEvents.Clear();
        var intruders = _logins.Detect().Where(l => l.Kind == LoginActivityKind.SuccessAfterFailures).Select(l => l.Source).ToHashSet(StringComparer.Ordinal);
        var bundle = new BundleFacts(_order, _programs, _options) { ErrorKinds = _errorKinds, Guesses = _guesses, IntruderSources = intruders };
        // Sealing packed every last chunk: those of a bundle past the budget go too.
        Weigh();
        var found = new List<LogAnomaly>();

        // Displacement first: the other detectors work on true time, so the run must be re-timed before a
        // silence, a burst or an outage inside it can be placed.
        var runs = DisplacedRunFinder.FindAll(bundle);
        // A journal's steps inside one boot are measured exactly by its monotonic clock: they replace what the stamps alone suggest there.
        var clockRuns = _monotonic.Finish();
        runs.RemoveAll(r => clockRuns.Any(c => ReferenceEquals(c.File, r.File) && c.First <= r.Last && r.First <= c.Last));
        // Clock witnesses at a run's edges are the run's evidence; the steps they print that no run shows are findings of their own.
        var usedWitnesses = new HashSet<ClockEvent>(ReferenceEqualityComparer.Instance);
        var displaced = DisplacementAnalysis.Analyse(bundle, runs, usedWitnesses, clockRuns);
        runs.AddRange(clockRuns);
        displaced.AddRange(MonotonicSteps.Report(bundle, clockRuns, runs, usedWitnesses));
        // A file off from its first line to its last has no step: measured whole, against outside clocks only.
        displaced.AddRange(WholeFileOffsets.Find(bundle, runs));
        bundle.ApplyCorrections(runs);
        // Logins one witness lacks while the others keep them (secure vs wtmp vs audit.log vs the journal), on true time:
        // findings of their own, and cited against a plain clock fault by the runs they sit at.
        var holes = WitnessHoles.Find(bundle);
        displaced = WitnessHoles.Cite(displaced, holes);

        // Outages before silences: a web server that was down explains its own silent access log.
        var outages = OutageDetector.Find(bundle);
        // Displaced stamps, and stretches whose guessed year or zone the logs' clocks disagree with (UncertainTime).
        found.AddRange(displaced.Where(a => _options.Wants(a.Kind)));
        if (_options.Wants(AnomalyKind.MissingLines))
        {
            found.AddRange(SilenceDetector.Find(bundle, outages));
            found.AddRange(holes.Select(h => WitnessHoles.Report(bundle, h)));
        }
        if (_options.Wants(AnomalyKind.Corruption)) found.AddRange(CorruptionReporter.Report(bundle, _damage));
        if (_options.Wants(AnomalyKind.ClockStep)) found.AddRange(ClockStepFinder.Find(bundle, usedWitnesses));
        // Bursts and chronic errors come from one look at each file's errors.
        found.AddRange(ErrorBurstDetector.Find(bundle).Where(a => _options.Wants(a.Kind)));
        // Outages, restarts and the host's shutdowns come from one look at the service lines.
        found.AddRange(outages.Where(a => _options.Wants(a.Kind)));

        var rank = _order.ToDictionary(f => f.Path, f => f.Index, StringComparer.Ordinal);
        return found
            .OrderBy(a => rank.TryGetValue(a.Path, out int r) ? r : int.MaxValue)
            .ThenBy(a => a.Path, StringComparer.Ordinal)
            .ThenBy(a => a.FirstLine)
            .ThenBy(a => a.Kind)
            .ToList();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private FileFacts FileFor(string path, LogFormat format)
    {
        if (_last is not null && ReferenceEquals(_last.Path, path)) return _last;
        // The file left behind is usually done (the reader gives files one after another): its last chunks are packed.
        _last?.Park();
        if (!_files.TryGetValue(path, out var facts))
        {
            facts = new FileFacts(path, format, _order.Count, _options.PackFacts);
            _files.Add(path, facts);
            _order.Add(facts);
        }
        _last = facts;
        return facts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Append(FileFacts f, LogEntry e)
    {
        LinesSeen++;
        // The reader shares one basis string per file and year: compare references, read the words only when it changes.
        if (!ReferenceEquals(e.TimeBasis, _basis) || !ReferenceEquals(f, _basisFile)) NoteBasis(f, e.TimeBasis);
        int index = f.Count;
        var stamp = e.Timestamp;
        long ticks = stamp.UtcTicks;
        if (f.IsYearless && index > 0)
        {
            // A yearless stamp gets the year nearest the previous line: a displaced run across New Year can make the
            // reader choose a year too far, and no offset here is ever ± a year.
            stamp = YearlessStamps.Nearest(stamp, f.LastStamp);
            ticks = stamp.UtcTicks;
        }
        f.AddStamp(ticks, (short)stamp.Offset.TotalMinutes, e.LineNumber);
        if (e is JournalEntry journal) _monotonic.Add(f, index, journal);
        // Who was at the host (issue 16): logins and privilege use for the tamper verdict, and login attacks to know an intruder by.
        if (AccessLine.Read(index, e) is { } access) f.Access.Add(access);
        if (e is LoginRecordEntry login)
        {
            NoteWipedSlots(f, index, login);
            // wtmp's OLD_TIME/NEW_TIME pair: a step of exact size, a clock witness like chronyd's "stepped by".
            if (Witnesses.LoginRecordWitness.Read(login) is { } stepped) f.Witnesses.Add(new WitnessLine(index, stepped));
        }
        if (e is not AccessLogEntry) _logins.Add(e);
        int program = -1;
        if (e.Program is { } p && !_programs.TryGetValue(p, out program))
        {
            program = _programs.Count;
            _programs.Add(p, program);
            _isSshd.Add(Logins.AuthLineParser.IsSshd(p));
        }
        if (program >= 0 && _isSshd[program]) f.LogsSshd = true;

        var flags = LineFlags.None;
        short status = 0;
        int shape = 0, full = 0;
        if (e is AccessLogEntry a)
        {
            status = (short)Math.Clamp(a.Status, 0, 999);
            if (a.Status >= 500) flags |= LineFlags.Error;
            if (f.IsCloudFront && a.ResultType is { } rt)
            {
                // 502 and 504 are CloudFront's own answers when the origin cannot be reached or is too slow;
                // a 500 or 503 with result type Error was the origin's.
                if (rt.Equals("Error", StringComparison.OrdinalIgnoreCase) && a.Status is 502 or 504) flags |= LineFlags.CdnError;
                else if (a.Status < 500 && (rt.Equals("Miss", StringComparison.OrdinalIgnoreCase) || rt.Equals("RefreshHit", StringComparison.OrdinalIgnoreCase)))
                    flags |= LineFlags.CdnOriginFetch;
            }
        }
        else if (f.IsErrorLog)
        {
            flags |= MessageClassifier.ClassifyErrorLog(e.Level, e.Message, index, f.Events);
            // Which error it is, so one error recurring all day is told from a burst (ChronicErrorFinder).
            if ((flags & LineFlags.Error) != 0)
            {
                if (!_errorKinds.TryGetValue(f, out var kinds)) _errorKinds[f] = kinds = new ErrorKinds();
                kinds.Add(index, e.Message);
            }
        }
        else if (f.Format is LogFormat.Yum or LogFormat.DnfRpm)
        {
            // Every line of yum.log and dnf.rpm.log is a package changed: an update ran then (a service it stopped and started was restarted by it).
            f.Events.Add(new ServiceEvent(index, ServiceEventKind.PackageUpdate, "yum", false, 0));
        }
        else if (e is AuditEntry audit)
        {
            // An audit event's records come together (SYSCALL, PATH, TIME_INJOFFSET, EOE): the clock is read from the whole event.
            if (!_auditEvents.TryGetValue(f, out var events)) _auditEvents[f] = events = new Witnesses.AuditEvents();
            foreach (var done in events.Add(index, audit)) AuditWitness(f, done);
        }
        else if (f.Format is LogFormat.Dpkg or LogFormat.AptHistory)
        {
            // dpkg.log's lines and apt's history records are package work too (apt's record at its start).
            f.Events.Add(new ServiceEvent(index, ServiceEventKind.PackageUpdate, f.Format == LogFormat.Dpkg ? "dpkg" : "apt", false, 0));
        }
        else if (f.IsSyslogLike)
        {
            flags |= MessageClassifier.ClassifySyslog(e.Program, e.ProcessId, e.Message, index, f.Events);
            (shape, full) = Hash(e.Program, e.ProcessId ?? 0, e.Message);
            if (EmbeddedClockParser.TryFind(e.Message, out long clock, out bool hasZone))
                f.Clocks.Add(new EmbeddedClock(index, clock, hasZone));
            if (Witnesses.ClockWitness.IsWitnessProgram(e.Program))
            {
                f.WitnessPrograms.Add(e.Program!);
                if (Witnesses.ClockWitness.Read(e) is { } witnessed) f.Witnesses.Add(new WitnessLine(index, witnessed));
            }
        }
        // Columns a format never fills cost nothing: access logs keep status and flags, syslog keeps pid,
        // program and hashes. A column is filled up to this line only once it is needed.
        Fill(f.Flags, index, flags);
        if (status != 0) Fill(f.Status, index, status);
        if (e.ProcessId is > 0) Fill(f.Pid, index, e.ProcessId.Value);
        if (program >= 0) Fill(f.ProgramPlusOne, index, program + 1);
        if (shape != 0 || full != 0)
        {
            Fill(f.Shape, index, shape);
            Fill(f.Full, index, full);
        }
    }

    /// <summary>A login record further on than the slot after the last one: the slots between gave no record (zeroed or unreadable).</summary>
    private static void NoteWipedSlots(FileFacts f, int index, LoginRecordEntry r)
    {
        // utmp is rewritten in place (free slots are normal); wtmp and btmp only grow.
        if (System.IO.Path.GetFileName(r.Path).StartsWith("utmp", StringComparison.Ordinal)) return;
        const int Size = 384;
        if (r.Offset > f.NextRecordOffset && (r.Offset - f.NextRecordOffset) % Size == 0)
            f.WipedSlots.Add((index, index > 0 ? f.LastStampBefore(index) : long.MinValue, (r.Offset - f.NextRecordOffset) / Size, f.NextRecordOffset));
        f.NextRecordOffset = r.Offset + Size;
    }

    private static void AuditWitness(FileFacts f, IReadOnlyList<(int Index, AuditEntry Record)> records)
    {
        if (Witnesses.AuditWitness.Read(records.Select(r => r.Record).ToList()) is { } witnessed)
            f.Witnesses.Add(new WitnessLine(records.First(r => r.Record.LineNumber == witnessed.LineNumber).Index, witnessed));
    }

    /// <summary>Remembers whether the file's year or zone was a guess: no fault is measured against a guess.</summary>
    private void NoteBasis(FileFacts f, string basis)
    {
        _basis = basis;
        _basisFile = f;
        var guess = (Reading.TimeBasisWords.YearIsGuessed(basis) ? TimeGuess.Year : TimeGuess.None)
            | (Reading.TimeBasisWords.ZoneIsGuessed(basis) ? TimeGuess.Zone : TimeGuess.None);
        if (guess != TimeGuess.None) _guesses[f] = _guesses.GetValueOrDefault(f) | guess;
    }

    // Per line, over value types: ReadyToRun leaves its instantiations to the JIT, which would run them unoptimised
    // through the first call.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill<T>(Column<T> column, int index, T value) where T : struct
    {
        while (column.Count < index) column.Add(default);
        column.Add(value);
    }

    /// <summary>FNV-1a over program and message: one hash with digit runs folded to '#' (the kind of line), one exact (with the pid).</summary>
    private static (int Shape, int Full) Hash(string? program, int pid, string message)
    {
        const uint prime = 16777619;
        uint shape = 2166136261, full = 2166136261;
        if (program is not null)
        {
            foreach (char c in program) { shape = (shape ^ c) * prime; full = (full ^ c) * prime; }
        }
        shape = (shape ^ ':') * prime;
        full = (full ^ (uint)pid) * prime;
        bool inDigits = false;
        foreach (char c in message)
        {
            full = (full ^ c) * prime;
            if (char.IsAsciiDigit(c))
            {
                if (!inDigits) shape = (shape ^ '#') * prime;
                inDigits = true;
            }
            else
            {
                shape = (shape ^ c) * prime;
                inDigits = false;
            }
        }
        return ((int)shape, (int)full);
    }
}
