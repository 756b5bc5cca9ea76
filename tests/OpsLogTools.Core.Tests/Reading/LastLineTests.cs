using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// The last line without a line feed (issue 12, item 4: the half-written last line of a live file became an entry or a
/// warning). Loggers end every line, so such a line is a line still being written, or a copy's last line that lost its
/// line feed: it is kept when it parses and left out, with a verbose line and no warning, when it does not.
/// Fixtures: ISO-stamped lines written here, the last one cut.
/// </summary>
public class LastLineTests
{
    private const string Whole = "2022-07-19T21:10:03+09:00 first\n2022-07-19T21:10:04+09:00 second\n";

    private static (List<Model.LogEntry> Entries, CollectingDiagnostics Diagnostics, FileReadReport Report) Read(string path)
    {
        var diagnostics = new CollectingDiagnostics();
        var reader = new LogReader(TestFormats.All);
        var entries = reader.Read([path], new LogReadOptions(), diagnostics).ToList();
        return (entries, diagnostics, Assert.Single(reader.Reports));
    }

    [Fact]
    public void HalfWrittenLastLineIsLeftOutWithoutAWarning()
    {
        using var b = new TempBundle();
        string path = b.Write("messages", Whole + "2022-07-19T21:1"); // the writer stopped inside the stamp

        var (entries, diagnostics, report) = Read(path);

        Assert.Equal(["first", "second"], entries.Select(e => e.Message));
        Assert.Empty(diagnostics.Warnings);
        Assert.Empty(report.Damage);
        Assert.Equal((3L, 0L, 1L), (report.Lines, report.Malformed, report.Ignored));
        Assert.Contains(diagnostics.VerboseLines, v => v == $"{path}:3: the last line has no line feed and does not parse (a line still being written?); it is left out");
    }

    [Fact]
    public void LastLineWithoutLineFeedThatParsesIsKept()
    {
        using var b = new TempBundle();
        string path = b.Write("messages", Whole + "2022-07-19T21:10:05+09:00 third, no line feed");

        var (entries, diagnostics, _) = Read(path);

        Assert.Equal(["first", "second", "third, no line feed"], entries.Select(e => e.Message));
        Assert.Empty(diagnostics.Warnings);
        Assert.Contains(diagnostics.VerboseLines, v => v.StartsWith($"{path}:3: the last line has no line feed; it parses, so it is kept", StringComparison.Ordinal));
    }

    [Fact]
    public void AMalformedLineThatEndsInALineFeedIsStillWarnedAbout()
    {
        using var b = new TempBundle();
        string path = b.Write("messages", Whole + "not a line of this format\n" + Whole);
        var (entries, diagnostics, report) = Read(path);
        Assert.Equal(4, entries.Count);
        Assert.Single(diagnostics.Warnings);
        Assert.Equal(1, report.Malformed);
    }
}
