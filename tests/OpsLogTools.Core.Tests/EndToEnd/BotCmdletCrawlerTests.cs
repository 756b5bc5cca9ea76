using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using OpsLogTools.Commands;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Tests.Bots;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Find-BotRequest on a project site's day (<see cref="ProjectSiteDay"/>, written as an Apache combined log): crawlers
/// with one or two requests are left out by default and counted in a verbose line, -IncludeBenign lists them (also
/// with -AsRequest), -ExcludeBenign leaves out every crawler, and the two switches together are refused.
/// </summary>
public sealed class BotCmdletCrawlerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-botcrawlers-" + Guid.NewGuid().ToString("N"));
    private readonly ProjectSiteDay _day = new(42);
    private readonly string _log;

    public BotCmdletCrawlerTests()
    {
        Directory.CreateDirectory(_root);
        _log = Path.Combine(_root, "access_log");
        File.WriteAllText(_log, _day.CombinedLog(), new UTF8Encoding(false));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static PowerShell Shell()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("Find-BotRequest", typeof(FindBotRequestCommand), null));
        return PowerShell.Create(iss);
    }

    private (List<object> Output, PowerShell Shell) Run(params string[] switches)
    {
        var ps = Shell();
        ps.AddCommand("Find-BotRequest").AddParameter("LiteralPath", _log).AddParameter("Verbose");
        foreach (var s in switches) ps.AddParameter(s);
        return (ps.Invoke().Select(o => o.BaseObject).ToList(), ps);
    }

    [Fact]
    public void Small_crawlers_are_left_out_by_default_and_said_so()
    {
        var (output, ps) = Run();
        using (ps)
        {
            var bots = output.Cast<BotActivity>().ToList();
            Assert.Equal(new[] { _day.Prober, _day.Scanner, _day.BusyGooglebot }.Order(StringComparer.Ordinal), bots.Select(b => b.ClientIp).Order(StringComparer.Ordinal));
            Assert.Contains(ps.Streams.Verbose, v => v.Message == $"{_day.SmallCrawlers.Count} known crawler(s) with fewer than 3 requests left out; -IncludeBenign lists them.");
        }
    }

    [Fact]
    public void IncludeBenign_lists_every_crawler_and_ExcludeBenign_none()
    {
        var (all, a) = Run("IncludeBenign");
        using (a)
        {
            var crawlers = all.Cast<BotActivity>().Where(b => b.Intent == BotIntent.Benign).Select(b => (b.ClientIp, b.Requests)).Order().ToList();
            Assert.Equal(_day.Crawlers.Select(c => (c, _day.Truth[c])).Order().ToList(), crawlers);
            Assert.DoesNotContain(a.Streams.Verbose, v => v.Message.Contains("left out", StringComparison.Ordinal));
        }
        var (none, e) = Run("ExcludeBenign");
        using (e) Assert.Equal(new[] { _day.Prober, _day.Scanner }.Order(StringComparer.Ordinal), none.Cast<BotActivity>().Select(b => b.ClientIp).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AsRequest_with_IncludeBenign_yields_the_small_crawlers_requests_too()
    {
        var (requests, ps) = Run("AsRequest", "IncludeBenign");
        using (ps)
        {
            var byClient = requests.Cast<AccessLogEntry>().GroupBy(r => r.ClientIp).ToDictionary(g => g.Key, g => (long)g.Count());
            foreach (var c in _day.SmallCrawlers.Append(_day.Prober).Append(_day.Scanner)) Assert.Equal(_day.Truth[c], byClient.GetValueOrDefault(c));
        }
        var (plain, p) = Run("AsRequest");
        using (p) Assert.DoesNotContain(plain.Cast<AccessLogEntry>(), r => _day.SmallCrawlers.Contains(r.ClientIp));
    }

    [Fact]
    public void IncludeBenign_and_ExcludeBenign_together_are_refused()
    {
        using var ps = Shell();
        ps.AddCommand("Find-BotRequest").AddParameter("LiteralPath", _log).AddParameter("IncludeBenign").AddParameter("ExcludeBenign");
        var ex = Assert.ThrowsAny<RuntimeException>(() => ps.Invoke());
        Assert.StartsWith("ConflictingBenignSwitches,", ex.ErrorRecord.FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
