using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Witnesses;

/// <summary>
/// What an audit event says about the clock. The kernel writes <c>TIME_INJOFFSET</c> (<c>sec=-16 nsec=124887145</c>) when
/// settimeofday, clock_settime or adjtimex(ADJ_SETOFFSET) steps the clock: the exact step. The rules of the CIS and STIG
/// benchmarks (<c>-a always,exit -S adjtimex,settimeofday,clock_settime -k time-change</c>, <c>-w /etc/localtime -p wa -k
/// time-change</c>) record the calls and the zone file's writes; <c>TIME_ADJNTPVAL</c> records adjtimex changing NTP values.
/// </summary>
public static class AuditWitness
{
    // System call numbers per audit arch (ausyscall from Debian's auditd 3.0.9 gives them): x86_64, aarch64, i386.
    private static readonly Dictionary<(string Arch, int Number), string> TimeCalls = new()
    {
        [("c000003e", 159)] = "adjtimex", [("c000003e", 164)] = "settimeofday", [("c000003e", 227)] = "clock_settime", [("c000003e", 305)] = "clock_adjtime",
        [("c00000b7", 171)] = "adjtimex", [("c00000b7", 170)] = "settimeofday", [("c00000b7", 112)] = "clock_settime", [("c00000b7", 266)] = "clock_adjtime",
        [("40000003", 124)] = "adjtimex", [("40000003", 79)] = "settimeofday", [("40000003", 264)] = "clock_settime", [("40000003", 404)] = "clock_settime64",
        [("40000003", 343)] = "clock_adjtime", [("40000003", 405)] = "clock_adjtime64", [("40000003", 25)] = "stime",
    };

    /// <summary>The clock event of one audit event (its records), or null when it says nothing of the clock.</summary>
    public static ClockEvent? Read(IReadOnlyList<AuditEntry> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) return null;
        var syscall = records.FirstOrDefault(r => r.RecordType == "SYSCALL");
        string? call = syscall is null ? null : CallName(syscall);
        string by = syscall is null ? "" : Who(syscall);
        bool succeeded = syscall is null || !syscall.Fields.TryGetValue("success", out var ok) || ok == "yes";

        if (records.FirstOrDefault(r => r.RecordType == "TIME_INJOFFSET") is { } inj
            && inj.Fields.TryGetValue("sec", out var sec) && long.TryParse(sec, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long s)
            && Math.Abs(s) < 10_000_000_000)
        {
            long ns = inj.Fields.TryGetValue("nsec", out var n) && long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v < 1_000_000_000 ? v : 0;
            return Event(inj, ClockEventKind.ClockStepped, s + ns / 1e9, Detail(call, by));
        }
        if (syscall is not null && succeeded && call is "settimeofday" or "clock_settime" or "clock_settime64" or "stime"
            && (call is not ("clock_settime" or "clock_settime64") || syscall.Fields.GetValueOrDefault("a0") == "0"))
            return Event(syscall, ClockEventKind.ClockSet, null, Detail(call, by));
        if (succeeded && records.FirstOrDefault(IsLocaltimeWrite) is { } path && (syscall?.Fields.GetValueOrDefault("key") == "time-change" || path.Fields.GetValueOrDefault("nametype") is "CREATE" or "DELETE"))
            return Event(syscall ?? path, ClockEventKind.TimeZoneChanged, null, "/etc/localtime" + (by.Length > 0 ? " (" + by + ")" : ""));
        if (records.FirstOrDefault(r => r.RecordType == "TIME_ADJNTPVAL") is { } ntp)
            return Event(ntp, ClockEventKind.ClockAdjusted, null, $"{ntp.Fields.GetValueOrDefault("op")} {ntp.Fields.GetValueOrDefault("old")} -> {ntp.Fields.GetValueOrDefault("new")}");
        if (syscall is not null && succeeded && call is "adjtimex" or "clock_adjtime" or "clock_adjtime64" && syscall.Fields.GetValueOrDefault("key") == "time-change")
            return Event(syscall, ClockEventKind.ClockAdjusted, null, Detail(call, by));
        return null;
    }

    private static bool IsLocaltimeWrite(AuditEntry r) => r.RecordType == "PATH" && r.Fields.TryGetValue("name", out var name)
        && (name == "/etc/localtime" || name.EndsWith("/etc/localtime", StringComparison.Ordinal));

    /// <summary>The system call's name: the ENRICHED field when written, else looked up by arch and number.</summary>
    private static string? CallName(AuditEntry syscall)
    {
        if (syscall.Fields.TryGetValue("SYSCALL", out var named)) return named;
        if (!syscall.Fields.TryGetValue("arch", out var arch) || !syscall.Fields.TryGetValue("syscall", out var number)
            || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return null;
        return TimeCalls.GetValueOrDefault((arch, n));
    }

    private static string Who(AuditEntry syscall)
    {
        string exe = syscall.Fields.GetValueOrDefault("exe") ?? syscall.Fields.GetValueOrDefault("comm") ?? "";
        string auid = syscall.Fields.GetValueOrDefault("AUID") ?? syscall.Fields.GetValueOrDefault("auid") ?? "";
        if (exe.Length > 120) exe = exe[..120];
        if (auid.Length > 40) auid = auid[..40];
        return exe.Length == 0 ? "" : auid.Length > 0 ? $"{exe}, auid {auid}" : exe;
    }

    private static string? Detail(string? call, string by) => call is null && by.Length == 0 ? null : $"{call ?? "clock"}{(by.Length > 0 ? " by " + by : "")}";

    private static ClockEvent Event(AuditEntry r, ClockEventKind kind, double? step, string? detail) => new()
    {
        Time = r.Timestamp,
        Kind = kind,
        StepSeconds = step,
        Detail = detail,
        Source = "auditd",
        Path = r.Path,
        LineNumber = r.LineNumber,
        Line = $"type={r.RecordType} msg=audit({r.StampText}): {(r.Message.Length > 300 ? r.Message[..300] + "…" : r.Message)}",
    };
}
