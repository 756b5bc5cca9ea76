using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Reading;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// Our parsed fields for the CrowdSec hub's parser test fixtures (`../shared/realdata/crowdsec-hub/.tests/*`, MIT, commit
/// in SOURCES.md) against the fields CrowdSec's own `parser.assert` expects of each line: client address, verb, request,
/// status, bytes, referrer, user agent and the printed time for access logs; program, pid, message and stamp for syslog
/// lines. The n-th result of a stage is the n-th line of the fixture (the stage lists hold one result a line). Each line is
/// read alone, as a one-line file, so a fixture that mixes shapes (Apache's common, combined and vhost lines and error-log
/// lines in one file) is read line by line as CrowdSec reads it. Where CrowdSec's parser fails a line, nothing is asserted.
/// </summary>
public sealed class CrowdSecConformanceTests(ITestOutputHelper output)
{
    // parser.assert lines: results["stage"]["parser"][n].Evt.Parsed["key"] == "Go-quoted value"
    private static readonly Regex Assertion = new(
        """^results\["(?<stage>[^"]+)"\]\["(?<parser>[^"]+)"\]\[(?<n>[0-9]+)\]\.(?:Evt\.(?<kind>Parsed|Meta)\["(?<key>[^"]+)"\] == "(?<value>(?:[^"\\]|\\.)*)"|(?<success>Success) == (?<ok>true|false))$""",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking);

