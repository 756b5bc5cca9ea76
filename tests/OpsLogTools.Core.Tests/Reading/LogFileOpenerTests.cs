using System.Text;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

public class LogFileOpenerTests
{
    private static string Lines(int from, int count, int seed = 0) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"2022-07-19T21:{i / 60 % 60:00}:{i % 60:00}+09:00 line {i} seed {seed} {new string('z', (i * 7 + seed) % 50)}\n"));

    /// <summary>Reads every line; returns them and the exception that ended the read, if any.</summary>
    private static (List<string> Lines, Exception? Error) ReadAll(string path)
    {
        var lines = new List<string>();
        using var opened = LogFileOpener.Open(path);
        using var reader = new LineReader(opened.Content, leaveOpen: true);
        try
        {
            while (reader.TryReadLine(out var line)) lines.Add(Encoding.UTF8.GetString(line));
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            return (lines, e);
        }
        return (lines, null);
    }

    [Fact]
    public void GzipIsRecognisedByContentNotName()
    {
        using var b = new TempBundle();
        string text = Lines(0, 50);
        string gzNamedPlain = b.WriteGzip("access_log-20220717", null, text);
        string plainNamedGz = b.Write("looks.gz", text);
        using (var o = LogFileOpener.Open(gzNamedPlain)) Assert.True(o.IsGzip);
        using (var o = LogFileOpener.Open(plainNamedGz)) Assert.False(o.IsGzip);
        Assert.Equal(text.TrimEnd('\n').Split('\n'), ReadAll(gzNamedPlain).Lines);
        Assert.Equal(text.TrimEnd('\n').Split('\n'), ReadAll(plainNamedGz).Lines);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void MultiMemberGzipIsReadToTheEnd(int members)
    {
        // .NET's GZipStream reads concatenated members (gzip a; gzip b; cat a.gz b.gz): every member's lines come out.
        using var b = new TempBundle();
        var parts = Enumerable.Range(0, members).Select(m => Lines(m * 1000, 200 + m * 37, m)).ToArray();
        string path = b.WriteGzip("messages-20220717.gz", null, parts);
        var (lines, error) = ReadAll(path);
        Assert.Null(error);
        Assert.Equal(string.Concat(parts).TrimEnd('\n').Split('\n'), lines);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.5, 2)]
    [InlineData(0.3, 3)]
    [InlineData(0.9, 4)]
    [InlineData(0.999, 5)]
    public void TruncatedGzipDeliversEveryLineBeforeTheCutThenFails(double keep, int seed)
    {
        using var b = new TempBundle();
        string text = Lines(0, 20_000, seed);
        byte[] whole = TempBundle.Gzip(text);
        string path = b.WriteBytes("messages-20220710.gz", whole[..(int)(whole.Length * keep)]);

        var (lines, error) = ReadAll(path);
        Assert.IsType<TruncatedGzipException>(error);
        Assert.Equal(ErrorIds.TruncatedGzip, LogFileOpener.ErrorIdFor(error!, path));
        Assert.Contains(path, LogFileOpener.Describe(error!, path, lines.Count));
        var expected = text.Split('\n');
        Assert.InRange(lines.Count, 1, expected.Length - 2);
        // Every line before the cut whole; the line the cut goes through as far as it got.
        Assert.Equal(expected[..(lines.Count - 1)], lines[..^1]);
        Assert.StartsWith(lines[^1], expected[lines.Count - 1]);
    }

    [Fact]
    public void GzipCutJustBeforeItsTrailerIsTruncated()
    {
        using var b = new TempBundle();
        string text = Lines(0, 300);
        byte[] whole = TempBundle.Gzip(text);
        string path = b.WriteBytes("x.gz", whole[..^8]);
        var (lines, error) = ReadAll(path);
        Assert.IsType<TruncatedGzipException>(error);
        Assert.Equal(text.TrimEnd('\n').Split('\n'), lines); // all data was there, only the trailer is missing
    }

    [Fact]
    public void TruncatedLastMemberOfMultiMemberGzipIsTruncated()
    {
        using var b = new TempBundle();
        byte[] whole = TempBundle.Gzip(Lines(0, 500, 1), Lines(500, 5000, 2));
        string path = b.WriteBytes("x.gz", whole[..^2000]);
        Assert.IsType<TruncatedGzipException>(ReadAll(path).Error);
    }

    [Fact]
    public void ZeroPaddedGzipIsComplete()
    {
        using var b = new TempBundle();
        string text = Lines(0, 100);
        string path = b.WriteBytes("x.gz", [.. TempBundle.Gzip(text), .. new byte[512]]);
        var (lines, error) = ReadAll(path);
        Assert.Null(error);
        Assert.Equal(100, lines.Count);
    }

    [Fact]
    public void CorruptGzipIsCorruptGzip()
    {
        using var b = new TempBundle();
        byte[] whole = TempBundle.Gzip(Lines(0, 100));
        whole[3] = 0xE0; // reserved flag bits set: not a valid header
        string path = b.WriteBytes("x.gz", whole);
        var (_, error) = ReadAll(path);
        Assert.NotNull(error);
        Assert.Equal(ErrorIds.CorruptGzip, LogFileOpener.ErrorIdFor(error!, path));
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        using var b = new TempBundle();
        var diagnostics = new CollectingDiagnostics();
        Assert.Null(LogFileOpener.TryOpen(b.PathOf("gone"), diagnostics));
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(ErrorIds.FileNotFound, error.ErrorId);
    }

    [Fact]
    public void DirectoryIsFileUnreadable()
    {
        // chmod 000 does not stop root, so an unreadable path is made with a directory.
        using var b = new TempBundle();
        Directory.CreateDirectory(b.PathOf("messages"));
        var diagnostics = new CollectingDiagnostics();
        Assert.Null(LogFileOpener.TryOpen(b.PathOf("messages"), diagnostics));
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(ErrorIds.FileUnreadable, error.ErrorId);
        Assert.Contains("directory", error.Message);
    }

    [Fact]
    public void LiveFileCanBeReadWhileAWriterHoldsIt()
    {
        using var b = new TempBundle();
        string path = b.Write("messages", Lines(0, 3));
        using var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        writer.Write(Encoding.UTF8.GetBytes(Lines(3, 1)));
        writer.Flush();
        Assert.Equal(4, ReadAll(path).Lines.Count);
    }

    [Fact]
    public void LengthAndMtimeAreTheFiles()
    {
        using var b = new TempBundle();
        var mtime = new DateTimeOffset(2022, 7, 20, 3, 0, 0, TimeSpan.Zero);
        string path = b.WriteGzip("x.gz", mtime, Lines(0, 10));
        using var o = LogFileOpener.Open(path);
        Assert.Equal(new FileInfo(path).Length, o.Length);
        Assert.Equal(mtime, o.LastWriteTime);
    }
}
