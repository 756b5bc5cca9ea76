using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// One target per format of <see cref="FormatRegistry"/> (so a format added there is fuzzed without a new line): every
/// line of the input goes through the format's <see cref="ILogFormat.Probe"/> (format detection) and, in order, through
/// one parser made for the input as for a file. The engine catches what a probe or parser throws, but at the cost of
/// the line (a lost line and a warning), so here any exception is a finding. A parsed entry must carry its line
/// number, and what the engine reads from entries next (printed clocks, package changes) must not throw either.
/// </summary>
internal static class FormatTarget
{
    /// <summary>A zone with daylight saving, so ambiguous and skipped local times are reached.</summary>
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static IEnumerable<FuzzTarget> ForRegistry() =>
        FormatRegistry.All.Select(format => new FuzzTarget(
            NameOf(format.Format),
            $"{format.Format} (FormatRegistry): Probe and a per-file parser on every line",
            input => Run(format, input),
            corpus => corpus.ForFormats(format.Format)));

    /// <summary><c>format-apache-combined</c> for <see cref="LogFormat.ApacheCombined"/>.</summary>
    public static string NameOf(LogFormat format) => "format-" + Kebab(format.ToString());

    public static void Run(ILogFormat format, byte[] input)
    {
        if (format is IRecordFormat records)
        {
            RunRecords(records, input);
            return;
        }
        var reference = TimeReference.AtInstant(new DateTimeOffset(2022, 7, 19, 21, 10, 0, TimeSpan.FromHours(-4)), Zone, "fuzz", "fuzz");
        var parser = format.CreateParser(new ParserContext("/var/log/fuzz", new StampClock(reference)));
        using var reader = new LineReader(new MemoryStream(input, writable: false), 1 << 16);
        while (reader.TryReadLine(out var line))
        {
            FuzzCheck.That(format.Probe(line) >= 0, "Probe scored a line below zero");
            var status = parser.TryParse(line, reader.LineNumber, out var entry);
            if (status != LineParseStatus.Parsed) continue;
            FuzzCheck.That(entry is not null, "Parsed without an entry");
            Check(entry!, reader.LineNumber, atEnd: false);
        }
        // A record still open at the end (apt history without End-Date) is handed over once, and only once.
        if (parser is IRecordLineParser open && open.TryFinish(out var last))
        {
            FuzzCheck.That(last is not null, "TryFinish without an entry");
            Check(last!, reader.LineNumber, atEnd: true);
            FuzzCheck.That(!open.TryFinish(out _), "TryFinish handed over a record twice");
        }
    }

    private static void Check(LogEntry entry, long read, bool atEnd)
    {
        if (entry is AptHistoryEntry record)
        {
            // A record is numbered by its first line and handed over at its last one (or at the end of the input).
            FuzzCheck.That(record.LineNumber <= record.EndLine, $"record starts at {record.LineNumber} after its end {record.EndLine}");
            FuzzCheck.That(atEnd ? record.EndLine <= read : record.EndLine == read || record.EndLine < read && record.End is null,
                $"record ends at line {record.EndLine}, handed over at line {read}");
        }
        else
        {
            FuzzCheck.That(entry.LineNumber == read, $"entry says line {entry.LineNumber}, read line {read}");
        }
        _ = entry.ToString();
        EmbeddedClockParser.TryFind(entry.Message, out _, out _);
        PackageLogLine.TryGetChange(entry, out _);
    }

    /// <summary>
    /// A binary format (the record door): its head probe, its record source over the input as a file, and its record
    /// parser on every record. The source reports damage and never throws; records come in order, inside the input.
    /// </summary>
    private static void RunRecords(IRecordFormat format, byte[] input)
    {
        _ = format.ProbeHead(input.AsSpan(0, Math.Min(input.Length, format.HeadBytes)));
        _ = format.ProbeFile("lastlog", input.AsSpan(0, Math.Min(input.Length, format.HeadBytes)));
        var reference = TimeReference.AtInstant(new DateTimeOffset(2022, 7, 19, 21, 10, 0, TimeSpan.FromHours(-4)), Zone, "fuzz", "fuzz");
        var parser = format.CreateRecordParser(new ParserContext("/var/log/fuzz", new StampClock(reference)));
        int damage = 0;
        using var source = format.OpenRecords(new MemoryStream(input, writable: false),
            new OpsLogTools.Core.Reading.Records.RecordSourceContext("/var/log/fuzz", d =>
            {
                FuzzCheck.That(d.Message.StartsWith("/var/log/fuzz", StringComparison.Ordinal), "a damage message that does not name the file");
                damage++;
            }));
        long last = 0;
        while (source.TryRead(out var record))
        {
            FuzzCheck.That(record is not null, "TryRead true without a record");
            FuzzCheck.That(record!.Ordinal > last, $"record {record.Ordinal} after {last}");
            FuzzCheck.That(record.Offset >= 0 && record.Offset < input.Length, $"record offset {record.Offset} outside the {input.Length}-byte input");
            last = record.Ordinal;
            if (parser.TryParse(record, out var entry) != LineParseStatus.Parsed) continue;
            FuzzCheck.That(entry is not null && entry.LineNumber == record.Ordinal, "an entry that does not carry its record's ordinal");
            _ = entry!.ToString();
        }
    }

    private static string Kebab(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            // A capital starts a word; digits stay with the word before them (ApacheError22 → apache-error22).
            if (char.IsUpper(c) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
