using System.Buffers.Binary;
using System.Text;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// Seeded export streams for systemd-journal-remote to turn into real journal files: boots of a host, each a run of
/// entries with monotonic time since boot, big messages (over systemd's 512-byte threshold, so objects are
/// compressed), binary fields (NUL and control bytes, invalid UTF-8), a field written twice, and optionally a clock
/// step inside one boot (realtime jumps while monotonic runs on).
/// </summary>
public sealed class JournalExportGenerator
{
    private static readonly string[] Programs = ["sshd", "systemd", "kernel", "httpd", "CROND", "chronyd", "sudo"];
    private static readonly string[] Units = ["sshd.service", "httpd.service", "crond.service", "chronyd.service", "init.scope"];

    /// <summary>A generated boot: its id, and the realtime − monotonic of its entries (before and after a step).</summary>
    public sealed record Boot(string Id, long FirstRealtime, int Entries);

    /// <summary>The clock step written, when there is one: which boot, the first entry after it, its size in microseconds,
    /// the stream index (0-based) of the first entry stamped by the stepped clock and of the last one (the entry before the
    /// clock steps back, or the boot's last entry).</summary>
    public sealed record Step(string BootId, long FirstRealtimeAfter, long Microseconds, int EntryIndex, int LastEntryIndex);

    public required int Seed { get; init; }
    public int Boots { get; init; } = 1;
    public int EntriesPerBoot { get; init; } = 200;
    public long StepMicroseconds { get; init; }
    /// <summary>When over 0: the clock steps back to true time after this many entries of the stepped clock.</summary>
    public int StepLength { get; init; }
    /// <summary>Writes the witness lines at the step: journald's "Time jumped backwards, rotating." (a step back) and
    /// chronyd's line where the clock returns; a step forward: timesyncd's initial synchronisation.</summary>
    public bool WitnessesAtStep { get; init; }
    public DateTimeOffset Start { get; init; } = new(2022, 7, 19, 21, 0, 0, TimeSpan.Zero);
    public string HostName { get; init; } = "ip-172-26-1-10";

    public List<Boot> WrittenBoots { get; } = new();
    public Step? WrittenStep { get; private set; }

