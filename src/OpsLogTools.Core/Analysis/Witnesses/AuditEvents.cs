using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Witnesses;

/// <summary>
/// Groups audit.log records into events the way ausearch does: records with the same stamp and serial
/// (<c>msg=audit(1783414613.119:441)</c>) are one event, whether or not other events' records come between them (the
/// kernel interleaves the records of events on different CPUs). As in audit-userspace's <c>audit_is_last_record</c>, an
/// event whose first record is of a one-record type (the user-space types 1100–1299 such as USER_LOGIN, SERVICE_START,
/// DAEMON_START; anomalies and responses from 1700; KERNEL; the NetLabel MAC types; and LOGIN, which ausearch 3.0.9 also
/// keeps alone: plaso's audit_enriched.log shows it) is complete at once, and an event ends at its <c>EOE</c> record (an
/// EOE after the PROCTITLE still joins it, as ausearch joins it); one without is complete when <see cref="Window"/> newer
/// events have begun.
/// </summary>
public sealed class AuditEvents
{
    /// <summary>How many newer events may begin before an event without an EOE record is taken as complete.</summary>
    public const int Window = 16;

    private readonly List<(long Ticks, long Serial, List<(int Index, AuditEntry Record)> Records)> _open = [];

    /// <summary>Takes one record (with the caller's index for it); returns the events it completed, oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<(int Index, AuditEntry Record)>> Add(int index, AuditEntry record)
    {
        ArgumentNullException.ThrowIfNull(record);
        long ticks = record.Timestamp.UtcTicks;
        int at = _open.FindIndex(o => o.Ticks == ticks && o.Serial == record.Serial);
        if (at < 0)
        {
            _open.Add((ticks, record.Serial, [(index, record)]));
            at = _open.Count - 1;
        }
        else
        {
            _open[at].Records.Add((index, record));
        }
        var done = new List<IReadOnlyList<(int, AuditEntry)>>();
        if (record.RecordType == "EOE" || (_open[at].Records.Count == 1 && IsOneRecordType(record.RecordType)))
        {
            done.Add(_open[at].Records);
            _open.RemoveAt(at);
        }
        while (_open.Count > Window)
        {
            done.Add(_open[0].Records);
            _open.RemoveAt(0);
        }
        return done;
    }

    /// <summary>Whether events of this record type have one record (audit-userspace common.c, audit_is_last_record).</summary>
    public static bool IsOneRecordType(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.StartsWith("UNKNOWN[", StringComparison.Ordinal) && type.EndsWith(']')
            && int.TryParse(type.AsSpan(8, type.Length - 9), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
            return number is 1005 or 1006 or (> 1006 and < 1300) or >= 1700 or (>= 1414 and <= 1418);
        return type is "LOGIN" or "USER" or "KERNEL" or "TEST" or "TRUSTED_APP" or "DAC_CHECK" or "MAC_CHECK" or "SOFTWARE_UPDATE"
            or "MAC_UNLBL_ALLOW" or "MAC_UNLBL_STCADD" or "MAC_UNLBL_STCDEL" or "MAC_CALIPSO_ADD" or "MAC_CALIPSO_DEL"
            || type.StartsWith("USER_", StringComparison.Ordinal) || type.StartsWith("CRED_", StringComparison.Ordinal)
            || type.StartsWith("DAEMON_", StringComparison.Ordinal) || type.StartsWith("ANOM_", StringComparison.Ordinal)
            || type.StartsWith("RESP_", StringComparison.Ordinal) || type.StartsWith("SERVICE_", StringComparison.Ordinal)
            || type.StartsWith("SYSTEM_", StringComparison.Ordinal) || type.StartsWith("ADD_", StringComparison.Ordinal)
            || type.StartsWith("DEL_", StringComparison.Ordinal) || type.StartsWith("GRP_", StringComparison.Ordinal)
            || type.StartsWith("ACCT_", StringComparison.Ordinal) || type.StartsWith("CHGRP_", StringComparison.Ordinal)
            || type.StartsWith("CHUSER_", StringComparison.Ordinal) || type.StartsWith("ROLE_", StringComparison.Ordinal)
            || type.StartsWith("LABEL_", StringComparison.Ordinal) || type.StartsWith("INTEGRITY_", StringComparison.Ordinal)
            || type.StartsWith("VIRT_", StringComparison.Ordinal) || type.StartsWith("CRYPTO_", StringComparison.Ordinal);
    }

    /// <summary>The events still open, oldest first (call at the end of the file).</summary>
    public IReadOnlyList<IReadOnlyList<(int Index, AuditEntry Record)>> Flush()
    {
        var done = _open.Select(o => (IReadOnlyList<(int, AuditEntry)>)o.Records).ToList();
        _open.Clear();
        return done;
    }

    /// <summary>Every event of <paramref name="records"/> (one file's records in file order), in the order their first records come.</summary>
    public static List<IReadOnlyList<AuditEntry>> Group(IEnumerable<AuditEntry> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var grouper = new AuditEvents();
        var events = new List<(int First, IReadOnlyList<AuditEntry> Records)>();
        int i = 0;
        foreach (var r in records)
        {
            foreach (var e in grouper.Add(i++, r)) events.Add((e[0].Index, e.Select(x => x.Record).ToList()));
        }
        foreach (var e in grouper.Flush()) events.Add((e[0].Index, e.Select(x => x.Record).ToList()));
        return events.OrderBy(e => e.First).Select(e => e.Records).ToList();
    }
}
