using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>
/// Finds logins and attacks on sshd and other PAM services from log entries as they stream past (syslog and journal
/// lines, btmp/wtmp records, audit.log records), then judges each source: see <see cref="Detect"/>.
/// </summary>
public sealed class LoginScan(LoginOptions options)
{
    private const int MaxSources = 200_000;
    private readonly Dictionary<string, SourceTally> _sources = new(StringComparer.Ordinal);
    private DateTimeOffset _earliest = DateTimeOffset.MaxValue;
    private long _sourcesLeftOut;

    /// <summary>Entries given to <see cref="Add"/>.</summary>
    public long EntriesSeen { get; private set; }

    /// <summary>Entries that were about a remote login attempt.</summary>
    public long AuthEntries { get; private set; }

    /// <summary>Sources not tracked because <c>200000</c> were already (their entries are counted in nothing else).</summary>
    public long SourcesLeftOut => _sourcesLeftOut;

    /// <summary>Reads one entry; entries that are about no remote login are passed over.</summary>
    public void Add(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EntriesSeen++;
        if (entry.Timestamp < _earliest) _earliest = entry.Timestamp;
        if (!TryRead(entry, out var line, out var kind)) return;
        AuthEntries++;
        if (!_sources.TryGetValue(line.Source, out var tally))
        {
            if (_sources.Count >= MaxSources) { _sourcesLeftOut++; return; }
            tally = new SourceTally(line.Source);
            _sources[line.Source] = tally;
        }
        tally.Add(line, kind, kind is WitnessKind.Syslog or WitnessKind.Journal ? entry.ProcessId : null, entry);
    }

    private static bool TryRead(LogEntry entry, out AuthLine line, out WitnessKind kind)
    {
        line = default;
        switch (entry)
        {
            case LoginRecordEntry r:
                kind = System.IO.Path.GetFileName(r.Path).StartsWith("btmp", StringComparison.Ordinal) ? WitnessKind.Btmp : WitnessKind.Wtmp;
                return TryRecord(r, kind, out line);
            case AuditEntry a:
                kind = WitnessKind.Audit;
                return TryAudit(a, out line);
            case AccessLogEntry:
                kind = default;
                return false;
            default:
                kind = entry is JournalEntry ? WitnessKind.Journal : WitnessKind.Syslog;
                return AuthLineParser.TryParse(entry.Program, entry.Message, out line);
        }
    }

    private static bool TryRecord(LoginRecordEntry r, WitnessKind kind, out AuthLine line)
    {
        line = default;
        // btmp: sshd writes LOGIN_PROCESS records, login(1) USER_PROCESS ones; wtmp: a USER_PROCESS with a remote host is a session.
        bool fits = kind == WitnessKind.Btmp ? r.Kind is "UserProcess" or "LoginProcess" : r.Kind == "UserProcess";
        if (!fits) return false;
        string? source = r.Address is { } a && a != "0.0.0.0" ? AuthLineParser.Source(a) : null;
        // An X display (":0") or an empty host is a local login.
        source ??= r.Host.Length > 0 && r.Host[0] != ':' ? AuthLineParser.Source(r.Host) : null;
        if (source is null) return false;
        string service = r.Line.StartsWith("ssh", StringComparison.Ordinal) || r.Line.StartsWith("pts/", StringComparison.Ordinal) ? "sshd" : "login";
        line = new AuthLine(kind == WitnessKind.Btmp ? AuthLineKind.Failed : AuthLineKind.Accepted, source, r.User, false, service);
        return true;
    }

    private static bool TryAudit(AuditEntry a, out AuthLine line)
    {
        line = default;
        bool auth = a.RecordType == "USER_AUTH";
        if (!auth && a.RecordType != "USER_LOGIN") return false;
        if (!a.Fields.TryGetValue("res", out var res)) return false;
        string? source = a.Fields.TryGetValue("addr", out var addr) && addr != "?" ? AuthLineParser.Source(addr) : null;
        source ??= a.Fields.TryGetValue("hostname", out var host) && host != "?" ? AuthLineParser.Source(host) : null;
        if (source is null) return false;
        string user = a.Fields.TryGetValue("acct", out var acct) ? acct : "";
        bool invalid = user == "(invalid user)";
        if (invalid) user = "";
        string service = a.Fields.TryGetValue("exe", out var exe) ? System.IO.Path.GetFileName(exe) : "";
        if (service.Length == 0) service = "audit";
        bool success = res is "success" or "1";
        AuthLineKind kind;
        if (auth)
        {
            // A successful USER_AUTH is the password step of a login USER_LOGIN reports.
            if (success) return false;
            kind = AuthLineKind.Failed;
        }
        else kind = success ? AuthLineKind.Accepted : AuthLineKind.AuditLoginFailed;
        line = new AuthLine(kind, source, user, invalid, service);
        return true;
    }

    /// <summary>
    /// Judges every source: a success after guessing (<see cref="LoginActivityKind.SuccessAfterFailures"/>) or from a
    /// source new in the incident window first, then the attacks without success, then (with
    /// <see cref="LoginOptions.IncludeOrdinary"/>) ordinary logins and a few failures.
    /// </summary>
    public IReadOnlyList<LoginActivity> Detect() => LoginJudge.Judge(_sources.Values, options, _earliest);
}
