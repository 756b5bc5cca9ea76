using System.Diagnostics;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// systemd's own tools as the oracle: <c>systemd-journal-remote</c> (Debian package <c>systemd-journal-remote</c>,
/// installed by <c>.ci/run</c> when missing) writes real journal files from an export stream, and
/// <c>journalctl --file=F -o export</c> reads them back.
/// </summary>
public static class SystemdJournalTools
{
    public const string RemotePath = "/lib/systemd/systemd-journal-remote";

    private static readonly Lazy<string?> JournalctlFound = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "journalctl")).FirstOrDefault(File.Exists));

    public static string? Journalctl => JournalctlFound.Value;

    /// <summary>Why the tools cannot be used here, or null when they can.</summary>
    public static string? Missing =>
        !OperatingSystem.IsLinux() ? "needs Linux (systemd's journal tools)"
        : !File.Exists(RemotePath) ? "systemd-journal-remote is not installed (Debian package systemd-journal-remote; .ci/run installs it)"
        : Journalctl is null ? "journalctl is not on PATH"
        : null;

    /// <summary>The ways systemd 252 writes a journal file (checked with <c>journalctl --header</c>).</summary>
    public enum Variant
    {
        /// <summary>zstd, keyed hash, compact.</summary>
        Default,
        /// <summary>No compression (<c>--compress=no</c>).</summary>
        Uncompressed,
        /// <summary>64-bit offsets (<c>SYSTEMD_JOURNAL_COMPACT=0</c>).</summary>
        NotCompact,
        /// <summary>Jenkins hash (<c>SYSTEMD_JOURNAL_KEYED_HASH=0</c>).</summary>
        NotKeyed,
        /// <summary>Neither compressed nor compact nor keyed: the oldest layout systemd 252 still writes.</summary>
        Plain,
    }

    /// <summary>Lets systemd write <paramref name="journal"/> (must end in .journal and not exist) from an export stream.</summary>
    public static void Write(string export, string journal, Variant variant)
    {
        var args = new List<string> { "--output=" + journal };
        if (variant is Variant.Uncompressed or Variant.Plain) args.Add("--compress=no");
        args.Add(export);
        var env = new Dictionary<string, string>();
        if (variant is Variant.NotCompact or Variant.Plain) env["SYSTEMD_JOURNAL_COMPACT"] = "0";
        if (variant is Variant.NotKeyed or Variant.Plain) env["SYSTEMD_JOURNAL_KEYED_HASH"] = "0";
        Run(RemotePath, args, env, null);
        Assert.True(File.Exists(journal), "systemd-journal-remote wrote no file");
    }

    /// <summary><c>journalctl --file=F -o export</c> (or another output) into a file; its path. <c>--all</c>: json
    /// otherwise writes null for a value over 4 KiB.</summary>
    public static string Export(string journalOrDirectory, string output, string mode = "export", bool directory = false)
    {
        Run(Journalctl!, [directory ? "-D" : "--file=" + journalOrDirectory, .. directory ? [journalOrDirectory] : Array.Empty<string>(), "--no-pager", "--all", "-o", mode],
            new() { ["TZ"] = "UTC" }, output);
        return output;
    }

    /// <summary><c>journalctl --file=F --header</c> as text.</summary>
    public static string Header(string journal)
    {
        string output = journal + ".header.txt";
        Run(Journalctl!, ["--file=" + journal, "--header", "--no-pager"], new() { ["TZ"] = "UTC" }, output);
        return File.ReadAllText(output);
    }

    /// <summary><c>journalctl --file=F --verify</c>: what it prints, stdout and stderr (it exits non-zero on damage,
    /// which is the answer here, not a failure).</summary>
    public static string Verify(string journal)
    {
        var start = new ProcessStartInfo(Journalctl!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--file=" + journal);
        start.ArgumentList.Add("--verify");
        start.Environment["TZ"] = "UTC";
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("journalctl --verify did not finish in two minutes");
        }
        return output + err.Result;
    }

    private static void Run(string program, IEnumerable<string> args, Dictionary<string, string> env, string? stdout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        using (var file = stdout is null ? Stream.Null : File.Create(stdout))
        {
            var copy = p.StandardOutput.BaseStream.CopyToAsync(file);
            if (!copy.Wait(TimeSpan.FromSeconds(120)) || !p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not finish in two minutes");
            }
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} exited with {p.ExitCode}: {err.Result}");
    }
}

/// <summary>A fact that needs systemd-journal-remote and journalctl: skipped with the reason where they are absent.</summary>
public sealed class SystemdJournalFactAttribute : FactAttribute
{
    public SystemdJournalFactAttribute()
    {
        if (SystemdJournalTools.Missing is { } why) Skip = why;
    }
}

/// <summary>A theory that needs systemd-journal-remote and journalctl: skipped with the reason where they are absent.</summary>
public sealed class SystemdJournalTheoryAttribute : TheoryAttribute
{
    public SystemdJournalTheoryAttribute()
    {
        if (SystemdJournalTools.Missing is { } why) Skip = why;
    }
}
