using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Turns a split syslog line into a <see cref="LogEntry"/>, one per file parser, sharing the strings that repeat
/// (path, host, program).
/// </summary>
internal sealed class SyslogEntryBuilder
{
    private readonly Utf8StringPool _hosts = new(16);
    private readonly Utf8StringPool _programs = new(256);
    private readonly string _path;
    private readonly LogFormat _format;

    public SyslogEntryBuilder(string path, LogFormat format)
    {
        _path = path;
        _format = format;
    }

    public string? Host(ReadOnlySpan<byte> host) => host.IsEmpty || host.SequenceEqual("-"u8) ? null : _hosts.Get(host);

    public string? Program(ReadOnlySpan<byte> program) => program.IsEmpty || program.SequenceEqual("-"u8) ? null : _programs.Get(program);

    public LogEntry Build(long lineNumber, DateTimeOffset timestamp, string stampText, string timeBasis, string? level, scoped in SyslogTag tag)
    {
        string message = Utf8Text.Decode(tag.Message);
        // An old PAM tag (crond(pam_unix)[1234]:) names the module in the tag; newer PAM writes it at the head of
        // the message (pam_unix(crond:session): ...). Putting it there keeps one place to look for it.
        if (!tag.Subsystem.IsEmpty) message = Utf8Text.Decode(tag.Subsystem) + ": " + message;
        return new LogEntry
        {
            Path = _path,
            LineNumber = lineNumber,
            Format = _format,
            Timestamp = timestamp,
            StampText = stampText,
            HostName = Host(tag.Host),
            Program = tag.HasTag ? Program(tag.Program) : null,
            ProcessId = tag.ProcessId,
            Level = level,
            Message = message,
            TimeBasis = timeBasis,
        };
    }
}