    public byte[] Generate()
    {
        var random = new Random(Seed);
        var output = new MemoryStream();
        long realtime = (Start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 + random.Next(0, 1_000_000);
        int global = 0;
        for (int b = 0; b < Boots; b++)
        {
            string boot = Hex(random, 16);
            long monotonic = 2_000_000 + random.Next(0, 3_000_000);
            long offset = realtime - monotonic; // realtime − monotonic: constant within a boot but for a step
            WrittenBoots.Add(new Boot(boot, realtime, EntriesPerBoot));
            int stepAt = StepMicroseconds != 0 && b == Boots / 2 ? EntriesPerBoot / 2 + random.Next(-10, 10) : -1;
            int returnAt = stepAt >= 0 && StepLength > 0 ? Math.Min(stepAt + StepLength, EntriesPerBoot) : -1;
            for (int i = 0; i < EntriesPerBoot; i++, global++)
            {
                (string, string)? said = null;
                if (i == stepAt)
                {
                    offset += StepMicroseconds;
                    int last = returnAt >= 0 ? global + (returnAt - stepAt) - 1 : global + (EntriesPerBoot - stepAt) - 1;
                    WrittenStep = new Step(boot, offset + monotonic, StepMicroseconds, global, last);
                    if (WitnessesAtStep && StepMicroseconds < 0) said = ("systemd-journald", "Time jumped backwards, rotating.");
                    // A step forward witnessed by timesyncd's first synchronisation: the clock before it was the wrong one.
                    else if (WitnessesAtStep) said = ("systemd-timesyncd", "Initial clock synchronization to time server 10.0.0.1:123 (ntp.example).");
                }
                if (i == returnAt)
                {
                    offset -= StepMicroseconds;
                    if (WitnessesAtStep) said = ("chronyd", $"System clock was stepped by {(-StepMicroseconds / 1e6).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture)} seconds");
                }
                long rt = offset + monotonic;
                WriteEntry(output, random, rt, monotonic, boot, global, said);
                monotonic += random.Next(1, 120_000_000);
            }
            realtime = offset + monotonic + random.Next(30_000_000, 600_000_000); // down for a while, then the next boot
        }
        return output.ToArray();
    }

    private void WriteEntry(MemoryStream output, Random random, long realtime, long monotonic, string boot, int n, (string Program, string Message)? said = null)
    {
        if (said is { } s)
        {
            // A witness line: fixed program and message, the rest as any entry.
            Text(output, "__REALTIME_TIMESTAMP", realtime.ToString());
            Text(output, "__MONOTONIC_TIMESTAMP", monotonic.ToString());
            Text(output, "_BOOT_ID", boot);
            Text(output, "_HOSTNAME", HostName);
            Text(output, "SYSLOG_IDENTIFIER", s.Program);
            Text(output, "_PID", random.Next(1, 40000).ToString());
            Text(output, "PRIORITY", "6");
            Text(output, "MESSAGE", s.Message);
            output.WriteByte((byte)'\n');
            return;
        }
        Text(output, "__REALTIME_TIMESTAMP", realtime.ToString());
        Text(output, "__MONOTONIC_TIMESTAMP", monotonic.ToString());
        Text(output, "_BOOT_ID", boot);
        Text(output, "_HOSTNAME", HostName);
        string program = Programs[random.Next(Programs.Length)];
        if (random.Next(4) != 0) Text(output, "SYSLOG_IDENTIFIER", program);
        Text(output, "_COMM", program.ToLowerInvariant());
        Text(output, "_PID", random.Next(1, 40000).ToString());
        Text(output, "PRIORITY", random.Next(0, 8).ToString());
        if (random.Next(3) != 0) Text(output, "_SYSTEMD_UNIT", Units[random.Next(Units.Length)]);
        Text(output, "_TRANSPORT", random.Next(2) == 0 ? "syslog" : "journal");
        string message = $"entry {n} from {program}: " + random.Next() + (random.Next(3) == 0 ? " ünïcödé ✓" : "");
        switch (random.Next(8))
        {
            case 0:
                // Over 512 bytes and compressible: systemd compresses the object.
                message += " " + string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog ", 20 + random.Next(200)));
                Text(output, "MESSAGE", message);
                break;
            case 1:
                // A newline makes the value binary in the export format.
                Binary(output, "MESSAGE", Encoding.UTF8.GetBytes(message + "\n  second line"));
                break;
            case 2:
                // Not UTF-8 at all.
                Binary(output, "MESSAGE", [.. Encoding.ASCII.GetBytes("bad bytes "), 0xFF, 0xFE, 0x00, 0x1B, (byte)'[', (byte)'3', (byte)'1', (byte)'m']);
                break;
            default:
                Text(output, "MESSAGE", message);
                break;
        }
        if (random.Next(5) == 0)
        {
            var bytes = new byte[random.Next(1, 2000)];
            random.NextBytes(bytes);
            Binary(output, "COREDUMP_BLOB", bytes);
        }
        if (random.Next(6) == 0)
        {
            Text(output, "TAG", "first");
            Text(output, "TAG", "second " + random.Next(3));
        }
        output.WriteByte((byte)'\n');
    }

    private static void Text(MemoryStream output, string name, string value)
    {
        output.Write(Encoding.UTF8.GetBytes(name + "=" + value + "\n"));
    }

    private static void Binary(MemoryStream output, string name, byte[] value)
    {
        output.Write(Encoding.ASCII.GetBytes(name + "\n"));
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)value.Length);
        output.Write(size);
        output.Write(value);
        output.WriteByte((byte)'\n');
    }

    private static string Hex(Random random, int bytes)
    {
        var b = new byte[bytes];
        random.NextBytes(b);
        return Convert.ToHexStringLower(b);
    }
}
