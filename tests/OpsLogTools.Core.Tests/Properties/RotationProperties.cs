using System.IO.Compression;
using System.Text;
using CsCheck;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Properties;

/// <summary>
/// Laws of reading files as the engine finds them on a host, over random log files (<see cref="LogTextGen"/>): a file
/// cut into rotated parts reads as the whole file, and a gzip file reads as its decompression. Each case is a real
/// directory read by <see cref="LogReader"/> with the registered formats (detection, rotation order, year inference
/// from each file's mtime included).
/// </summary>
public class RotationProperties
{
    /// <summary>How logrotate names the parts, oldest first, for a set of <paramref name="count"/> files.</summary>
    private static string[] Names(int count, bool dated) => dated
        ? [.. Enumerable.Range(0, count - 1).Select(i => $"messages-202201{10 + i:D2}"), "messages"]
        : [.. Enumerable.Range(1, count - 1).Reverse().Select(i => $"messages.{i}"), "messages"];

    private static readonly Gen<(LogTextGen.LogText Log, int[] Cuts, bool Dated, int GzipMask)> Case =
        Gen.Select(LogTextGen.File, Gen.Int[0, int.MaxValue].Array[0, 4], Gen.Bool, Gen.Int[0, 31]);

    [Fact]
    public void RotatedPartsCutAtLineEndsReadAsTheWholeFile()
    {
        Case.Sample((log, cuts, dated, gzipMask) =>
        {
            byte[] whole = Encoding.UTF8.GetBytes(log.Text);
            var lineEnds = Enumerable.Range(0, whole.Length).Where(i => whole[i] == '\n').Select(i => i + 1).ToArray();
            int[] points = [.. cuts.Select(c => lineEnds[c % lineEnds.Length])];
            AssertPartsReadAsWhole(log, whole, points, dated, gzipMask);
        }, iter: 60);
    }

    // The law as the issue states it: a cut anywhere, as copytruncate can leave a line half in the older file and half
    // in the newer one. The older part's unfinished last line is read with the newer part's first line (LogReader).
    [Fact]
    public void RotatedPartsCutAnywhereReadAsTheWholeFile()
    {
        Case.Sample((log, cuts, dated, gzipMask) =>
        {
            byte[] whole = Encoding.UTF8.GetBytes(log.Text);
            int[] points = [.. cuts.Select(c => c % (whole.Length + 1))];
            // A set made only of pieces of lines (one short line cut into parts) holds no line to recognise its format by:
            // it is passed over, as a file of one piece of a line is. Some part must hold a whole line.
            if (!HoldsAWholeLine(whole, points)) return;
            AssertPartsReadAsWhole(log, whole, points, dated, gzipMask);
        }, iter: 60);
    }

