namespace OpsLogTools.Core.Sample;

/// <summary>
/// Turns the host's records into rsyslog files: stamps (true time, or re-stamped inside a plant), the cut,
/// the NUL run, rotation into dated siblings; then reports runs, the hole and the NULs by final line number.
/// </summary>
internal sealed class SyslogWriter
{
    private static readonly (SyslogFile File, string Name)[] Files = [(SyslogFile.Messages, "messages"), (SyslogFile.Cron, "cron"), (SyslogFile.Secure, "secure")];

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
        foreach (var (file, name) in Files)
        {
            var records = _log.Records.Where(r => r.File == file).OrderBy(r => r.True).ThenBy(r => r.Seq).ToList();
            var removed = Cut(name, records);
            foreach (var r in records)
            {
                r.PlantIndex = _ctx.PlantAt(r.True);
                r.Stamped = r.PlantIndex < 0 ? r.True : r.True + _ctx.StampPlants[r.PlantIndex].Offset;
            }
            var fileBuffers = Render(name, file, records);
            buffers.AddRange(fileBuffers);
            if (removed is { } cut) Missing = DescribeCut(name, records, cut);
            foreach (var b in fileBuffers) FindRuns(b.Path, b.Lines, records.Where(r => r.WrittenPath == b.Path));
        }
        return buffers;
    }

    private (DateTimeOffset Start, DateTimeOffset End, int Count)? Cut(string name, List<SyslogRecord> records)
    {
        var plant = _ctx.S.MissingLines;
        if (!plant.Enabled || plant.File != name) return null;
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

    private List<LogFileBuffer> Render(string name, SyslogFile file, List<SyslogRecord> records)
    {
        var buffers = new List<LogFileBuffer>();
        var nul = _ctx.S.NulTail;
        bool plantNul = file == SyslogFile.Messages && nul.Enabled;
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
        string path = _ctx.SegmentName(name, segment, out bool gzip);
        return new LogFileBuffer(path, "Syslog", gzip);
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
