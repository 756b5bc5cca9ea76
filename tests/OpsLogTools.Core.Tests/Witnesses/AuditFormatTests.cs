using System.Text;
using System.Text.RegularExpressions;
using OpsLogTools.Core.Analysis.Witnesses;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.RealData;
using Xunit;

namespace OpsLogTools.Core.Tests.Witnesses;

/// <summary>
/// auditd's audit.log read as <see cref="AuditEntry"/> records, compared with other projects' expected results on the real
/// files of <c>../shared/realdata</c>: plaso's selinux.log test (tests/parsers/text_plugins/selinux.py: 7 records, 4 warnings,
/// the stamps and fields it asserts) and CrowdSec's auditd parser test (.tests/auditd-logs/parser.assert: every field it
/// unmarshals). Grouping into events is compared with <c>ausearch -if</c> in <see cref="AusearchOracleTests"/>.
/// </summary>
public sealed class AuditFormatTests
{
    internal static List<(LineParseStatus Status, LogEntry? Entry)> ReadAll(string path)
    {
        var parser = new AuditFormat().CreateParser(new ParserContext(path, Formats.FormatTestKit.SeedNightClock()));
        var results = new List<(LineParseStatus, LogEntry?)>();
        long n = 0;
        byte[] bytes = File.ReadAllBytes(path);
        int start = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) end = bytes.Length;
            var status = parser.TryParse(bytes.AsSpan(start, end - start), ++n, out var entry);
            results.Add((status, entry));
            start = end + 1;
        }
        if (results.Count > 0 && results[^1].Item1 == LineParseStatus.Ignored) results.RemoveAt(results.Count - 1);
        return results;
    }

    [RealDataFact]
    public void PlasoSelinuxLogReadsAsPlasoExpects()
    {
        var results = ReadAll(RealDataFolder.Combine("plaso", "test_data", "selinux.log"));
        var entries = results.Where(r => r.Status == LineParseStatus.Parsed).Select(r => (AuditEntry)r.Entry!).ToList();
        // plaso: 7 event data, 4 extraction warnings (WRONGDATE, EMPTYDATE, "type= " and the line without type); the blank line is nothing.
        Assert.Equal(7, entries.Count);
        Assert.Equal(4, results.Count(r => r.Status == LineParseStatus.Malformed));
        Assert.Equal(["LOGIN", "SHORTDATE", "NOMSG", "UNDER_SCORE", "UNKNOWN[1323]", "AVC", "SYSCALL"], entries.Select(e => e.RecordType));
        var login = entries[0];
        Assert.Equal(94983, login.Serial);
        Assert.Equal(DateTimeOffset.Parse("2012-05-24T07:40:01.174+00:00"), login.Timestamp);
        Assert.Equal(TimeSpan.Zero, login.Timestamp.Offset);
        Assert.Equal("pid=25443 uid=0 old auid=4294967295 new auid=0 old ses=4294967295 new ses=1165", login.Message);
        Assert.Equal(25443, login.ProcessId);
        Assert.Equal("0", login.Fields["new-auid"]);
        Assert.Equal("4294967295", login.Fields["old-auid"]);
        Assert.Equal(DateTimeOffset.Parse("2012-05-24T07:40:01.000+00:00"), entries[1].Timestamp);
        Assert.Equal("check rounding", entries[1].Message);
        Assert.Equal(DateTimeOffset.Parse("2012-05-24T07:40:22.174+00:00"), entries[2].Timestamp);
        Assert.Equal("", entries[2].Message);
        Assert.Equal(DateTimeOffset.Parse("2012-05-24T07:47:46.174+00:00"), entries[3].Timestamp);
        Assert.Equal("54321", entries[3].Fields["new-auid"]);
        // plaso's SYSCALL "Tier 1" fields: exe /bin/ls, pid 2714, ppid 2671, auid 0, ses 1, comm ls, exit 0, gid 0, serial 101.
        var syscall = entries[6];
        Assert.Equal(101, syscall.Serial);
        Assert.Equal("/bin/ls", syscall.Fields["exe"]);
        Assert.Equal("ls", syscall.Fields["comm"]);
        Assert.Equal(("2714", "2671", "0", "1", "0", "0"), (syscall.Fields["pid"], syscall.Fields["ppid"], syscall.Fields["auid"], syscall.Fields["ses"], syscall.Fields["exit"], syscall.Fields["gid"]));
        Assert.All(entries, e => Assert.Equal(LogFormat.Audit, e.Format));
    }

    private static readonly Regex AssertLine = new(
        """^results\["s01-parse"\]\["crowdsecurity/auditd-logs"\]\[(\d+)\]\.Evt\.(Unmarshaled\["auditd"\]|Parsed)\["([^"]+)"\] == "(.*)"$""",
        RegexOptions.NonBacktracking);

    [RealDataFact]
    public void CrowdSecAuditdFieldsMatchItsParserAssert()
    {
        var entries = ReadAll(RealDataFolder.Combine("crowdsec-hub", ".tests", "auditd-logs", "auditd-logs.log"))
            .Where(r => r.Status == LineParseStatus.Parsed).Select(r => (AuditEntry)r.Entry!).ToList();
        Assert.Equal(4, entries.Count);
        int compared = 0;
        foreach (string line in File.ReadLines(RealDataFolder.Combine("crowdsec-hub", ".tests", "auditd-logs", "parser.assert")))
        {
            var m = AssertLine.Match(line);
            if (!m.Success) continue;
            var e = entries[int.Parse(m.Groups[1].Value)];
            string key = m.Groups[3].Value, value = m.Groups[4].Value.Replace("\\\"", "\"");
            if (m.Groups[2].Value == "Parsed")
            {
                // CrowdSec's grok: timestamp "1684329817.579" and event_inc_id "2995" are the header's stamp and serial.
                if (key == "timestamp") { Assert.Equal(value, e.StampText.Split(':')[0]); compared++; }
                else if (key == "event_inc_id") { Assert.Equal(value, e.Serial.ToString(System.Globalization.CultureInfo.InvariantCulture)); compared++; }
                continue;
            }
            // Its "msg" is the header itself ("audit(1684329817.579:2995):"), kept here as StampText and Serial.
            if (key == "msg") { Assert.Equal(value, $"audit({e.StampText}):"); compared++; continue; }
            if (key == "type") { Assert.Equal(value, e.RecordType); compared++; continue; }
            Assert.True(e.Fields.TryGetValue(key, out var got), $"record {m.Groups[1].Value} lacks {key}");
            Assert.Equal(value, got);
            compared++;
        }
        Assert.True(compared >= 100, $"only {compared} assertions compared");
    }

    [RealDataFact]
    public void PlasoEnrichedLogKeepsTheInterpretedFields()
    {
        var entries = ReadAll(RealDataFolder.Combine("plaso", "test_data", "audit_enriched.log"))
            .Where(r => r.Status == LineParseStatus.Parsed).Select(r => (AuditEntry)r.Entry!).ToList();
        Assert.Equal(File.ReadAllLines(RealDataFolder.Combine("plaso", "test_data", "audit_enriched.log")).Count(l => l.Length > 0), entries.Count);
        var auth = Assert.Single(entries, e => e.Serial == 441);
        Assert.Equal("USER_AUTH", auth.RecordType);
        Assert.Equal(("pubkey", "root", "172.23.112.1", "failed", "ssh"), (auth.Fields["op"], auth.Fields["acct"], auth.Fields["addr"], auth.Fields["res"], auth.Fields["terminal"]));
        Assert.Equal(("root", "unset"), (auth.Fields["UID"], auth.Fields["AUID"]));
        Assert.DoesNotContain('\u001d', auth.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1783414613119), auth.Timestamp);
    }

    [Theory]
    [InlineData("type=SYSCALL msg=audit(1684329817.579:2995): arch=c000003e syscall=59 success=yes", 95)]
    [InlineData("node=web1 type=USER_LOGIN msg=audit(1684329817.579:2995): pid=1 msg='op=login res=success'", 95)]
    [InlineData("type=LOGIN msg=audit(1337845201): missing milliseconds", 0)]
    [InlineData("Jul 19 21:10:03 host auditd[123]: type=SYSCALL msg=audit(1684329817.579:2995):", 0)]
    [InlineData("type=syscall msg=audit(1684329817.579:2995):", 0)]
    public void ProbeKnowsAnAuditHeader(string line, int score)
    {
        Assert.Equal(score, new AuditFormat().Probe(Encoding.UTF8.GetBytes(line)));
        if (score > 0) Assert.Equal(LogFormat.Audit, FormatRegistry.All.MaxBy(f => f.Probe(Encoding.UTF8.GetBytes(line)))!.Format);
    }

    [Fact]
    public void HostileRecordsStayBounded()
    {
        // Unterminated quotes, a msg=' without its end, a name of 10,000 bytes, control bytes: read, bounded, never thrown.
        string[] lines =
        [
            "type=USER_LOGIN msg=audit(1684329817.579:1): pid=1 msg='op=login acct=\"root",
            "type=USER_LOGIN msg=audit(1684329817.579:2): " + new string('k', 10_000) + "=v x=\"" + new string('y', 10_000),
            "type=AVC msg=audit(1684329817.579:3): \u001b[31m=\u0007 ==== '' \"\" =",
            "type=SYSCALL msg=audit(99999999999999999999.579:4): x=1",
        ];
        var parser = new AuditFormat().CreateParser(new ParserContext("/x", Formats.FormatTestKit.SeedNightClock()));
        foreach (var l in lines)
        {
            var status = parser.TryParse(Encoding.UTF8.GetBytes(l), 1, out var e);
            if (status == LineParseStatus.Parsed) Assert.All(((AuditEntry)e!).Fields.Keys, k => Assert.True(k.Length <= 64));
        }
        Assert.Equal(LineParseStatus.Parsed, parser.TryParse(Encoding.UTF8.GetBytes(lines[0]), 1, out var first));
        Assert.Equal("root", ((AuditEntry)first!).Fields["acct"]);
    }
}
