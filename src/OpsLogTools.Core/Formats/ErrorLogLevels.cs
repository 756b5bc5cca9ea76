namespace OpsLogTools.Core.Formats;

/// <summary>The severities Apache (LogLevel) and nginx (error_log) write.</summary>
internal static class ErrorLogLevels
{
    public static bool IsKnown(ReadOnlySpan<byte> s)
    {
        if (s.StartsWith("trace"u8)) return s.Length == 6 && (uint)(s[5] - '1') <= 7; // Apache 2.4 trace1..trace8
        return s.SequenceEqual("error"u8) || s.SequenceEqual("warn"u8) || s.SequenceEqual("notice"u8)
            || s.SequenceEqual("info"u8) || s.SequenceEqual("debug"u8) || s.SequenceEqual("crit"u8)
            || s.SequenceEqual("alert"u8) || s.SequenceEqual("emerg"u8);
    }
}
