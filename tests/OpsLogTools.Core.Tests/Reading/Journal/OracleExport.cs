using System.Buffers.Binary;
using System.Text;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// An entry of journalctl's export output, parsed here independently of the engine's own export reader (a few lines
/// after systemd's docs/JOURNAL_EXPORT_FORMATS.md), so the oracle side of a comparison shares no code with the reader.
/// </summary>
public sealed record OracleEntry(long Realtime, long Monotonic, string BootId, string SeqnumId, long Seqnum, List<(string Name, byte[] Value)> Fields);

public static class OracleExport
{
    public static List<OracleEntry> Parse(byte[] export)
    {
        var entries = new List<OracleEntry>();
        int at = 0;
        long realtime = -1, monotonic = -1, seqnum = 0;
        string boot = "", seqnumId = "";
        var fields = new List<(string, byte[])>();
        while (at <= export.Length)
        {
            int nl = at < export.Length ? Array.IndexOf(export, (byte)'\n', at) : -1;
            if (nl < 0) nl = export.Length;
            if (nl == at)
            {
                if (fields.Count > 0 || realtime >= 0) entries.Add(new OracleEntry(realtime, monotonic, boot, seqnumId, seqnum, fields));
                fields = new();
                realtime = monotonic = -1;
                seqnum = 0;
                boot = seqnumId = "";
                at = nl + 1;
                if (nl >= export.Length) break;
                continue;
            }
            var line = export.AsSpan(at, nl - at);
            int eq = line.IndexOf((byte)'=');
            string name;
            byte[] value;
            if (eq >= 0)
            {
                name = Encoding.ASCII.GetString(line[..eq]);
                value = line[(eq + 1)..].ToArray();
                at = nl + 1;
            }
            else
            {
                name = Encoding.ASCII.GetString(line);
                int len = (int)BinaryPrimitives.ReadUInt64LittleEndian(export.AsSpan(nl + 1, 8));
                value = export.AsSpan(nl + 9, len).ToArray();
                at = nl + 9 + len + 1;
            }
            string text = Encoding.UTF8.GetString(value);
            switch (name)
            {
                case "__CURSOR":
                    foreach (string part in text.Split(';'))
                    {
                        if (part.StartsWith("s=")) seqnumId = part[2..];
                        if (part.StartsWith("i=")) seqnum = Convert.ToInt64(part[2..], 16);
                    }
                    break;
                case "__REALTIME_TIMESTAMP": realtime = long.Parse(text); break;
                case "__MONOTONIC_TIMESTAMP": monotonic = long.Parse(text); break;
                case "_BOOT_ID": boot = text; fields.Add((name, value)); break;
                default:
                    if (!name.StartsWith("__")) fields.Add((name, value));
                    break;
            }
        }
        return entries;
    }
}
