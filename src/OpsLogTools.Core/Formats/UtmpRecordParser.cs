using System.Globalization;
using System.Net;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading.Records;
using OpsLogTools.Core.Reading.Utmp;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// <see cref="UtmpRecord"/> → <see cref="LoginRecordEntry"/>, for one file: keeps the last <c>OLD_TIME</c> record so the
/// <c>NEW_TIME</c> record after it carries the exact step, and words the message as <c>last</c> would.
/// </summary>
internal sealed class UtmpRecordParser(ParserContext context) : IRecordParser
{
    private readonly bool _failedLogins = System.IO.Path.GetFileName(context.Path).StartsWith("btmp", StringComparison.OrdinalIgnoreCase);
    private long? _oldTimeTicks;

    /// <inheritdoc />
    public LineParseStatus TryParse(LogRecord record, out LogEntry? entry)
    {
        entry = null;
        if (record is not UtmpRecord utmp || UtmpLayout.TypeName(utmp.Type) is not { } kind) return LineParseStatus.Malformed;
        long ticks = utmp.Seconds * TimeSpan.TicksPerSecond + utmp.Microseconds * 10L;
        double? step = null;
        if (utmp.Type == 3 && _oldTimeTicks is { } old) step = (ticks - old) / (double)TimeSpan.TicksPerSecond;
        _oldTimeTicks = utmp.Type == 4 ? ticks : null;
        var utc = DateTimeOffset.UnixEpoch.AddTicks(ticks);
        entry = new LoginRecordEntry
        {
            Path = record.Path,
            LineNumber = record.Ordinal,
            Offset = record.Offset,
            Format = LogFormat.Utmp,
            Timestamp = JournalEntryBuilder.InHostZone(utc, context.Clock.Reference),
            StampText = utmp.Seconds.ToString(CultureInfo.InvariantCulture) + "." + utmp.Microseconds.ToString("D6", CultureInfo.InvariantCulture),
            ProcessId = utmp.ProcessId,
            Kind = kind,
            User = utmp.User,
            Line = utmp.Line,
            TerminalId = utmp.Id,
            Host = utmp.Host,
            Address = AddressText(utmp.Address),
            Session = utmp.Session,
            TerminationStatus = utmp.Termination,
            ExitStatus = utmp.ExitStatus,
            StepSeconds = step,
            Message = Summary(utmp, step),
        };
        return LineParseStatus.Parsed;
    }

    /// <summary><c>ut_addr_v6</c> as text: IPv4 when only the first word is set, IPv6 otherwise, null when all zero.</summary>
    internal static string? AddressText(byte[] address)
    {
        if (address.Length != 16 || !address.AsSpan().ContainsAnyExcept((byte)0)) return null;
        return address.AsSpan(4).ContainsAnyExcept((byte)0)
            ? new IPAddress(address).ToString()
            : new IPAddress(address.AsSpan(0, 4)).ToString();
    }

    private string Summary(UtmpRecord r, double? step)
    {
        string from = r.Host.Length > 0 ? " from " + r.Host : "";
        return r.Type switch
        {
            7 when _failedLogins => $"failed login by {r.User} on {r.Line}{from}",
            7 => $"{r.User} logged in on {r.Line}{from}",
            8 => r.Line.Length > 0 ? $"session on {r.Line} ended" : "process ended",
            2 => r.Host.Length > 0 ? $"system boot (kernel {r.Host})" : "system boot",
            1 when r.User == "shutdown" => "system shutdown",
            1 => RunLevel(r.ProcessId),
            4 => "clock before a change (OLD_TIME)",
            3 => step is { } s ? $"clock changed by {s.ToString("+0.######;-0.######", CultureInfo.InvariantCulture)} s" : "clock changed (NEW_TIME with no OLD_TIME before it)",
            6 => $"login prompt on {r.Line}",
            5 => $"init started process {r.ProcessId.ToString(CultureInfo.InvariantCulture)} (id {r.Id})",
            9 => "accounting record",
            _ => "empty slot",
        };
    }

    private static string RunLevel(int pid)
    {
        char now = (char)(pid & 0xFF), before = (char)((pid >> 8) & 0xFF);
        string level = char.IsAsciiLetterOrDigit(now) ? now.ToString() : (pid & 0xFF).ToString(CultureInfo.InvariantCulture);
        return char.IsAsciiLetterOrDigit(before) ? $"run level {level} (was {before})" : $"run level {level}";
    }
}
