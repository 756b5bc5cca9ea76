using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// A directory named directly that yields no recognised log is a warning naming it (issue 17: a Debian /var/log read as
/// nothing at all, said only under -Verbose). Fixtures: a crontab line and an rsyslog line written here.
/// </summary>
public sealed class DirectoryWithoutLogsTests
{
    private static CollectingDiagnostics Scan(params string[] paths)
    {
        var diagnostics = new CollectingDiagnostics();
        new BundleScanner(FormatRegistry.All).Scan(paths, null, null, diagnostics);
        return diagnostics;
    }

    [Fact]
    public void A_directory_of_files_that_are_not_logs_is_a_warning_naming_it_and_counting_them()
    {
        using var b = new TempBundle();
        b.Write("etc/crontab", "0 3 * * * root /usr/bin/apt-get -y upgrade\n");
        b.Write("notes.txt", "nothing here is a log\nnor here\n");
        var d = Scan(b.Root);
        var warning = Assert.Single(d.Warnings);
        Assert.Equal(b.Root, warning.Path);
        Assert.Contains("no recognised log in this directory", warning.Message);
        Assert.Contains("2 of its 2 file(s) were passed over", warning.Message);
    }

    [Fact]
    public void An_empty_directory_is_a_warning_too()
    {
        using var b = new TempBundle();
        Directory.CreateDirectory(Path.Combine(b.Root, "empty"));
        var warning = Assert.Single(Scan(Path.Combine(b.Root, "empty")).Warnings);
        Assert.Contains("it holds no regular file", warning.Message);
    }

    [Fact]
    public void Only_the_directory_without_logs_is_named_when_another_holds_one()
    {
        using var b = new TempBundle();
        b.Write("web/messages", "Jul 19 21:10:03 web1 systemd[1]: Started Session 12 of user ec2-user.\n");
        b.Write("conf/crontab", "0 3 * * * root yum -y update\n");
        var d = Scan(Path.Combine(b.Root, "web"), Path.Combine(b.Root, "conf"));
        Assert.Equal([Path.Combine(b.Root, "conf")], d.Warnings.Select(w => w.Path));
        Assert.Empty(Scan(b.Root).Warnings);
    }

    [Fact]
    public void A_debian_var_log_is_read_and_no_warning_is_written()
    {
        // The files the issue names as "not a recognised log" before: dpkg.log, apt/history.log, alternatives.log.
        using var b = new TempBundle();
        b.Write("dpkg.log", "2024-01-10 06:25:30 upgrade tzdata:all 2023c-5+deb12u1 2024a-0+deb12u1\n");
        b.Write("apt/history.log", "\nStart-Date: 2024-01-10  06:25:14\nCommandline: /usr/bin/unattended-upgrade\nUpgrade: tzdata:all (2023c-5+deb12u1, 2024a-0+deb12u1)\nEnd-Date: 2024-01-10  06:25:40\n");
        b.Write("alternatives.log", "update-alternatives 2024-01-10 06:25:31: run with --install /usr/bin/editor editor /usr/bin/vim.basic 30\n");
        var diagnostics = new CollectingDiagnostics();
        var files = new BundleScanner(FormatRegistry.All).Scan([b.Root], null, null, diagnostics);
        Assert.Empty(diagnostics.Warnings);
        Assert.Equal(["Alternatives", "AptHistory", "Dpkg"], files.Select(f => f.Format.Format.ToString()).Order());
    }
}
