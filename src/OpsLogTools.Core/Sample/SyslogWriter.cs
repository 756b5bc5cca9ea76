namespace OpsLogTools.Core.Sample;

/// <summary>
/// Turns the host's records into rsyslog files: stamps (true time, or re-stamped inside a plant), the cut,
/// the NUL run, rotation into dated siblings; then reports runs, the hole and the NULs by final line number.
/// </summary>
internal sealed class SyslogWriter
{
    /// <summary>
    /// One file rsyslog writes: which records it holds, whether they are copies (a line rsyslog writes to two files), which
    /// of <see cref="MissingLinesPlant.File"/>'s names cut it, whether the NUL run goes there.
    /// </summary>
    private sealed record FileRule(string Name, Func<SyslogRecord, bool> Holds, bool Copies, string[] CutNames, bool Nul);

    // Amazon Linux 2's rsyslog.conf: messages (no auth, no cron), secure, cron. Debian's: syslog (everything but auth, cron
    // included), auth.log, and kern.log (kernel lines, also in syslog).
    private static readonly FileRule[] RedHatFiles =
    [
        new("messages", r => r.File == SyslogFile.Messages, false, ["messages"], true),
        new("cron", r => r.File == SyslogFile.Cron, false, ["cron"], false),
        new("secure", r => r.File == SyslogFile.Secure, false, ["secure"], false),
    ];

    private static readonly FileRule[] DebianFiles =
    [
        new("syslog", r => r.File is SyslogFile.Messages or SyslogFile.Cron, false, ["messages", "cron"], true),
        new("auth.log", r => r.File == SyslogFile.Secure, false, ["secure"], false),
        new("kern.log", r => r.Program == "kernel", true, [], false),
    ];

    private readonly GeneratorContext _ctx;
    private readonly HostLog _log;

    public SyslogWriter(GeneratorContext ctx, HostLog log)
    {
        _ctx = ctx;
        _log = log;
    }

    public MissingLinesTruth? Missing { get; private set; }
    public List<NulRunTruth> NulRuns { get; } = new();
    public List<StampRunTruth> StampRuns { get; } = new();

    public IEnumerable<LogFileBuffer> Write()
    {
        var buffers = new List<LogFileBuffer>();
        foreach (var rule in _ctx.S.HostFamily == HostFamily.Debian ? DebianFiles : RedHatFiles)
        {
            var records = _log.Records.Where(rule.Holds).OrderBy(r => r.True).ThenBy(r => r.Seq)
                .Select(r => rule.Copies ? new SyslogRecord { True = r.True, File = r.File, Program = r.Program, Process = r.Process, Message = r.Message, Seq = r.Seq } : r)
                .ToList();
            string name = rule.Name;
            var removed = Cut(rule, records);
            foreach (var r in records)
            {
                r.PlantIndex = _ctx.PlantAt(r.True);
                r.Stamped = r.PlantIndex < 0 ? r.True : r.True + _ctx.StampPlants[r.PlantIndex].Offset;
            }
            var fileBuffers = Render(name, rule.Nul, records);
            buffers.AddRange(fileBuffers);
            if (removed is { } cut) Missing = DescribeCut(name, records, cut);
            foreach (var b in fileBuffers) FindRuns(b.Path, b.Lines, records.Where(r => r.WrittenPath == b.Path));
        }
        return buffers;
    }

    private (DateTimeOffset Start, DateTimeOffset End, int Count)? Cut(FileRule rule, List<SyslogRecord> records)
    {
        var plant = _ctx.S.MissingLines;
        if (!plant.Enabled || Array.IndexOf(rule.CutNames, plant.File) < 0) return null;
        var start = _ctx.At(plant.Start);
        var end = start + plant.Duration;
        int count = records.RemoveAll(r => r.True >= start && r.True < end);
        return (start, end, count);
    }

    private MissingLinesTruth DescribeCut(string name, List<SyslogRecord> records, (DateTimeOffset Start, DateTimeOffset End, int Count) cut)
    {
        var before = records.LastOrDefault(r => r.True < cut.Start);
        var after = records.FirstOrDefault(r => r.True >= cut.End);
        string path = after?.WrittenPath ?? before?.WrittenPath ?? name;
        return new MissingLinesTruth
        {
            Path = path,
            TrueStart = cut.Start,
            TrueEnd = cut.End,
            RemovedLineCount = cut.Count,
            LineBefore = before is not null && before.WrittenPath == path ? before.WrittenLine : 0,
            TimeBefore = before?.True,
            TimeAfter = after?.True,
        };
    }

