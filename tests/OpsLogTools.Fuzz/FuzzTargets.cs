using OpsLogTools.Core.Model;
using OpsLogTools.Fuzz.Seeds;
using OpsLogTools.Fuzz.Targets;

namespace OpsLogTools.Fuzz;

/// <summary>
/// Every fuzz target by name: one per reader and parser of untrusted input. A reader added later plugs in with one
/// line here: its name, what it reads, the call, and its seeds; for example, for readers of files that are not line
/// logs, <c>new("wtmp", "utmp/wtmp records", WtmpTarget.Run, c => c.RealDataNamed("utmp", "wtmp"))</c>.
/// </summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("line-reader", "LineReader over a byte stream: whole = chunked = the model", LineReaderTarget.Run, c => c.AllText()),
        new("gzip", "GzipContentStream (members, trailer check) through LineReader", GzipTarget.Run, c => c.Gzip()),
        .. FormatTarget.ForRegistry(),
        new("access-scanner", "AccessLineScanner: fields inside the line, materialized as each access format", AccessScannerTarget.Run,
            c => c.ForFormats([.. AccessScannerTarget.AccessFormats])),
        new("cloudfront-rows", "CloudFrontRowScanner: every column = the fast path's few", CloudFrontRowsTarget.Run, c => c.ForFormats(LogFormat.CloudFront)),
        new("request-facts", "RequestFactParser = RequestFacts.From(entry), CloudFront and access formats", RequestFactsTarget.Run,
            c => c.ForFormats([LogFormat.CloudFront, .. AccessScannerTarget.AccessFormats])),
        new("chunked-file", "Find-BotRequest's fast path over one file read whole = cut into tiny chunks (report, diagnostics)", ChunkedFileTarget.Run,
            c => c.ForFormats([LogFormat.CloudFront, .. AccessScannerTarget.AccessFormats])),
        new("detect", "format detection (BundleScanner.Detect)", DetectionTarget.Run, c => c.AllText()),
        new("bundle", "LogReader over up to three files: detection, year and zone from the bundle, every parser", BundleTarget.Run, c => c.Bundles()),
        new("crontab", "CrontabReader (system, user and guessed crontabs)", CrontabTarget.Run, c => c.Crontabs()),
        new("timer-unit", "TimerUnitReader and CalendarSpec (systemd timers, OnCalendar=)", TimerUnitTarget.Run, c => c.TextAnd("timers", HandWrittenSeeds.Timers, LogFormat.Syslog)),
        new("systemctl-output", "SystemctlOutput (saved systemctl cat and list-timers output)", SystemctlOutputTarget.Run, c => c.TextAnd("systemctl", HandWrittenSeeds.Systemctl, LogFormat.Syslog)),
        new("block-rule", "IpAddressText and BlockRuleWriter input", BlockRuleTarget.Run,
            c => c.TextAnd("addresses", HandWrittenSeeds.Addresses, LogFormat.ApacheCommon)),
        new("embedded-clock", "EmbeddedClockParser (clocks printed in messages)", EmbeddedClockTarget.Run,
            c => c.TextAnd("clocks", HandWrittenSeeds.Clocks, LogFormat.Syslog, LogFormat.ApacheError24)),
        new("clock-witness", "ClockWitness (time daemons, systemd, kernel) and AuditEvents / AuditWitness (audit.log)", ClockWitnessTarget.Run,
            c => c.TextAnd("witnesses", ClockWitnessTarget.Seeds, LogFormat.Syslog, LogFormat.JournalJson, LogFormat.Audit)),
        new("auth-line", "AuthLineParser (sshd and PAM login lines) and LoginScan", AuthLineTarget.Run,
            c => c.TextAnd("logins", AuthLineTarget.Seeds, LogFormat.Syslog)),
    ];

    /// <summary>The target of that name, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
