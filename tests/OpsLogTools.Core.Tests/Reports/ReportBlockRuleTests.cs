using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reports;
using Xunit;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>
/// The HTML and Markdown reports recommend only what ConvertTo-BlockRule would write: the report asks the same
/// <see cref="BlockRangeChecker"/>. Before the fix both recommended "Require not ip 205.251.0.0/16" for a CIDR client
/// token, a rule for 8.8.8.8 for an octal one, and rules for documentation and 6to4 addresses.
/// </summary>
public class ReportBlockRuleTests
{
    private static readonly string[] Refused = ["205.251.0.0/16", "010.010.010.010", "198.51.100.7", "2409:8c00::/32"];

    private static OpsReport Build()
    {
        var start = new DateTimeOffset(2024, 5, 6, 1, 0, 0, TimeSpan.Zero);
        var entries = new List<LogEntry>();
        long line = 0;
        // Apache combined lines as the access-log parser yields them: a wp-login.php probe a minute per client.
        foreach (string client in Refused.Append("45.12.3.4"))
        {
            for (int i = 0; i < 40; i++)
            {
                entries.Add(new AccessLogEntry
                {
                    Path = "/bundle/httpd/access_log",
                    LineNumber = ++line,
                    Format = LogFormat.ApacheCombined,
                    Timestamp = start.AddMinutes(i).AddSeconds(line % 60),
                    StampText = "x",
                    ClientIp = client,
                    Method = "GET",
                    Target = "/wp-login.php",
                    Protocol = "HTTP/1.1",
                    Status = 404,
                    Message = "GET /wp-login.php",
                    UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
                });
            }
        }
        entries.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var builder = new OpsReportBuilder(new OpsReportOptions { Title = "block rules", RuleFormat = BlockRuleFormat.Apache });
        builder.Analyze(entries);
        // Findings given as if piped from Find-BotRequest: a 6to4 address of private 10.0.0.1, and a public one.
        builder.Add(new BotActivity { ClientIp = "2002:a00:1::", Kind = BotKind.Scanner, Intent = BotIntent.Malicious, Requests = 9, FirstSeen = start, LastSeen = start });
        builder.Add(new BotActivity { ClientIp = "2a02:1234::55", Kind = BotKind.Scanner, Intent = BotIntent.Malicious, Requests = 9, FirstSeen = start, LastSeen = start });
        return builder.Build();
    }

    [Fact]
    public void The_report_recommends_no_rule_the_checker_refuses()
    {
        var report = Build();
        foreach (string client in Refused.Append("2002:a00:1::"))
        {
            var bot = Assert.Single(report.Bots, b => b.Activity.ClientIp == client);
            Assert.Null(bot.Rule);
            Assert.NotNull(bot.Refusal);
            Assert.Equal(BlockRangeChecker.Default.Check(client, isLoggedClient: true, out _)!.ErrorId, bot.Refusal!.ErrorId);
        }
        Assert.Equal("Require not ip 45.12.3.4", Assert.Single(report.Bots, b => b.Activity.ClientIp == "45.12.3.4").Rule?.Rule);
        Assert.Equal("Require not ip 2a02:1234::55", Assert.Single(report.Bots, b => b.Activity.ClientIp == "2a02:1234::55").Rule?.Rule);

        foreach (string text in new[] { HtmlReportWriter.Render(report), MarkdownReportWriter.Render(report) })
        {
            var recommended = text.Split("Require not ip ").Skip(1).Select(s => new string(s.TakeWhile(c => char.IsAsciiHexDigit(c) || c is '.' or ':' or '/').ToArray())).ToHashSet();
            Assert.Equal(["2a02:1234::55", "45.12.3.4"], recommended.Order(StringComparer.Ordinal));
        }
    }
}
