using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using OpsLogTools.Commands;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Find-BotRequest | ConvertTo-BlockRule on small generated logs whose client column or X-Forwarded-For holds a
/// network or octal text, and -OutFile when every address is refused. Before the fix the CIDR client became a
/// rule for a whole edge /16, octal 010.010.010.010 became a rule for 8.8.8.8, and an all-refused run replaced an
/// existing rule file with comments.
/// </summary>
public sealed class BlockRuleCmdletTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "opslogtools-blockrule-" + Guid.NewGuid().ToString("N"));

    public BlockRuleCmdletTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PowerShell Shell()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("Find-BotRequest", typeof(FindBotRequestCommand), null));
        iss.Commands.Add(new SessionStateCmdletEntry("ConvertTo-BlockRule", typeof(ConvertToBlockRuleCommand), null));
        return PowerShell.Create(iss);
    }

    // A WordPress prober: one wp-login.php probe a minute, as in the sample incident.
    private static IEnumerable<string> Probes(string client, string? forwardedFor, int count)
    {
        var start = new DateTimeOffset(2022, 7, 19, 3, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < count; i++)
        {
            string stamp = start.AddMinutes(i).ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";
            // After Apache's "combined" LogFormat; with forwardedFor, nginx.org's default "main" (it ends in "$http_x_forwarded_for").
            string line = $"{client} - - [{stamp}] \"GET /wp-login.php HTTP/1.1\" 404 196 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
            yield return forwardedFor is null ? line : line + $" \"{forwardedFor}\"";
        }
    }

    private string Log(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static (List<BlockRule> Rules, List<ErrorRecord> Errors, List<BotActivity> Bots) FindAndConvert(string path)
    {
        using var find = Shell();
        var bots = find.AddCommand("Find-BotRequest").AddParameter("LiteralPath", path).Invoke().Select(o => (BotActivity)o.BaseObject).ToList();
        using var convert = Shell();
        var rules = convert.AddCommand("ConvertTo-BlockRule").AddParameter("Format", "Nginx").Invoke(bots)
            .Select(o => (BlockRule)o.BaseObject).ToList();
        return (rules, convert.Streams.Error.ToList(), bots);
    }

    [Fact]
    public void A_network_or_octal_text_in_the_client_column_never_becomes_a_rule()
    {
        string path = Log("access_log", Probes("205.251.0.0/16", null, 40).Concat(Probes("010.010.010.010", null, 40)).Concat(Probes("45.12.3.4", null, 40)));
        var (rules, errors, bots) = FindAndConvert(path);

        // The detector still reports the tokens as the clients they were logged as (the behaviour is real) ...
        Assert.Contains(bots, b => b.ClientIp == "205.251.0.0/16");
        Assert.Contains(bots, b => b.ClientIp == "010.010.010.010");
        Assert.DoesNotContain(bots, b => b.ClientIp == "8.8.8.8");
        // ... but only the one real address gets a rule.
        Assert.Equal(["deny 45.12.3.4;"], rules.Select(r => r.Rule));
        Assert.Contains(errors, e => e.FullyQualifiedErrorId.StartsWith(BotErrorIds.InvalidAddress + ",", StringComparison.Ordinal) && (string)e.TargetObject == "205.251.0.0/16");
        Assert.Contains(errors, e => e.FullyQualifiedErrorId.StartsWith(BotErrorIds.NonCanonicalAddress + ",", StringComparison.Ordinal) && (string)e.TargetObject == "010.010.010.010");
    }

    [Theory]
    // Behind a load balancer (10.0.0.5) the forwarded network ends what can be trusted: the client is the balancer.
    [InlineData("10.0.0.5", "205.251.0.0/16", "10.0.0.5")]
    // Behind CloudFront: octal text left of the edge is not the viewer (before: it was, as 8.8.8.8); the edge stands.
    [InlineData("130.176.212.18", "010.010.010.010, 130.176.212.18", "130.176.212.18")]
    [InlineData("130.176.212.18", "2409:8c00::/32, 130.176.77.12", "130.176.77.12")]
    public void A_network_or_octal_text_in_X_Forwarded_For_never_becomes_a_rule(string connecting, string forwardedFor, string client)
    {
        string path = Log("access.log", Probes(connecting, forwardedFor, 40));
        var (rules, errors, bots) = FindAndConvert(path);
        Assert.Equal(client, Assert.Single(bots).ClientIp);
        Assert.Empty(rules);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("AwsWafIpSet")]
    public void OutFile_keeps_an_existing_file_byte_for_byte_when_every_address_is_refused(string format)
    {
        string outFile = Path.Combine(_dir, "blocked.conf");
        // An existing rule file with CRLF endings, a BOM and no final newline: any rewrite would show.
        byte[] old = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("deny 45.12.3.4;\r\ndeny 2a02:1234::55;")];
        File.WriteAllBytes(outFile, old);
        var stamp = File.GetLastWriteTimeUtc(outFile);

        using var ps = Shell();
        var output = ps.AddCommand("ConvertTo-BlockRule").AddParameter("IpAddress", new[] { "205.251.0.0/16", "2409:8c00::/32", "010.010.010.010", "198.51.100.0/24" })
            .AddParameter("Format", format).AddParameter("OutFile", outFile).Invoke();

        Assert.Empty(output);
        Assert.Equal(4, ps.Streams.Error.Count);
        Assert.Equal(old, File.ReadAllBytes(outFile));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(outFile));
        Assert.Equal([outFile], Directory.GetFiles(_dir));
        var warning = Assert.Single(ps.Streams.Warning);
        Assert.Contains(outFile, warning.Message);
        Assert.Contains("left as it was", warning.Message);
    }

    [Fact]
    public void OutFile_is_not_created_when_there_is_nothing_to_write_and_is_written_when_there_is()
    {
        string outFile = Path.Combine(_dir, "new.conf");
        using (var ps = Shell())
        {
            ps.AddCommand("ConvertTo-BlockRule").AddParameter("IpAddress", new[] { "10.0.0.1" }).AddParameter("Format", "Nginx").AddParameter("OutFile", outFile).Invoke();
            Assert.False(File.Exists(outFile));
            Assert.Contains("not created", Assert.Single(ps.Streams.Warning).Message);
        }
        using (var ps = Shell())
        {
            ps.AddCommand("ConvertTo-BlockRule").AddParameter("IpAddress", new[] { "10.0.0.1", "45.12.3.4" }).AddParameter("Format", "Nginx").AddParameter("OutFile", outFile).Invoke();
            Assert.Empty(ps.Streams.Warning);
            Assert.Contains("\ndeny 45.12.3.4;\n", File.ReadAllText(outFile));
        }
    }

    [Fact]
    public void CdnRange_adds_ranges_never_to_block_and_a_bad_one_stops_the_command()
    {
        using (var ps = Shell())
        {
            var rules = ps.AddCommand("ConvertTo-BlockRule").AddParameter("IpAddress", new[] { "45.12.3.4", "45.13.0.0/16" })
                .AddParameter("Format", "Nginx").AddParameter("CdnRange", new[] { "45.12.0.0/20" }).Invoke().Select(o => ((BlockRule)o.BaseObject).Rule);
            Assert.Equal(["deny 45.13.0.0/16;"], rules);
            var error = Assert.Single(ps.Streams.Error);
            Assert.StartsWith(BotErrorIds.CdnEdgeAddress + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("45.12.0.0/20", error.Exception.Message);
        }
        using (var ps = Shell())
        {
            ps.AddCommand("ConvertTo-BlockRule").AddParameter("IpAddress", new[] { "45.12.3.4" }).AddParameter("Format", "Nginx").AddParameter("CdnRange", new[] { "045.12.0.0/20" });
            var thrown = Assert.ThrowsAny<RuntimeException>(() => ps.Invoke());
            Assert.Equal("InvalidCdnRange,OpsLogTools.Commands.ConvertToBlockRuleCommand", thrown.ErrorRecord.FullyQualifiedErrorId);
        }
    }
}