    private List<LogFileBuffer> Render(string name, bool nulFile, List<SyslogRecord> records)
    {
        var buffers = new List<LogFileBuffer>();
        var nul = _ctx.S.NulTail;
        bool plantNul = nulFile && nul.Enabled;
        int nulLength = nul.Length > 0 ? nul.Length : _ctx.Rng(71).Next(2048, 6144);
        var nulAt = _ctx.At(nul.At);
        bool nulDone = !plantNul;
        int segment = -1;
        LogFileBuffer? buffer = null;
        foreach (var r in records)
        {
            int s = _ctx.Segment(r.True);
            if (s != segment || buffer is null)
            {
                segment = s;
                buffer = NewBuffer(name, s);
                buffers.Add(buffer);
            }
            if (!nulDone && nul.FollowedByLines && r.True >= nulAt)
            {
                NulRuns.Add(new NulRunTruth { Path = buffer.Path, Line = buffer.Lines + 1, ByteOffset = buffer.Position, Length = nulLength, FollowedByLines = true });
                buffer.WriteRaw(new byte[nulLength]);
                nulDone = true;
            }
            var local = _ctx.ToLocal(r.Stamped).DateTime;
            string tag = r.Process is null ? r.Program : $"{r.Program}[{r.Process}]";
            r.WrittenPath = buffer.Path;
            r.WrittenLine = buffer.WriteLine($"{TextFormat.SyslogStamp(local)} {_ctx.HostName} {tag}: {r.Message()}", r.True);
        }
        // The current file exists even when quiet; a rotated generation only when it had lines (notifempty).
        if (buffer is null || segment < _ctx.Rotations.Count)
        {
            buffer = NewBuffer(name, _ctx.Rotations.Count);
            buffers.Add(buffer);
        }
        if (!nulDone)
        {
            NulRuns.Add(new NulRunTruth { Path = buffer.Path, Line = buffer.Lines + 1, ByteOffset = buffer.Position, Length = nulLength, FollowedByLines = false });
            buffer.WriteRaw(new byte[nulLength]);
        }
        return buffers;
    }

    private LogFileBuffer NewBuffer(string name, int segment)
    {
        string path = _ctx.S.HostFamily == HostFamily.Debian ? NumberedName(name, segment, out bool gzip) : _ctx.SegmentName(name, segment, out gzip);
        return new LogFileBuffer(path, "Syslog", gzip);
    }

    /// <summary>Debian's logrotate for rsyslog (no dateext, delaycompress): <c>syslog</c>, <c>syslog.1</c>, <c>syslog.2.gz</c>, ...</summary>
    private string NumberedName(string baseName, int segment, out bool gzip)
    {
        gzip = false;
        if (segment >= _ctx.Rotations.Count) return baseName;
        int k = _ctx.Rotations.Count - segment;
        gzip = k >= 2;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{baseName}.{k}{(gzip ? ".gz" : "")}");
    }

    private void FindRuns(string path, long lines, IEnumerable<SyslogRecord> written)
    {
        SyslogRecord? first = null, last = null;
        foreach (var r in written.Append(null))
        {
            if (first is not null && (r is null || r.PlantIndex != first.PlantIndex))
            {
                var plant = _ctx.StampPlants[first.PlantIndex];
                StampRuns.Add(new StampRunTruth
                {
                    Kind = plant.Kind,
                    Path = path,
                    FirstLine = first.WrittenLine,
                    LastLine = last!.WrittenLine,
                    LineCount = last.WrittenLine - first.WrittenLine + 1,
                    CoversWholeFile = first.WrittenLine == 1 && last.WrittenLine == lines,
                    StampedStart = _ctx.ToLocal(first.Stamped),
                    StampedEnd = _ctx.ToLocal(last.Stamped),
                    TrueStart = _ctx.ToLocal(first.True),
                    TrueEnd = _ctx.ToLocal(last.True),
                    OffsetSeconds = (long)plant.Offset.TotalSeconds,
                });
                first = null;
            }
            if (r is not null && r.PlantIndex >= 0)
            {
                first ??= r;
                last = r;
            }
        }
    }
}