    // Found by the law above in CI (CsCheck seed 6TgYKjh_evh5): copytruncate twice in quick succession left one rotated
    // part holding only the space between "Nov" and "10"; it was passed over as a blank file, so the line it belongs to
    // was read as "Nov" + "10 10:10:03 …" and lost. A blank piece with no line feed is now a piece of a line.
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(true, 3)]
    public void APartHoldingOnlyTheSpaceOfACutStampKeepsTheLine(bool dated, int gzipMask)
    {
        const string text = "Nov 10 10:09:25 web01 sshd[1021]: line 21 for user2 from 203.0.113.21\n"
            + "Nov 10 10:10:03 web01 sshd[1022]: line 22 for user6 from 203.0.113.22\n"
            + "Nov 10 10:11:26 web01 sshd[1023]: line 23 for user6 from 203.0.113.23\n";
        byte[] whole = Encoding.UTF8.GetBytes(text);
        int month = text.IndexOf("Nov 10 10:10:03", StringComparison.Ordinal) + 3;
        var log = new LogTextGen.LogText(text, new DateTimeOffset(2020, 11, 10, 10, 11, 26, TimeSpan.Zero), Yearless: true);
        AssertPartsReadAsWhole(log, whole, [month, month + 1], dated, gzipMask);
    }

    // Found by the law above in CI (CsCheck seed 93N9wMVnm4H2): a combined access log of three lines cut three times left
    // only pieces of lines. The oldest part (line 1 and the head of line 2) fits the combined format; the newest rotated
    // part (the tail of line 2, and line 3 cut inside its size) fits the common one; the middle part and the live tail fit
    // none. The pieces disagreed, so the two that fit nothing were passed over: line 2 was lost and line 3 read as common.
    // A set of pieces only is now recognised from its pieces joined, as the reader reads them.
    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void PiecesThatFitDifferentFormatsAloneReadAsTheFormatTheyFitJoined(bool dated, int gzipMask)
    {
        const string text =
            "198.51.100.7 - - [14/Jul/2022:21:09:58 +0900] \"GET /index.html HTTP/1.1\" 200 5120 \"https://example.org/\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n"
            + "198.51.100.8 - alice [14/Jul/2022:21:10:02 +0900] \"POST /wp-login.php HTTP/1.1\" 500 531 \"-\" \"curl/7.79.1\"\n"
            + "198.51.100.9 - - [14/Jul/2022:21:10:05 +0900] \"GET /feed/ HTTP/1.1\" 200 10233 \"-\" \"Mozilla/5.0 (compatible; bingbot/2.0)\"\n";
        byte[] whole = Encoding.UTF8.GetBytes(text);
        int line2 = text.IndexOf("198.51.100.8", StringComparison.Ordinal), line3 = text.IndexOf("198.51.100.9", StringComparison.Ordinal);
        int[] cuts = [line2 + 30, line2 + 70, text.IndexOf("200 10", line3, StringComparison.Ordinal) + 6];
        var log = new LogTextGen.LogText(text, new DateTimeOffset(2022, 7, 14, 21, 10, 5, TimeSpan.FromHours(9)), Yearless: false);
        var entries = AssertPartsReadAsWhole(log, whole, cuts, dated, gzipMask);
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(LogFormat.ApacheCombined, e.Format));
    }

    [Fact]
    public void AGzipFileReadsAsItsDecompression()
    {
        Gen.Select(LogTextGen.File, Gen.Int[0, int.MaxValue].Array[0, 3]).Sample((log, cuts) =>
        {
            byte[] plain = Encoding.UTF8.GetBytes(log.Text);
            using var b = new TempBundle();
            b.WriteBytes("plain/messages", plain, log.Last);
            b.WriteBytes("gzip/messages.gz", LineReadingProperties.Gzip(plain, cuts), log.Last);
            var (expected, expectedReports) = Read(b.PathOf("plain"));
            var (actual, actualReports) = Read(b.PathOf("gzip"));
            AssertSameEntries(expected, actual);
            Assert.Equal(Counts(expectedReports), Counts(actualReports));
        }, iter: 60);
    }

    private static List<LogEntry> AssertPartsReadAsWhole(LogTextGen.LogText log, byte[] whole, int[] cuts, bool dated, int gzipMask)
    {
        int[] points = [0, .. cuts.Where(p => p > 0 && p < whole.Length).Distinct().Order(), whole.Length];
        string[] names = Names(points.Length - 1, dated);
        using var b = new TempBundle();
        b.WriteBytes("whole/messages", whole, log.Last);
        for (int i = 0; i + 1 < points.Length; i++)
        {
            byte[] part = whole[points[i]..points[i + 1]];
            // logrotate's compress + delaycompress: the older parts gzipped, the newest rotated part and the live file plain.
            bool gzip = i + 2 < names.Length && (gzipMask >> i & 1) == 1;
            // A rotated part was last written when its last line was: that is the year its yearless stamps get.
            var mtime = LastStamp(whole, points[i + 1], log);
            b.WriteBytes($"parts/{names[i]}{(gzip ? ".gz" : "")}", gzip ? LineReadingProperties.Gzip(part, []) : part, mtime);
        }
        var (expected, _) = Read(b.PathOf("whole"));
        var (actual, _) = Read(b.PathOf("parts"));
        AssertSameEntries(expected, actual);
        return actual;
    }

    private static bool HoldsAWholeLine(byte[] whole, int[] cuts)
    {
        int[] points = [0, .. cuts.Where(p => p > 0 && p < whole.Length).Distinct().Order(), whole.Length];
        for (int i = 0; i + 1 < points.Length; i++)
        {
            // A whole line of text: starts in the part (at its start only when a line starts there) and ends in it.
            int start = points[i], end = points[i + 1];
            int lineStart = start;
            if (start > 0 && whole[start - 1] != '\n')
            {
                int first = Array.IndexOf(whole, (byte)'\n', start, end - start);
                lineStart = first < 0 ? end : first + 1;
            }
            while (lineStart < end)
            {
                int lf = Array.IndexOf(whole, (byte)'\n', lineStart, end - lineStart);
                if (lf < 0) break;
                if (!whole.AsSpan(lineStart, lf - lineStart).Trim(" \t\r"u8).IsEmpty) return true;
                lineStart = lf + 1;
            }
        }
        return false;
    }

    /// <summary>The mtime a part ending at <paramref name="end"/> would have: the instant of the whole file's line there.</summary>
    private static DateTimeOffset LastStamp(byte[] whole, int end, LogTextGen.LogText log)
    {
        if (end >= whole.Length) return log.Last;
        // Parse the whole file once and take the last entry that starts before the cut (it was written before the rotation).
        var offsets = LineStarts(whole);
        int line = offsets.FindLastIndex(o => o < end);
        var entries = ReadText(whole, log.Last);
        var before = entries.LastOrDefault(e => e.LineNumber <= line + 1);
        return before?.Timestamp.AddSeconds(1) ?? log.Last;
    }

    private static List<int> LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < bytes.Length; i++) if (bytes[i] == '\n') starts.Add(i + 1);
        return starts;
    }

    private static List<LogEntry> ReadText(byte[] bytes, DateTimeOffset mtime)
    {
        using var b = new TempBundle();
        b.WriteBytes("messages", bytes, mtime);
        return Read(b.Root).Entries;
    }

    private static (List<LogEntry> Entries, IReadOnlyList<FileReadReport> Reports) Read(string directory)
    {
        var reader = new LogReader(FormatRegistry.All);
        var entries = reader.Read([directory], new LogReadOptions(), new CollectingDiagnostics()).ToList();
        return (entries, reader.Reports);
    }

    private static (long, long, long, long, long) Counts(IReadOnlyList<FileReadReport> reports) =>
        (reports.Sum(r => r.Lines), reports.Sum(r => r.Parsed), reports.Sum(r => r.Ignored), reports.Sum(r => r.Malformed), reports.Sum(r => r.NulLines));

    /// <summary>Same entries in the same order: what the admin sees of each (the file and line number differ by design).</summary>
    private static void AssertSameEntries(List<LogEntry> expected, List<LogEntry> actual)
    {
        static string Show(LogEntry e) => $"{e.Format} {e.Timestamp:O} [{e.StampText}] {e.HostName} {e.Program}[{e.ProcessId}] {e.Level} {e.Message}"
            + (e is AccessLogEntry a ? $" {a.ClientIp} {a.Method} {a.Target} {a.Status} {a.Bytes}" : "");
        Assert.Equal(expected.Select(Show), actual.Select(Show));
    }
}
