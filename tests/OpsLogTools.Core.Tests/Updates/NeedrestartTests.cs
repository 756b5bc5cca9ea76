using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Updates;

/// <summary>
/// needrestart's lines after an apt run are the run's restarts. needrestart 3.6 runs as apt's DPkg::Post-Invoke hook and
/// prints to apt's terminal, so its report lands in apt/term.log (hand-written here in the shape apt 2.6 and needrestart
/// 3.6 write on Debian 12: "Restarting services..." then " systemctl restart UNITS", "Service restarts being deferred:").
/// </summary>
public sealed class NeedrestartTests
{
    private const string History = """

        Start-Date: 2024-06-12  06:31:05
        Commandline: /usr/bin/unattended-upgrade
        Upgrade: apache2:amd64 (2.4.59-1~deb12u1, 2.4.61-1~deb12u1), apache2-bin:amd64 (2.4.59-1~deb12u1, 2.4.61-1~deb12u1)
        End-Date: 2024-06-12  06:31:40

        """;

    private static string Term(string restarted, string deferred) => $"""

        Log started: 2024-06-12  06:31:05
        (Reading database ... 33012 files and directories currently installed.)
        Preparing to unpack .../apache2_2.4.61-1~deb12u1_amd64.deb ...
        Unpacking apache2 (2.4.61-1~deb12u1) over (2.4.59-1~deb12u1) ...
        Setting up apache2 (2.4.61-1~deb12u1) ...
        Scanning processes...
        Scanning linux images...

        Running kernel seems to be up-to-date.

        Restarting services...
         systemctl restart {restarted}

        Service restarts being deferred:
         systemctl restart {deferred}

        No containers need to be restarted.
        Log ended: 2024-06-12  06:31:40

        """;

    private static UpdateWindowResult Run(string zoneId, string restarted, string deferred)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        using var b = new TempBundle();
        b.Write("apt/history.log", History);
        b.Write("apt/term.log", Term(restarted, deferred));
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read([b.Root], new LogReadOptions { TimeZone = zone }, diagnostics).ToList();
        Assert.Empty(diagnostics.Errors);
        // needrestart's report does not keep term.log from being read as apt's.
        Assert.Contains(entries, e => e.Format == LogFormat.AptTerm);
        var history = new UpdateRunDetector().Detect(entries, [], zone, []);
        Assert.Contains(history.ServiceEvents, e => e.CarriedStamp);
        return Assert.Single(new UpdateWindowEvaluator(history).Evaluate(UpdateWindowQuery.Everything()));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    public void A_daemon_needrestart_restarted_is_restarted_by_the_update_at_its_end(string zoneId)
    {
        var result = Run(zoneId, "apache2.service cron.service", "unattended-upgrades.service");
        var httpd = Assert.Single(result.Restarts, r => r.Daemon == "httpd");
        Assert.True(httpd.ByTheUpdate);
        Assert.Equal(result.UpdateEnd, httpd.RestartedAt);
        Assert.Contains("needrestart", httpd.Text, StringComparison.Ordinal);
        Assert.Contains("term.log:13", httpd.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deferred_restart_is_no_restart()
    {
        var result = Run("UTC", "cron.service", "apache2.service unattended-upgrades.service");
        var httpd = Assert.Single(result.Restarts, r => r.Daemon == "httpd");
        Assert.Null(httpd.RestartedAt);
        Assert.False(httpd.ByTheUpdate);
        Assert.Contains("kept running the old files", httpd.Text, StringComparison.Ordinal);
    }
}
