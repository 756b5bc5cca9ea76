using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using OpsLogTools.Core.Tests.RealData;
using Xunit;

namespace OpsLogTools.Core.Tests.Formats.Packages;

/// <summary>
/// plaso's dpkg.log and apt_history.log (../shared/realdata/plaso/test_data, SOURCES.md) read as plaso's own tests
/// expect (tests/parsers/text_plugins/dpkg.py and apt_history.py at the commit SOURCES.md names): the same number of
/// events, no warnings, and the values plaso asserts for the events it checks. plaso reads both files' stamps as
/// local time; with the zone given as UTC its "2009-02-25T11:45:23" is 11:45:23 UTC here.
/// </summary>
public sealed class PlasoPackageLogConformanceTests
{
    private static (List<LogEntry> Entries, CollectingDiagnostics Diagnostics) Read(string name)
    {
        string file = RealDataFolder.Combine("plaso", "test_data", name);
        var diagnostics = new CollectingDiagnostics();
        var options = new LogReadOptions { TimeZone = TimeZoneInfo.Utc };
        var entries = new LogReader(FormatRegistry.All).Read([file], options, diagnostics).ToList();
        return (entries, diagnostics);
    }

    /// <summary>
    /// The string plaso's test asserts for <paramref name="key"/> in its <c>expected_event_values</c>: a Python literal
    /// written as one string or as adjacent strings in parentheses, joined as Python joins them.
    /// </summary>
    private static string PlasoExpected(string testFile, string key)
    {
        string text = File.ReadAllText(RealDataFolder.Combine("plaso", "tests", "parsers", "text_plugins", testFile));
        int at = text.IndexOf($"\"{key}\":", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{testFile} asserts no {key}");
        int i = at + key.Length + 3;
        var value = new System.Text.StringBuilder();
        while (i < text.Length && text[i] is ' ' or '\n' or '(') i++;
        while (i < text.Length && text[i] == '"')
        {
            int end = text.IndexOf('"', i + 1);
            value.Append(text, i + 1, end - i - 1);
            i = end + 1;
            while (i < text.Length && text[i] is ' ' or '\n') i++;
        }
        return value.ToString();
    }

    [RealDataFact]
    public void Dpkg_log_reads_as_plaso_expects()
    {
        var (entries, diagnostics) = Read("dpkg.log");
        // dpkg.py: 4 events, 0 extraction and 0 recovery warnings.
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal(LogFormat.Dpkg, e.Format));
        Assert.Empty(diagnostics.Warnings);
        // dpkg.py, event 0: added_time 2009-02-25T11:45:23, message_body "conffile /etc/X11/Xsession keep".
        Assert.Equal(new DateTimeOffset(2009, 2, 25, 11, 45, 23, TimeSpan.Zero), entries[0].Timestamp);
        Assert.Equal("conffile /etc/X11/Xsession keep", entries[0].Message);
        Assert.Equal(PlasoExpected("dpkg.py", "message_body"), entries[0].Message);
        // The other three lines as the file writes them (plaso asserts only event 0): the install is a package change.
        Assert.Equal(["startup archives install", "install base-passwd:amd64 <none> 3.5.33", "status half-installed base-passwd:amd64 3.5.33"],
            entries.Skip(1).Select(e => e.Message));
        Assert.True(DebPackage.TryParseDpkgAction(entries[2].Message, out var change));
        Assert.Equal(("base-passwd", "amd64", PackageAction.Installed, "3.5.33", ""), (change.Name, change.Arch, change.Action, change.Version, change.FromVersion));
    }

    [RealDataFact]
    public void Apt_history_log_reads_as_plaso_expects()
    {
        var (entries, diagnostics) = Read("apt_history.log");
        // apt_history.py: 10 events, 0 extraction and 0 recovery warnings.
        Assert.Equal(10, entries.Count);
        Assert.Empty(diagnostics.Warnings);
        var records = entries.Cast<AptHistoryEntry>().ToList();
        Assert.All(records, r => Assert.NotNull(r.End));

        // apt_history.py, event 2: start 2019-07-11T12:20:55, end 2019-07-11T12:21:28, the command line, command
        // "Install" and its package list.
        var third = records[2];
        Assert.Equal(new DateTimeOffset(2019, 7, 11, 12, 20, 55, TimeSpan.Zero), third.Timestamp);
        Assert.Equal(new DateTimeOffset(2019, 7, 11, 12, 21, 28, TimeSpan.Zero), third.End);
        Assert.Equal("apt-get -y install python-pip python3-pip python-dev python3-dev git tmux screen joe", third.CommandLine);
        Assert.StartsWith("Install: libmpc3:amd64 (1.0.3-1+b2, automatic), manpages:amd64 (4.10-2, automatic), ", third.Message);
        // The whole package string, as plaso's test file spells it (read from that file, not copied here).
        Assert.Equal("Install: " + PlasoExpected("apt_history.py", "packages"), third.Message);
        Assert.Equal(PlasoExpected("apt_history.py", "command_line"), third.CommandLine);
        Assert.Equal(113, third.Packages.Count); // 113 items in the list plaso spells out (112 "), " between them)
        Assert.All(third.Packages, p => Assert.Equal(PackageAction.Installed, p.Action));
        var git = Assert.Single(third.Packages, p => p.Name == "git");
        Assert.Equal((1, "2.11.0", "3+deb9u4", "amd64", false), (git.Epoch, git.Version, git.Release, git.Arch, git.IsDependency));
        Assert.True(Assert.Single(third.Packages, p => p.Name == "libmpc3").IsDependency);

        // The rest of what plaso's event data holds, read from the file: requester, error, upgrades with both versions.
        var first = records[0];
        Assert.Equal("apt-get upgrade --no-install-recommends --assume-yes", first.CommandLine);
        Assert.Equal(8, first.Packages.Count);
        var ssl = Assert.Single(first.Packages, p => p.Name == "libssl1.1");
        Assert.Equal((PackageAction.Updated, "1.1.0j-1~deb9u1", "1.1.0k", "1~deb9u1"), (ssl.Action, ssl.FromVersion, ssl.Version, ssl.Release));
        Assert.Equal("Sub-process /usr/bin/dpkg returned an error code (1)", records[4].Error);
        Assert.Equal(("jxs (1005)", "jxs"), (records[5].RequestedBy, records[5].User));
        Assert.Null(records[0].RequestedBy);
        Assert.Equal(["volatility", "forensics-all"], records[6].Packages.Select(p => p.Name));
        Assert.All(records[6].Packages, p => Assert.Equal(PackageAction.Erased, p.Action));
        Assert.Equal("Purge", Assert.Single(records[7].Packages).Verb);
        // Each record is numbered by its Start-Date line and ends at its End-Date line (the file starts with a blank line).
        Assert.Equal((2L, 5L), (first.LineNumber, first.EndLine));
    }
}
