namespace OpsLogTools.Core.Model;

/// <summary>
/// One record of auditd's <c>audit.log</c> (raw or ENRICHED): <c>type=USER_LOGIN msg=audit(1783414613.119:441): pid=2124 uid=0 ...</c>.
/// Records with the same <see cref="LogEntry.Timestamp"/> and <see cref="Serial"/> are one event (a SYSCALL and its
/// CWD, PATH and PROCTITLE records). The stamp is the kernel's epoch time with milliseconds, in UTC: audit.log is a
/// reference clock for the bundle.
/// </summary>
public sealed class AuditEntry : LogEntry
{
    /// <summary>The record type as written (<c>SYSCALL</c>, <c>USER_LOGIN</c>, <c>TIME_INJOFFSET</c>, <c>UNKNOWN[1323]</c>).</summary>
    public string RecordType { get; init; } = "";

    /// <summary>The event's serial number (<c>441</c> in <c>audit(1783414613.119:441)</c>): the records of one event share it and the stamp.</summary>
    public long Serial { get; init; }

    /// <summary>
    /// The record's fields, values unquoted: <c>pid</c>, <c>uid</c>, <c>syscall</c>, <c>key</c>, <c>exe</c>; the fields inside a
    /// user-space record's <c>msg='...'</c> (<c>op</c>, <c>acct</c>, <c>addr</c>, <c>res</c>) are fields of the record too; the
    /// ENRICHED format's interpreted fields after the group separator keep their upper-case names (<c>UID</c>, <c>AUID</c>,
    /// <c>SYSCALL</c>). <c>old auid=</c> / <c>new auid=</c> become <c>old-auid</c> / <c>new-auid</c>, as newer kernels write them.
    /// The first of a repeated name is kept.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}
