using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// The fast access-line scanner (<see cref="AccessLineScanner"/>) on every line: each field it finds must lie inside
/// the line, and a scanned line must materialize as every access format it says it can be read as.
/// </summary>
internal static class AccessScannerTarget
{
    public static readonly LogFormat[] AccessFormats = [LogFormat.ApacheCommon, LogFormat.ApacheCombined, LogFormat.ApacheVhostCombined, LogFormat.NginxAccess];

    public static void Run(byte[] input)
    {
        using var reader = new LineReader(new MemoryStream(input, writable: false), 1 << 16);
        while (reader.TryReadLine(out var line))
        {
            if (!AccessLineScanner.TryScan(line, out var f)) continue;
            foreach (var (name, range) in (ReadOnlySpan<(string, FieldRange)>)[
                         ("VirtualHost", f.VirtualHost), ("ClientIp", f.ClientIp), ("Ident", f.Ident), ("User", f.User), ("StampText", f.StampText),
                         ("Request", f.Request), ("Method", f.Method), ("Target", f.Target), ("Query", f.Query), ("Protocol", f.Protocol),
                         ("Referer", f.Referer), ("UserAgent", f.UserAgent), ("ForwardedFor", f.ForwardedFor)])
            {
                FuzzCheck.That(!range.IsPresent || (range.Start >= 0 && range.End <= line.Length), $"{name} at {range.Start}+{range.Length} lies outside a {line.Length}-byte line");
            }
            foreach (var format in AccessFormats)
            {
                if (!AccessLineScanner.CanReadAs(f, format)) continue;
                var entry = AccessLineScanner.Materialize(line, f, format, "/var/log/fuzz", reader.LineNumber);
                FuzzCheck.That(entry.Status == f.Status, $"{format}: status {entry.Status}, scanned {f.Status}");
            }
        }
    }
}
