using Xunit;

namespace OpsLogTools.Core.Tests.Updates.Timers;

/// <summary>A theory that needs <c>systemd-analyze</c> (Debian's <c>systemd</c> package, 252 here): skipped, with the reason, where it is absent.</summary>
public sealed class SystemdAnalyzeTheoryAttribute : TheoryAttribute
{
    public SystemdAnalyzeTheoryAttribute()
    {
        if (SystemdAnalyze.Path is null) Skip = "systemd-analyze is not installed (apt-get install systemd): the calendar oracle is missing";
    }
}

/// <summary>Finds and runs <c>systemd-analyze calendar</c>.</summary>
internal static class SystemdAnalyze
{
    public static string? Path { get; } = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);

    /// <summary>True when systemd-analyze refuses the expression (exit status not 0).</summary>
    public static bool Refuses(string expression)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("calendar");
        psi.ArgumentList.Add(expression);
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode != 0;
    }

    /// <summary>The next <paramref name="iterations"/> elapses of <paramref name="expression"/> after <paramref name="baseTime"/>, with the host zone <paramref name="zone"/>.</summary>
    public static List<DateTimeOffset> Calendar(string expression, DateTimeOffset baseTime, string zone, int iterations)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("calendar");
        psi.ArgumentList.Add("--base-time=" + baseTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC");
        psi.ArgumentList.Add("--iterations=" + iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(expression);
        psi.Environment["TZ"] = zone;
        psi.Environment["SYSTEMD_COLORS"] = "0";
        using var p = System.Diagnostics.Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"systemd-analyze calendar '{expression}': {error}");
        // "(in UTC): Mon 2024-04-01 00:30:00 UTC" follows each elapse when TZ is not UTC; with TZ=UTC the elapse line is UTC itself.
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        var utc = lines.Where(l => l.StartsWith("(in UTC):", StringComparison.Ordinal)).ToList();
        if (utc.Count == 0) utc = lines.Where(l => l.StartsWith("Next elapse:", StringComparison.Ordinal) || l.StartsWith("Iter. #", StringComparison.Ordinal)).ToList();
        return utc.Select(l =>
        {
            var words = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // ... Dow yyyy-MM-dd HH:mm:ss UTC
            string stamp = words[^3] + " " + words[^2];
            Assert.Equal("UTC", words[^1]);
            return new DateTimeOffset(DateTime.ParseExact(stamp, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        }).ToList();
    }
}
