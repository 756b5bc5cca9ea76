using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using Xunit;
using static OpsLogTools.Core.Tests.Formats.FormatTestKit;

namespace OpsLogTools.Core.Tests.Formats.Packages;

/// <summary>
/// The dnf side of issue 17: hawkey.log and dnf-automatic's output are read by the formats that exist (DnfFormat, the
/// syslog family). Lines in the shapes AL2023's dnf 4.14 / libdnf 0.69 write them (libdnf's log handler:
/// <c>%Y-%m-%dT%H:%M:%S%z LEVEL message</c>; dnf-automatic's <c>emit_via = stdio</c> lands in the journal under its name).
/// </summary>
public sealed class DnfFamilyCoverageTests
{
    private static LogFormat Detect(string text)
    {
        using var stream = new MemoryStream(Bytes(text));
        var chosen = new OpsLogTools.Core.Bundles.BundleScanner(FormatRegistry.All).Detect(stream, null, out string reason);
        return chosen?.Format ?? LogFormat.Unknown;
    }

    [Fact]
    public void Hawkey_log_reads_as_dnf()
    {
        const string hawkey = """
            2024-03-15T03:00:05+0000 INFO === Started libdnf-0.69.0 ===
            2024-03-15T03:00:06+0000 DEBUG fetching rpmdb
            2024-03-15T03:00:09+0000 DEBUG 412 packages in rpmdb
            """;
        Assert.Equal(LogFormat.Dnf, Detect(hawkey));
        var e = ParseOne(new DnfFormat(), "2024-03-15T03:00:05+0000 INFO === Started libdnf-0.69.0 ===");
        Assert.Equal((new DateTimeOffset(2024, 3, 15, 3, 0, 5, TimeSpan.Zero), "INFO", "=== Started libdnf-0.69.0 ==="), (e.Timestamp, e.Level, e.Message));
    }

    [Fact]
    public void Dnf_automatic_output_in_the_journal_reads_under_its_own_name()
    {
        const string journal = """
            2024-03-15T06:12:01+0000 ip-10-0-1-5 systemd[1]: Starting dnf-automatic.service - dnf automatic...
            2024-03-15T06:12:09+0000 ip-10-0-1-5 dnf-automatic[20112]: The following updates have been applied on 'ip-10-0-1-5':
            2024-03-15T06:12:09+0000 ip-10-0-1-5 dnf-automatic[20112]: Upgraded:
            """;
        Assert.Equal(LogFormat.JournalShortIso, Detect(journal));
        var e = ParseOne(new JournalShortIsoFormat(), "2024-03-15T06:12:09+0000 ip-10-0-1-5 dnf-automatic[20112]: The following updates have been applied on 'ip-10-0-1-5':");
        Assert.Equal(("dnf-automatic", 20112), (e.Program, e.ProcessId));
    }

    [Fact]
    public void Dnf_rpm_log_still_reads_as_dnf_rpm_beside_the_debian_formats()
    {
        const string rpm = """
            2024-03-15T06:12:05+0000 SUBDEBUG Upgrade: tzdata-2024a-1.amzn2023.0.1.noarch
            2024-03-15T06:12:06+0000 SUBDEBUG Upgraded: tzdata-2023c-1.amzn2023.0.1.noarch
            """;
        Assert.Equal(LogFormat.DnfRpm, Detect(rpm));
    }
}