    private sealed class Expected
    {
        public bool Success;
        public Dictionary<string, string> Parsed { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>What parser.assert says of each line for one stage and parser, by line index.</summary>
    private static Dictionary<int, Expected> Load(string test, string stage, string parser)
    {
        var byLine = new Dictionary<int, Expected>();
        foreach (string line in File.ReadLines(RealDataFolder.Combine("crowdsec-hub", ".tests", test, "parser.assert")))
        {
            var m = Assertion.Match(line);
            if (!m.Success || m.Groups["stage"].Value != stage || m.Groups["parser"].Value != parser) continue;
            int n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (!byLine.TryGetValue(n, out var e)) byLine[n] = e = new Expected();
            if (m.Groups["success"].Success) e.Success = m.Groups["ok"].Value == "true";
            else if (m.Groups["kind"].Value == "Parsed") e.Parsed[m.Groups["key"].Value] = Unquote(m.Groups["value"].Value);
        }
        return byLine;
    }

    private static string Unquote(string goQuoted)
    {
        var sb = new StringBuilder(goQuoted.Length);
        for (int i = 0; i < goQuoted.Length; i++)
        {
            if (goQuoted[i] == '\\' && i + 1 < goQuoted.Length) sb.Append(goQuoted[++i] switch { 'n' => '\n', 't' => '\t', var c => c });
            else sb.Append(goQuoted[i]);
        }
        return sb.ToString();
    }

    private static string[] FixtureLines(string test, string file) =>
        File.ReadAllLines(RealDataFolder.Combine("crowdsec-hub", ".tests", test, file)).Where(l => l.Length > 0).ToArray();

    /// <summary>Reads one line as a file of its own (its format detected as for any file), with a mtime in the line's year.</summary>
    private LogEntry? ReadAlone(string line, DateTimeOffset mtime)
    {
        using var b = new TempBundle();
        b.WriteBytes("line.log", Encoding.UTF8.GetBytes(line + "\n"), mtime);
        var diagnostics = new CollectingDiagnostics();
        var entries = new LogReader(FormatRegistry.All).Read([b.Root], new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, diagnostics).ToList();
        foreach (var v in diagnostics.VerboseLines.Where(v => v.Contains("detected", StringComparison.Ordinal) || v.Contains("passed over", StringComparison.Ordinal)))
            output.WriteLine("  " + v);
        return entries.SingleOrDefault();
    }

    // Lines CrowdSec parses and we do not, on purpose, each with the reason: asserted as passed over, so a change shows.
    private static readonly Dictionary<(string Test, int Line), string> Differences = new()
    {
        // `192.168.1.1 - [08/Jun/2020:...] "GET /api/test HTTP/1.1" 200 100 ...`: one dash where nginx's and Apache's stock
        // formats always print two fields (ident or "-", and the user or "-"), a hand-edited line (SOURCES.md) that no
        // stock log_format writes; CrowdSec's NGINXACCESS pattern has the user optional. Taking any one-dash line as an
        // access line would make every "host - [date]" text line one.
        [("nginx_http-logs", 8)] = "one field where the stock formats print ident and user",
    };

    [RealDataTheory]
    [InlineData("apache2-logs", "apache2-logs.log", "crowdsecurity/apache2-logs")]
    [InlineData("nginx_http-logs", "nginx_http-logs.log", "crowdsecurity/nginx-logs")]
    public void AccessLogFieldsAreWhatCrowdSecParses(string test, string file, string parser)
    {
        string[] lines = FixtureLines(test, file);
        var expected = Load(test, "s01-parse", parser);
        Assert.Equal(lines.Length, expected.Count);
        int compared = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var e = expected[i];
            // CrowdSec's access parsers also take error-log lines (with other keys): only its access results are compared.
            string? client = e.Parsed.GetValueOrDefault("clientip") ?? e.Parsed.GetValueOrDefault("remote_addr");
            if (!e.Success || client is null || !e.Parsed.ContainsKey("verb") || e.Parsed.ContainsKey("loglevel")) continue;
            output.WriteLine($"line {i + 1}: {lines[i]}");
            var read = ReadAlone(lines[i], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            if (Differences.TryGetValue((test, i + 1), out string? why))
            {
                Assert.True(read is null, $"line {i + 1} is a known difference ({why}) and was read");
                continue;
            }
            var entry = Assert.IsType<AccessLogEntry>(read);
            Assert.Equal(client, entry.ClientIp);
            Assert.Equal(e.Parsed["verb"], entry.Method);
            string request = entry.Target + (entry.Query is { Length: > 0 } q ? "?" + q : "");
            Assert.Equal(e.Parsed["request"], request);
            string status = e.Parsed.GetValueOrDefault("response") ?? e.Parsed["status"];
            Assert.Equal(status, entry.Status.ToString(CultureInfo.InvariantCulture));
            string? bytes = e.Parsed.GetValueOrDefault("bytes") ?? e.Parsed.GetValueOrDefault("body_bytes_sent");
            if (bytes is not null) Assert.Equal(bytes is "-" ? null : long.Parse(bytes, CultureInfo.InvariantCulture), entry.Bytes);
            string? agent = e.Parsed.GetValueOrDefault("http_user_agent");
            if (agent is not null) Assert.Equal(agent, entry.UserAgent ?? "-");
            string? referer = e.Parsed.GetValueOrDefault("referrer") ?? e.Parsed.GetValueOrDefault("http_referer");
            if (referer is not null) Assert.Equal(referer, entry.Referer ?? "-");
            string? version = e.Parsed.GetValueOrDefault("httpversion") ?? e.Parsed.GetValueOrDefault("http_version");
            if (version is not null) Assert.Equal("HTTP/" + version, entry.Protocol);
            string stamp = e.Parsed.GetValueOrDefault("timestamp") ?? e.Parsed["time_local"];
            var printed = DateTimeOffset.ParseExact(stamp, "dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture);
            Assert.Equal(printed, entry.Timestamp);
            Assert.Equal(printed.Offset, entry.Timestamp.Offset);
            compared++;
        }
        output.WriteLine($"{compared} access lines compared");
        Assert.True(compared >= 3, $"only {compared} lines compared");
    }

    // CrowdSec's syslog-logs parser (stage s00-raw) splits each line into program, pid, message and the printed stamp; its
    // logsource is the datasource's name ("syslog"), not the host, so the host is not compared.
    [RealDataTheory]
    [InlineData("syslog-logs", "syslog-logs.log")]
    [InlineData("sshd-logs", "sshd-logs.log")]
    [InlineData("sshd-invalid-bf", "sshd-invalid-bf.log")]
    [InlineData("sshd-success-logs", "sshd-success-logs.log")]
    public void SyslogFieldsAreWhatCrowdSecParses(string test, string file)
    {
        string[] lines = FixtureLines(test, file);
        var expected = Load(test, "s00-raw", "crowdsecurity/syslog-logs");
        Assert.Equal(lines.Length, expected.Count);
        int compared = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var e = expected[i];
            if (!e.Success || !e.Parsed.TryGetValue("timestamp", out string? stamp)) continue;
            output.WriteLine($"line {i + 1}: {lines[i]}");
            var entry = ReadAlone(lines[i], new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));
            Assert.NotNull(entry);
            Assert.Equal(e.Parsed["program"], entry.Program);
            if (e.Parsed.TryGetValue("pid", out string? pid)) Assert.Equal(int.Parse(pid, CultureInfo.InvariantCulture), entry.ProcessId);
            else Assert.Null(entry.ProcessId);
            Assert.Equal(e.Parsed["message"], entry.Message);
            // A yearless BSD stamp ("Feb 12 14:10:21", day padded with a space or not): month, day and time agree.
            string[] parts = stamp.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(parts[0], entry.Timestamp.ToString("MMM", CultureInfo.InvariantCulture));
            Assert.Equal(int.Parse(parts[1], CultureInfo.InvariantCulture), entry.Timestamp.Day);
            Assert.Equal(parts[2], entry.Timestamp.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            compared++;
        }
        output.WriteLine($"{compared} syslog lines compared");
        Assert.True(compared >= 1, "no line compared");
    }
}
