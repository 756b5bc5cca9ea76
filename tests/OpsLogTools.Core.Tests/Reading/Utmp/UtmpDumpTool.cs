using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Utmp;

/// <summary>
/// util-linux's <c>utmpdump</c> as the oracle (Debian package util-linux; <c>.ci/run</c> installs it when missing):
/// <c>utmpdump -r</c> writes binary records from its text form, <c>utmpdump FILE</c> prints them back.
/// </summary>
public static class UtmpDumpTool
{
    private static readonly Lazy<string?> Found = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "utmpdump")).FirstOrDefault(File.Exists));

    /// <summary>Why the tool cannot be used here, or null.</summary>
    public static string? Missing => !OperatingSystem.IsLinux() ? "needs Linux (util-linux utmpdump)"
        : Found.Value is null ? "utmpdump is not on PATH (Debian package util-linux; .ci/run installs it)" : null;

    /// <summary>One record as utmpdump prints it: strings trimmed of utmpdump's padding, except <c>Id</c>, printed
    /// <c>%-4.4s</c> (utmpdump -r stores the id's padding spaces, so they are data).</summary>
    public sealed record Line(int Type, int Pid, string Id, string User, string Terminal, string Host, string Address, DateTimeOffset Time);

    /// <summary>One record in utmpdump's text form (what <c>utmpdump -r</c> reads).</summary>
    public static string Format(Line r) => string.Create(CultureInfo.InvariantCulture,
        $"[{r.Type}] [{r.Pid:D5}] [{r.Id,-4}] [{r.User,-8}] [{r.Terminal,-12}] [{r.Host,-20}] [{r.Address,-15}] [{r.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss','ffffff}+00:00]");

    /// <summary><c>utmpdump -r &lt; text &gt; binary</c>.</summary>
    public static void Undump(string text, string binary)
    {
        using var output = File.Create(binary);
        Run(["-r"], text, output);
    }

    /// <summary><c>utmpdump FILE</c>, parsed (TZ=UTC).</summary>
    public static List<Line> Dump(string binary)
    {
        var ms = new MemoryStream();
        Run([binary], null, ms);
        var text = System.Text.Encoding.UTF8.GetString(ms.ToArray());
        var result = new List<Line>();
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = Regex.Matches(raw, @"\[([^\]]*)\]", RegexOptions.NonBacktracking).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(8, fields.Count);
            var time = DateTimeOffset.ParseExact(fields[7].Replace(',', '.'), "yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
            result.Add(new Line(int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture),
                fields[2], fields[3].TrimEnd(), fields[4].TrimEnd(), fields[5].TrimEnd(), fields[6].TrimEnd(), time));
        }
        return result;
    }

    private static void Run(IEnumerable<string> args, string? stdin, Stream stdout)
    {
        var start = new ProcessStartInfo(Found.Value!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["TZ"] = "UTC";
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        p.StandardOutput.BaseStream.CopyTo(stdout);
        Assert.True(p.WaitForExit(60_000), "utmpdump did not finish in a minute");
        if (p.ExitCode != 0) throw new InvalidOperationException($"utmpdump exited with {p.ExitCode}: {err.Result}");
    }
}

/// <summary>A fact that needs utmpdump: skipped with the reason where it is absent.</summary>
public sealed class UtmpDumpFactAttribute : FactAttribute
{
    public UtmpDumpFactAttribute()
    {
        if (UtmpDumpTool.Missing is { } why) Skip = why;
    }
}

/// <summary>A theory that needs utmpdump: skipped with the reason where it is absent.</summary>
public sealed class UtmpDumpTheoryAttribute : TheoryAttribute
{
    public UtmpDumpTheoryAttribute()
    {
        if (UtmpDumpTool.Missing is { } why) Skip = why;
    }
}
