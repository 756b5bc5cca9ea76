using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Formats.Web;

/// <summary>Shared helpers: a clock in +09:00 (the seed host's zone) and one-call parsing of fixture text.</summary>
internal static class WebFormatTesting
{
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public static StampClock Clock(TimeSpan? offset = null, TimeZoneInfo? zone = null) =>
        new(new TimeReference(new DateTimeOffset(2022, 7, 18, 0, 0, 0, Jst), new DateTimeOffset(2022, 7, 21, 0, 0, 0, Jst),
            zone, offset ?? Jst, "test", "test"));

    public static ParserContext Context(StampClock? clock = null) => new("/logs/test.log", clock ?? Clock());

    public static LineParseStatus Parse(ILogFormat format, string line, out LogEntry? entry, StampClock? clock = null) =>
        format.CreateParser(Context(clock)).TryParse(Encoding.UTF8.GetBytes(line), 1, out entry);

    public static AccessLogEntry ParseAccess(ILogFormat format, string line)
    {
        var status = Parse(format, line, out var entry);
        Assert.Equal(LineParseStatus.Parsed, status);
        return Assert.IsType<AccessLogEntry>(entry);
    }

    /// <summary>Parses a multi-line fixture through one parser (per-file state such as #Fields carries over).</summary>
    public static List<(LineParseStatus Status, LogEntry? Entry)> ParseFile(ILogFormat format, string text, StampClock? clock = null)
    {
        var parser = format.CreateParser(Context(clock));
        var results = new List<(LineParseStatus, LogEntry?)>();
        long number = 0;
        foreach (var line in text.Replace("\r", "").Split('\n'))
        {
            var status = parser.TryParse(Encoding.UTF8.GetBytes(line), ++number, out var entry);
            results.Add((status, entry));
        }
        return results;
    }

    public static int Probe(ILogFormat format, string line) => format.Probe(Encoding.UTF8.GetBytes(line));

    /// <summary>The format of <see cref="WebFormats.All"/> with the highest probe score, or Unknown when all score 0.</summary>
    public static LogFormat Best(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var best = LogFormat.Unknown;
        int bestScore = 0;
        foreach (var f in WebFormats.All)
        {
            int score = f.Probe(bytes);
            if (score > bestScore)
            {
                bestScore = score;
                best = f.Format;
            }
        }
        return best;
    }
}
