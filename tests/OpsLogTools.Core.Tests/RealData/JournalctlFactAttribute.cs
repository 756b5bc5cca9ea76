using Xunit;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// A fact that reads a real binary journal of <c>../shared/realdata</c> through <c>journalctl</c> (as an admin turns a
/// journal into text for the tool): skipped where realdata or journalctl is absent.
/// </summary>
public sealed class JournalctlFactAttribute : FactAttribute
{
    public JournalctlFactAttribute()
    {
        if (RealDataFolder.Path is null) Skip = "../shared/realdata is absent in this clone (see SOURCES.md there)";
        else if (Journalctl.Path is null) Skip = "journalctl is not on PATH (systemd's tools are needed to read a binary journal)";
    }
}

/// <summary>Where journalctl is, and running it with a timeout.</summary>
public static class Journalctl
{
    private static readonly Lazy<string?> Found = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, "journalctl")).FirstOrDefault(File.Exists));

    public static string? Path => Found.Value;

    /// <summary>Writes <c>journalctl -D <paramref name="directory"/> --no-pager --utc <paramref name="arguments"/></c> into <paramref name="output"/>.</summary>
    public static void Export(string directory, string output, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-D", directory, "--no-pager", "--utc", .. arguments]) start.ArgumentList.Add(a);
        start.Environment["TZ"] = "UTC";
        using var p = System.Diagnostics.Process.Start(start)!;
        using (var file = File.Create(output))
        {
            var copy = p.StandardOutput.BaseStream.CopyToAsync(file);
            _ = p.StandardError.ReadToEndAsync();
            if (!copy.Wait(TimeSpan.FromSeconds(120)) || !p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("journalctl did not finish in two minutes");
            }
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"journalctl exited with {p.ExitCode}");
    }
}
