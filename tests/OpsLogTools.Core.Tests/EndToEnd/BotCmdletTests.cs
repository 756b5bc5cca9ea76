using System.Management.Automation;
using System.Management.Automation.Runspaces;
using OpsLogTools.Commands;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>Find-BotRequest as a user runs it on files (the fast path) and on piped entries (the detector fed entry by entry).</summary>
public sealed class BotCmdletTests(BotBundles bundles) : IClassFixture<BotBundles>
{
    private static PowerShell Shell()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("Find-BotRequest", typeof(FindBotRequestCommand), null));
        iss.Commands.Add(new SessionStateCmdletEntry("Get-LogEntry", typeof(GetLogEntryCommand), null));
        return PowerShell.Create(iss);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Files_and_piped_entries_give_the_same_findings(int index)
    {
        var bundle = bundles[index];
        using var files = Shell();
        var fromFiles = files.AddCommand("Find-BotRequest").AddParameter("LiteralPath", bundle.Directory).Invoke().Select(o => (BotActivity)o.BaseObject).ToList();
        Assert.False(files.HadErrors, string.Join("; ", files.Streams.Error));

        using var piped = Shell();
        var fromEntries = piped.AddCommand("Get-LogEntry").AddParameter("LiteralPath", bundle.Directory).AddCommand("Find-BotRequest")
            .Invoke().Select(o => (BotActivity)o.BaseObject).ToList();

        Assert.Equal(bundle.Full.Report.Activities.Select(a => (a.ClientIp, a.Kind, a.Intent, a.Requests)), fromFiles.Select(a => (a.ClientIp, a.Kind, a.Intent, a.Requests)));
        Assert.Equal(fromEntries.Select(a => (a.ClientIp, a.Kind, a.Requests, a.FirstSeen, a.LastSeen)), fromFiles.Select(a => (a.ClientIp, a.Kind, a.Requests, a.FirstSeen, a.LastSeen)));
        foreach (var bot in bundle.Truth.Bots) Assert.Contains(fromFiles, a => a.ClientIp == bot.Address && a.Requests == bot.Requests);
    }

    [Fact]
    public void An_origin_log_alone_warns_on_the_warning_stream()
    {
        var bundle = bundles[0];
        using var ps = Shell();
        var found = ps.AddCommand("Find-BotRequest").AddParameter("LiteralPath", bundle.OriginFiles).Invoke().Select(o => (BotActivity)o.BaseObject).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, a => Assert.True(a.IsCdnEdge));
        Assert.Contains(ps.Streams.Warning, w => w.Message.Contains("no CloudFront log was given", StringComparison.Ordinal));
    }
}
