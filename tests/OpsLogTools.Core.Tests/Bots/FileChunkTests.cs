using System.IO.Compression;
using System.Text;
using CsCheck;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.EndToEnd;
using OpsLogTools.Core.Tests.RealData;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// A big plain file cut into chunks parsed by several workers (issue 19: <see cref="FileChunks"/>, <see cref="ChunkReader"/>,
/// <see cref="ChunkedFile"/>) gives Find-BotRequest's fast path the same report and the same diagnostics (every
/// warning with its line number, in order; errors; verbose lines) as the file read whole by one worker. The chunk size
/// is made tiny so that a few thousand lines are cut hundreds of times, at every kind of place: inside a CRLF, inside a
/// multi-byte UTF-8 character, right after a line feed, before a last line without a line feed, in a run of NULs, in an
/// over-long line. Inputs: the benchmark's origin-log generator (<see cref="LargeCloudFrontSet.WriteOriginLog"/>) with
/// damage written into it here, the benchmark's CloudFront generator's hourly files unpacked into one plain export
/// (its header repeated, and once changed mid-file), both side by side (merged by time), and the real access logs of
/// ../shared/realdata.
/// </summary>
public sealed class FileChunkTests : IDisposable
{
    private static readonly long[] TinyChunks = [1, 2, 7, 64, 333, 4_096, 50_000];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-chunks-" + Guid.NewGuid().ToString("N"));

