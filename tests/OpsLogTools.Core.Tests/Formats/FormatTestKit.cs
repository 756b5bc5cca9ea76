using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>Small helpers shared by the format tests: a fixed clock, parsing a line or a block of lines.</summary>
internal static class FormatTestKit
{
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public static StampClock Clock(DateTimeOffset start, DateTimeOffset end, TimeSpan? offset = null) =>
        new(new TimeReference(start, end, null, offset ?? Jst, "test", "test"));

    /// <summary>A clock whose window is the seed incident's night (19–20 July 2022, JST).</summary>
    public static StampClock SeedNightClock() => Clock(new(2022, 7, 19, 0, 0, 0, Jst), new(2022, 7, 20, 12, 0, 0, Jst));

    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    public static ILineParser Parser(ILogFormat format, StampClock? clock = null, string path = "/var/log/test") =>
        format.CreateParser(new ParserContext(path, clock ?? SeedNightClock()));

    /// <summary>Parses one line that must parse.</summary>
    public static LogEntry ParseOne(ILogFormat format, string line, StampClock? clock = null) => ParseOne(format, Bytes(line), clock);

    public static LogEntry ParseOne(ILogFormat format, byte[] line, StampClock? clock = null)
    {
        var status = Parser(format, clock).TryParse(line, 1, out var entry);
        Assert.Equal(LineParseStatus.Parsed, status);
        Assert.NotNull(entry);
        return entry!;
    }

    public static LineParseStatus Status(ILogFormat format, string line, StampClock? clock = null) =>
        Parser(format, clock).TryParse(Bytes(line), 1, out _);

    /// <summary>Parses every line of a block (LF-separated) with one parser, numbering from 1.</summary>
    public static List<(LineParseStatus Status, LogEntry? Entry)> ParseAll(ILogFormat format, string text, StampClock? clock = null, string path = "/var/log/test")
    {
        var parser = Parser(format, clock, path);
        var results = new List<(LineParseStatus, LogEntry?)>();
        long number = 0;
        foreach (var line in text.Split('\n'))
        {
            var status = parser.TryParse(Bytes(line), ++number, out var entry);
            results.Add((status, entry));
        }
        return results;
    }

    /// <summary>The format of the family with the highest probe score for a line (Unknown when all say 0).</summary>
    public static LogFormat Best(string line)
    {
        var bytes = Bytes(line);
        LogFormat best = LogFormat.Unknown;
        int bestScore = 0;
        foreach (var format in SyslogFamilyFormats.All)
        {
            int score = format.Probe(bytes);
            if (score > bestScore)
            {
                bestScore = score;
                best = format.Format;
            }
        }
        return best;
    }

    /// <summary>The format with the highest summed probe score over the lines of a file.</summary>
    public static LogFormat BestForFile(string text)
    {
        var lines = text.Split('\n').Select(Bytes).ToArray();
        return SyslogFamilyFormats.All
            .Select(f => (f.Format, Score: lines.Sum(l => f.Probe(l))))
            .OrderByDescending(x => x.Score)
            .First().Format;
    }
}
