namespace OpsLogTools.Core.Sample;

/// <summary>Everything the host writes, in true time, before stamping and rotation.</summary>
internal sealed class HostLog
{
    private readonly GeneratorContext _ctx;
    private long _seq;

    public HostLog(GeneratorContext ctx) => _ctx = ctx;

    public List<SyslogRecord> Records { get; } = new();
    public List<(DateTimeOffset True, string Text)> YumLines { get; } = new();
    public List<ErrorLogLine> ErrorLines { get; } = new();
    /// <summary>dpkg.log lines of the Debian host (true time).</summary>
    public List<(DateTimeOffset True, string Text)> DpkgLines { get; } = new();
    /// <summary>unattended-upgrades.log lines of the Debian host (true time, with milliseconds).</summary>
    public List<(DateTimeOffset True, string Text)> UnattendedLines { get; } = new();
    /// <summary>dnf's own log lines of the Amazon Linux 2023 host (true time): which file, dnf's level word, the message.</summary>
    public List<(DateTimeOffset True, string File, string Level, string Text)> DnfLines { get; } = new();
    public List<PlannedUpdateRun> UpdateRuns { get; } = new();

    /// <summary>Adds a line when it falls inside the logs; returns it (or null when outside).</summary>
    public SyslogRecord? Add(DateTimeOffset t, SyslogFile file, string program, Numbered? process, Func<string> message)
    {
        if (!_ctx.InLogs(t)) return null;
        var r = new SyslogRecord { True = Truncate(t), File = file, Program = program, Process = process, Message = message, Seq = _seq++ };
        Records.Add(r);
        return r;
    }

    public SyslogRecord? Add(DateTimeOffset t, SyslogFile file, string program, Numbered? process, string message) =>
        Add(t, file, program, process, () => message);

    public void Error(DateTimeOffset t, string module, string level, Numbered pid, Func<string> message)
    {
        if (_ctx.InLogs(t)) ErrorLines.Add(new ErrorLogLine(t, module, level, pid, message, _seq++));
    }

    /// <summary>rsyslog stamps whole seconds.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);
}