    public FileChunkTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData(3_000, 11, 2)]
    [InlineData(6_000, 2026, 3)]
    public void A_damaged_origin_log_gives_the_same_report_and_warnings_in_chunks(int lines, int seed, int workers)
    {
        string path = DamagedOriginLog(Path.Combine(_root, "access_log"), lines, seed);
        var whole = Scan([path], 0, 1);
        Assert.Contains(whole.Diagnostics, d => d.Contains("NUL", StringComparison.Ordinal));
        Assert.Contains(whole.Diagnostics, d => d.Contains("longer than", StringComparison.Ordinal));
        Assert.Contains(whole.Diagnostics, d => d.Contains("binary data", StringComparison.Ordinal));
        Assert.Contains(whole.Diagnostics, d => d.Contains("in all were not", StringComparison.Ordinal));
        Assert.Contains(whole.Diagnostics, d => d.Contains("no line feed", StringComparison.Ordinal));
        foreach (long chunk in TinyChunks)
        {
            var cut = Scan([path], chunk, workers);
            Same(whole, cut);
        }
    }

    [Fact]
    public void Cuts_at_chosen_places_change_nothing()
    {
        // A first cut placed on purpose (the chunk size is where the cut is looked for, the next line feed ends it): in a
        // CRLF, inside a multi-byte UTF-8 character, right after a line feed, on the first byte of a NUL run.
        string path = DamagedOriginLog(Path.Combine(_root, "access_log"), 2_000, 5);
        var bytes = File.ReadAllBytes(path);
        var whole = Scan([path], 0, 1);
        int half = bytes.Length / 2;
        int crlf = bytes.AsSpan(0, half).IndexOf("\r\n"u8);
        int utf8 = bytes.AsSpan(0, half).IndexOf("日"u8) + 1;
        int lineFeed = bytes.AsSpan(1000, half).IndexOf((byte)'\n') + 1000;
        int nul = bytes.AsSpan(0, half).IndexOf((byte)0);
        foreach (int at in new[] { crlf, crlf + 1, utf8, lineFeed, lineFeed + 1, nul, nul + 1 })
        {
            Assert.True(at > 0);
            Same(whole, Scan([path], at + 1, 2));
        }
    }

    [Fact]
    public void The_last_line_without_a_line_feed_is_judged_once_wherever_the_cut()
    {
        // Cuts every few bytes of the last lines: the unterminated last line (which does not parse) is left out with one verbose line.
        string path = Path.Combine(_root, "access_log");
        var text = new StringBuilder();
        for (int i = 0; i < 40; i++)
            text.Append($"198.51.100.{i % 7 + 1} - - [01/Mar/2026:10:00:{i:00} +0100] \"GET /page/{i} HTTP/1.1\" 200 {100 + i} \"-\" \"curl/8.{i}\"\n");
        text.Append("198.51.100.9 - - [01/Mar/2026:10:01:00 +0100] \"GET /cut-sh");
        File.WriteAllText(path, text.ToString());
        var whole = Scan([path], 0, 1);
        Assert.Contains(whole.Diagnostics, d => d.Contains(":41: the last line has no line feed and does not parse", StringComparison.Ordinal));
        for (long chunk = 1; chunk < 200; chunk += 3) Same(whole, Scan([path], chunk, 2));
    }

    [Theory]
    [InlineData(4_000, 0, 7)]
    [InlineData(5_000, 3_000, 2025)]
    public void A_plain_CloudFront_export_gives_the_same_report_in_chunks(int lines, int viewers, int seed)
    {
        string path = PlainCloudFront(Path.Combine(_root, "cf"), lines, viewers, seed, changeHeader: false);
        var whole = Scan([path], 0, 1);
        Assert.Equal(lines, whole.Report.CloudFrontLines);
        foreach (long chunk in TinyChunks) Same(whole, Scan([path], chunk, 2));
    }

    [Fact]
    public void A_CloudFront_header_changed_mid_file_is_followed_by_the_chunks_after_it()
    {
        // Rows after the changed #Fields line are read by its columns (here: too few, so they are malformed and warned
        // about) until the standard header comes back: a chunk read with the head's columns is read again in order.
        string path = PlainCloudFront(Path.Combine(_root, "cf"), 3_000, 0, 3, changeHeader: true);
        var whole = Scan([path], 0, 1);
        Assert.Contains(whole.Diagnostics, d => d.Contains("not a CloudFront line", StringComparison.Ordinal));
        Assert.True(whole.Report.CloudFrontLines < 3_000);
        foreach (long chunk in TinyChunks) Same(whole, Scan([path], chunk, 2));
    }

    [Fact]
    public void Origin_and_CloudFront_side_by_side_give_the_same_report_in_chunks()
    {
        // Merged by time (twins matched): the origin log and the CloudFront export are each cut.
        string dir = Path.Combine(_root, "both");
        Directory.CreateDirectory(dir);
        PlainCloudFront(Path.Combine(dir, "cf"), 3_000, 2_000, 17, changeHeader: false);
        LargeCloudFrontSet.WriteOriginLog(Path.Combine(dir, "access_log"), 3_000, 17, 1, 2_000);
        var whole = Scan([dir], 0, 1);
        Assert.True(whole.Report.OriginLines > 0 && whole.Report.CloudFrontLines > 0);
        foreach (long chunk in new long[] { 3, 500, 20_000 }) Same(whole, Scan([dir], chunk, 2));
    }

    [Fact]
    public void Random_chunk_sizes_and_workers_change_nothing()
    {
        string path = DamagedOriginLog(Path.Combine(_root, "access_log"), 1_500, 99);
        var whole = Scan([path], 0, 1);
        Gen.Select(Gen.Long[1, 40_000], Gen.Int[1, 4]).Sample((chunk, workers) => Same(whole, Scan([path], chunk, workers)), iter: 40);
    }

    [Fact]
    public void Files_that_cannot_be_cut_are_read_whole()
    {
        // A gzip file and a file whose lines end in a carriage return alone: read as before, whatever the chunk size.
        string gz = Path.Combine(_root, "access_log.1.gz");
        string plain = DamagedOriginLog(Path.Combine(_root, "src.log"), 500, 4);
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) output.Write(File.ReadAllBytes(plain));
        string cr = Path.Combine(_root, "mac_access_log");
        File.WriteAllBytes(cr, File.ReadAllBytes(plain).Where(b => b != (byte)'\r').Select(b => b == (byte)'\n' ? (byte)'\r' : b).ToArray());
        var gzip = WebLogSets.Find([gz], Options, NullDiagnostics.Instance, default).Files.Single();
        Assert.False(FileChunks.Worth(gzip, Options, 64));
        Assert.True(ReadsCut(plain, 64));
        Assert.False(ReadsCut(cr, 64));
        foreach (var path in new[] { gz, cr })
        {
            var whole = Scan([path], 0, 1);
            Assert.True(whole.Report.Requests > 0);
            Same(whole, Scan([path], 64, 2));
        }
    }

    [RealDataTheory]
    [InlineData("plaso/test_data/apache_access.log")]
    [InlineData("crowdsec-hub/.tests/nginx_http-logs/nginx_http-logs.log")]
    [InlineData("crowdsec-hub/.tests/aws-cloudfront-logs/aws-cloudfront-logs.log")]
    [InlineData("crowdsec-hub/.tests/apache2-logs/apache2-logs.log")]
    [InlineData("crowdsec-hub/.tests/apache2-malformed/apache2-logs.log")]
    [InlineData("lnav/test/logfile_access_log.0")]
    [InlineData("lnav/test/logfile_bad_access_log.0")]
    public void Real_access_logs_give_the_same_report_in_chunks(string file)
    {
        string path = RealDataFolder.Combine(file.Split('/'));
        var whole = Scan([path], 0, 1);
        Assert.True(whole.Report.Requests > 0);
        foreach (long chunk in new long[] { 1, 5, 40, 150, 1_000 }) Same(whole, Scan([path], chunk, 2));
    }

    private static LogReadOptions Options => new() { LocalZone = TimeZoneInfo.Utc, MaxLineLength = 1024 };

    private sealed record Result(BotReport Report, string Described, List<string> Diagnostics);

    private static Result Scan(IReadOnlyList<string> paths, long chunkBytes, int workers)
    {
        var diagnostics = new Recorder();
        var read = Options;
        var sets = WebLogSets.Find(paths, read, diagnostics, default);
        var report = BotScan.AnalyzeSets(sets, new BotDetectorOptions { IncludeBenign = true }, diagnostics, read, workers, 1, default, chunkBytes);
        return new Result(report, BotBundle.Describe(report), diagnostics.Lines);
    }

    private static void Same(Result whole, Result cut)
    {
        Assert.Equal(whole.Described, cut.Described);
        Assert.Equal(whole.Diagnostics, cut.Diagnostics);
    }

    // Whether the file would be cut at this chunk size (its line ends decided as the line reader decides them).
    private static bool ReadsCut(string path, long chunkBytes)
    {
        using var file = File.OpenHandle(path);
        return FileChunks.Plan(file, Model.LogFormat.ApacheCombined, chunkBytes, 1024, out _) is not null;
    }

    /// <summary>
    /// The origin generator's log with damage written in: a BOM, CRLF endings on some lines, UTF-8 in agents, malformed
    /// and binary lines (more than the warnings kept per file), a run of NULs and NULs inside a line, an over-long line,
    /// blank lines, and a last line without a line feed.
    /// </summary>
    private static string DamagedOriginLog(string path, int lines, int seed)
    {
        LargeCloudFrontSet.WriteOriginLog(path, lines, seed, 2, lines / 2);
        var rows = File.ReadAllLines(path);
        var random = new Random(seed);
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
        output.Write([0xEF, 0xBB, 0xBF]);
        for (int i = 0; i < rows.Length; i++)
        {
            string row = rows[i];
            if (i % 13 == 5) row = row.Replace("Mozilla", "Mozillä日本", StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(row);
            if (i == rows.Length - 1)
            {
                output.Write(bytes);
                break;
            }
            if (i % 97 == 3) output.Write(Encoding.UTF8.GetBytes($"garbage line {i} ünïcode\n"));
            if (i == rows.Length / 3) output.Write([1, 2, 3, 65, 66, 0x1F, (byte)'\n']);
            if (i == rows.Length / 4) output.Write(new byte[300]);
            if (i == rows.Length / 5) output.Write(Encoding.UTF8.GetBytes(new string('x', 5_000) + "\n"));
            if (i % 211 == 7) output.Write("\n\r\n"u8);
            if (i % 101 == 9)
            {
                output.Write(bytes.AsSpan(0, 10));
                output.Write(new byte[3 + random.Next(5)]);
                output.Write(bytes.AsSpan(10));
            }
            else
            {
                output.Write(bytes);
            }
            output.Write(i % 7 == 2 ? "\r\n"u8 : "\n"u8);
        }
        return path;
    }

    /// <summary>
    /// The CloudFront generator's hourly files unpacked into one plain export (each hour's #Version and #Fields lines
    /// kept); with <paramref name="changeHeader"/>, a #Fields line of fewer columns in the second hour, the standard one back in the third.
    /// </summary>
    private static string PlainCloudFront(string directory, int lines, int viewers, int seed, bool changeHeader)
    {
        var hours = LargeCloudFrontSet.Write(Path.Combine(directory, "gz"), lines, seed, 4, viewers).Order(StringComparer.Ordinal).ToList();
        string path = Path.Combine(directory, "E3BENCHMARK0001.export.log");
        using (var output = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            for (int h = 0; h < hours.Count; h++)
            {
                using var input = new GZipStream(File.OpenRead(hours[h]), CompressionMode.Decompress);
                var text = new MemoryStream();
                input.CopyTo(text);
                var bytes = text.ToArray();
                if (changeHeader && h == 1)
                {
                    // Half the hour's rows, then a header of date, time and a few columns.
                    int middle = bytes.AsSpan(bytes.Length / 2).IndexOf((byte)'\n') + bytes.Length / 2 + 1;
                    output.Write(bytes.AsSpan(0, middle));
                    output.Write("#Fields: date time x-edge-location sc-bytes c-ip cs-method\n"u8);
                    output.Write(bytes.AsSpan(middle));
                }
                else
                {
                    output.Write(bytes);
                }
            }
        }
        Directory.Delete(Path.Combine(directory, "gz"), recursive: true);
        return path;
    }

    /// <summary>Every diagnostic in order, as text.</summary>
    private sealed class Recorder : IReadDiagnostics
    {
        public List<string> Lines { get; } = [];

        public void Warning(string path, long lineNumber, string message) => Add($"W {path}:{lineNumber} {message}");

        public void Error(string path, string errorId, string message, Exception? exception = null) => Add($"E {path} {errorId} {message}");

        public void Verbose(string message) => Add($"V {message}");

        private void Add(string line)
        {
            lock (Lines) Lines.Add(line);
        }
    }
}
