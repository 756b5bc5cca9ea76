using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Line endings (issue 12, item 4: CR-only endings made one entry of 100 records). A file whose first bytes hold
/// carriage returns and no line feed is read with CR as the line break (classic Mac OS; what Python's universal
/// newlines and most editors do); otherwise the line feed alone ends a line and a lone CR stays inside it, as lnav and
/// glogg read, so a CR injected into a field cannot forge a line and a progress bar is not cut up.
/// Fixtures: generated records with each ending.
/// </summary>
public class LineEndingTests
{
    private static IEnumerable<string> Records(int count) =>
        Enumerable.Range(0, count).Select(i => $"2022-07-19T21:{i / 60:00}:{i % 60:00}+09:00 record {i}");

    private static List<string> ReadLines(byte[] bytes, out bool crEndings, int chunk = int.MaxValue)
    {
        using var reader = new LineReader(new ChunkedStream(bytes, chunk));
        var lines = new List<string>();
        while (reader.TryReadLine(out var line)) lines.Add(Encoding.UTF8.GetString(line));
        crEndings = reader.CarriageReturnEndings;
        return lines;
    }

    [Theory]
    [InlineData("\r", true)]
    [InlineData("\r\n", false)]
    [InlineData("\n", false)]
    public void EachEndingGivesOneLinePerRecord(string ending, bool cr)
    {
        var records = Records(100).ToList();
        byte[] bytes = Encoding.ASCII.GetBytes(string.Concat(records.Select(r => r + ending)));
        Assert.Equal(records, ReadLines(bytes, out bool crEndings));
        Assert.Equal(cr, crEndings);
    }

    [Fact]
    public void CrFileReadInSmallPiecesAndWithoutAFinalCr()
    {
        var records = Records(100).ToList();
        byte[] bytes = Encoding.ASCII.GetBytes(string.Join("\r", records));
        Assert.Equal(records, ReadLines(bytes, out _, chunk: 300));
    }

    [Fact]
    public void LoneCrInsideLfLinesStaysInTheLine()
    {
        // A progress bar (CR-separated updates) and a CR injected into a user name: one line each.
        string text = "10%\r50%\r100% done\nJul 19 21:10:03 host sshd[1]: Invalid user x\rJul 19 21:10:04 host sshd[1]: Accepted password for root\n";
        var lines = ReadLines(Encoding.ASCII.GetBytes(text), out bool cr);
        Assert.False(cr);
        Assert.Equal(["10%\r50%\r100% done", "Jul 19 21:10:03 host sshd[1]: Invalid user x\rJul 19 21:10:04 host sshd[1]: Accepted password for root"], lines);
    }

    [Fact]
    public void CrOnlyFileGivesOneEntryPerRecordThroughTheReader()
    {
        using var b = new TempBundle();
        string path = b.WriteBytes("access_log", Encoding.ASCII.GetBytes(string.Concat(Records(100).Select(r => r + "\r"))));
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(TestFormats.All).Read([path], new LogReadOptions(), diagnostics).ToList();
        Assert.Equal(100, entries.Count);
        Assert.Equal("record 99", entries[^1].Message);
        Assert.Contains(diagnostics.VerboseLines, v => v.Contains("end in a carriage return alone", StringComparison.Ordinal));
        Assert.Empty(diagnostics.Warnings);
    }

    /// <summary>Hands out at most <paramref name="chunk"/> bytes a read, as a pipe or a slow disk may.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : Stream
    {
        private int _at;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => _at; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), bytes.Length - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
