using Xunit;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace OpsLogTools.Core.Tests.Sample;

/// <summary>
/// Test-only reading of a generated bundle: bytes, lines and a few fields, written from the formats'
/// documentation (rsyslog traditional, Apache combined/%z, CloudFront standard logs) and deliberately not
/// using the project's parsers, so the generator is checked independently of them.
/// </summary>
internal static class BundleText
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static byte[] Bytes(string dir, string relative)
    {
        string path = Path.Combine(dir, relative);
        if (!relative.EndsWith(".gz", StringComparison.Ordinal)) return File.ReadAllBytes(path);
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Lines split on '\n'; an unterminated tail is a line.</summary>
    public static List<string> Lines(string dir, string relative)
    {
        var bytes = Bytes(dir, relative);
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            lines.Add(Encoding.UTF8.GetString(bytes, start, i - start));
            start = i + 1;
        }
        if (start < bytes.Length) lines.Add(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
        return lines;
    }

    /// <summary>The 15-character rsyslog stamp an instant is written as, in a zone.</summary>
    public static string SyslogStamp(DateTimeOffset t)
    {
        var l = t.DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{Months[l.Month - 1]} {l.Day,2} {l:HH':'mm':'ss}");
    }

    /// <summary>Reads a syslog stamp as a wall-clock time, taking the year that puts it nearest <paramref name="near"/>.</summary>
    public static DateTime SyslogTime(string line, DateTime near)
    {
        int month = Array.IndexOf(Months, line[..3]) + 1;
        int day = int.Parse(line.AsSpan(4, 2).Trim(), CultureInfo.InvariantCulture);
        var time = TimeSpan.ParseExact(line.Substring(7, 8), @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return new[] { near.Year - 1, near.Year, near.Year + 1 }
            .Select(y => new DateTime(y, month, Math.Min(day, DateTime.DaysInMonth(y, month))) + time)
            .MinBy(d => Math.Abs((d - near).Ticks));
    }

    /// <summary>Host name, tag and message of a syslog line: <c>Jul 19 21:10:01 host tag: message</c>.</summary>
    public static (string Host, string Tag, string Message) SyslogParts(string line)
    {
        int hostEnd = line.IndexOf(' ', 16);
        int tagEnd = line.IndexOf(": ", hostEnd, StringComparison.Ordinal);
        return (line[16..hostEnd], line[(hostEnd + 1)..tagEnd], line[(tagEnd + 2)..]);
    }

    /// <summary>The PID in a tag such as <c>sshd[1234]</c>, or null.</summary>
    public static int? Pid(string tag)
    {
        int open = tag.LastIndexOf('[');
        return open < 0 || !tag.EndsWith(']') ? null : int.Parse(tag.AsSpan(open + 1, tag.Length - open - 2), CultureInfo.InvariantCulture);
    }

    /// <summary>Fields of an Apache combined line: client, instant (from %t with %z), status, and the last quoted field.</summary>
    public static (string Client, DateTimeOffset Time, int Status, string LastQuoted) Access(string line)
    {
        string client = line[..line.IndexOf(' ')];
        int open = line.IndexOf('[');
        var time = DateTimeOffset.ParseExact(line.Substring(open + 1, 26), "dd/MMM/yyyy:HH:mm:ss zzzz", CultureInfo.InvariantCulture);
        int requestEnd = line.IndexOf("\" ", line.IndexOf('"'), StringComparison.Ordinal);
        int status = int.Parse(line.AsSpan(requestEnd + 2, 3), CultureInfo.InvariantCulture);
        int lastClose = line.LastIndexOf('"');
        int lastOpen = line.LastIndexOf('"', lastClose - 1);
        return (client, time, status, line[(lastOpen + 1)..lastClose]);
    }

    /// <summary>Every CloudFront record of the bundle as a field map.</summary>
    public static List<Dictionary<string, string>> CloudFront(string dir)
    {
        var records = new List<Dictionary<string, string>>();
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "cloudfront"), "*.gz").Order(StringComparer.Ordinal))
        {
            string[]? fields = null;
            foreach (var line in Lines(dir, Path.GetRelativePath(dir, file)))
            {
                if (line.StartsWith("#Fields: ", StringComparison.Ordinal)) fields = line[9..].Split(' ');
                if (line.StartsWith('#')) continue;
                var values = line.Split('\t');
                Assert.NotNull(fields);
                Assert.Equal(fields!.Length, values.Length);
                records.Add(fields.Zip(values).ToDictionary(p => p.First, p => p.Second));
            }
        }
        return records;
    }

    public static DateTimeOffset CloudFrontTime(Dictionary<string, string> r) =>
        DateTimeOffset.ParseExact(r["date"] + " " + r["time"] + " +00:00", "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>All bundle files (relative, '/' separators) except the truth.</summary>
    public static IEnumerable<string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != "ground-truth.json")
            .Order(StringComparer.Ordinal);
}
