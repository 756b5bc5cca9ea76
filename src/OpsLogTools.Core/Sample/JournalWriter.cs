using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// The Amazon Linux 2023 host has no rsyslog: every line the host writes goes to the journal, saved in the bundle as
/// <c>journalctl -o export</c> output (<see cref="ExportPath"/>): one entry per line in true-time order, with
/// <c>__REALTIME_TIMESTAMP</c> (UTC microseconds), <c>__MONOTONIC_TIMESTAMP</c> since the one boot, <c>_BOOT_ID</c>,
/// <c>__SEQNUM</c>, <c>SYSLOG_IDENTIFIER</c>, <c>_PID</c>, <c>SYSLOG_FACILITY</c>, <c>PRIORITY</c>, <c>_HOSTNAME</c>,
/// <c>_TRANSPORT</c> and <c>MESSAGE</c>. A record's written line is its entry number (what the readers call the ordinal).
/// </summary>
internal sealed class JournalWriter
{
    public const string ExportPath = "journal.export";

    private readonly GeneratorContext _ctx;
    private readonly HostLog _log;

    public JournalWriter(GeneratorContext ctx, HostLog log)
    {
        _ctx = ctx;
        _log = log;
    }

    public LogFileBuffer Write()
    {
        var rng = _ctx.Rng(43);
        string bootId = Hex(rng, 16), seqnumId = Hex(rng, 16);
        // Booted with the httpd that runs at the start of the logs.
        var boot = _ctx.LogStart - TimeSpan.FromDays(23);
        var buffer = new LogFileBuffer(ExportPath, "JournalExport", gzip: false);
        long seq = rng.Next(1000, 90000), entry = 0;
        foreach (var r in _log.Records.OrderBy(r => r.True).ThenBy(r => r.Seq))
        {
            r.PlantIndex = -1;
            r.Stamped = r.True;
            r.WrittenPath = ExportPath;
            r.WrittenLine = ++entry;
            long realtime = (r.True.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
            long monotonic = (r.True - boot).Ticks / 10;
            Field(buffer, "__REALTIME_TIMESTAMP", realtime.ToString(CultureInfo.InvariantCulture), r.True);
            Field(buffer, "__MONOTONIC_TIMESTAMP", monotonic.ToString(CultureInfo.InvariantCulture));
            Field(buffer, "__SEQNUM", (seq++).ToString(CultureInfo.InvariantCulture));
            Field(buffer, "__SEQNUM_ID", seqnumId);
            Field(buffer, "_BOOT_ID", bootId);
            bool kernel = r.Program == "kernel";
            Field(buffer, "_TRANSPORT", kernel ? "kernel" : r.Program is "systemd" or "dnf-automatic" ? "stdout" : "syslog");
            Field(buffer, "PRIORITY", "6");
            Field(buffer, "SYSLOG_FACILITY", Facility(r.File, kernel));
            Field(buffer, "SYSLOG_IDENTIFIER", r.Program);
            string? pid = r.Program == "systemd" ? "1" : r.Process?.ToString();
            if (pid is not null)
            {
                Field(buffer, "_PID", pid);
                if (!kernel) Field(buffer, "SYSLOG_PID", pid);
            }
            Field(buffer, "_HOSTNAME", _ctx.HostName);
            Field(buffer, "MESSAGE", r.Message());
            buffer.WriteLine("");
        }
        return buffer;
    }

    private static string Facility(SyslogFile file, bool kernel) => kernel ? "0" : file switch
    {
        SyslogFile.Secure => "10",
        SyslogFile.Cron => "9",
        _ => "3",
    };

    /// <summary>A text field, or the export format's binary form for a value with a newline in it.</summary>
    private static void Field(LogFileBuffer buffer, string name, string value, DateTimeOffset? trueTime = null)
    {
        if (!value.Contains('\n', StringComparison.Ordinal))
        {
            buffer.WriteLine($"{name}={value}", trueTime);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        buffer.WriteLine(name);
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)bytes.Length);
        buffer.WriteRaw(size);
        buffer.WriteRaw(bytes);
        buffer.WriteLine("");
    }

    private static string Hex(Random rng, int bytes)
    {
        var b = new byte[bytes];
        rng.NextBytes(b);
        return Convert.ToHexStringLower(b);
    }
}
