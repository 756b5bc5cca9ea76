using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpsLogTools.Bench;

/// <summary>
/// The journal section's input: a seeded export stream of a busy host (the shape of the test generator
/// <c>JournalExportGenerator</c>, streamed instead of held in memory) piped into Debian's
/// <c>/lib/systemd/systemd-journal-remote</c>, which writes real journal files (zstd, keyed hash, compact). Entries carry
/// the fields journald itself adds (about twenty: _MACHINE_ID, _CMDLINE, _SYSTEMD_CGROUP, …), so most data objects are
/// shared between entries as on a real host; one message in eight is big and compressible (zstd-compressed objects),
/// one in forty is binary, and a new boot starts every 100,000 entries.
/// </summary>
internal static class LargeJournalExport
{
    private static readonly (string Program, string Unit, string Exe, string Cmdline)[] Services =
    [
        ("sshd", "ssh.service", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"),
        ("systemd", "init.scope", "/usr/lib/systemd/systemd", "/sbin/init"),
        ("kernel", "", "", ""),
        ("httpd", "httpd.service", "/usr/sbin/httpd", "/usr/sbin/httpd -DFOREGROUND"),
        ("CROND", "crond.service", "/usr/sbin/crond", "/usr/sbin/crond -n"),
        ("chronyd", "chronyd.service", "/usr/sbin/chronyd", "/usr/sbin/chronyd -F 2"),
        ("sudo", "session-4.scope", "/usr/bin/sudo", "sudo dnf update"),
        ("dbus-broker", "dbus-broker.service", "/usr/bin/dbus-broker", "dbus-broker --log 4 --controller 9 --machine-id"),
        ("NetworkManager", "NetworkManager.service", "/usr/sbin/NetworkManager", "/usr/sbin/NetworkManager --no-daemon"),
        ("amazon-ssm-agent", "amazon-ssm-agent.service", "/usr/bin/amazon-ssm-agent", "/usr/bin/amazon-ssm-agent"),
    ];

    /// <summary>Writes <paramref name="entries"/> entries into journal files under <paramref name="directory"/>
    /// (journal-remote rotates a full file: the directory may hold several).</summary>
    public static void Write(string directory, long entries, int seed)
    {
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("/lib/systemd/systemd-journal-remote", ["--output=" + Path.Combine(directory, "system.journal"), "-"])
        {
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("systemd-journal-remote did not start");
        using (var output = new BufferedStream(process.StandardInput.BaseStream, 1 << 20))
        {
            WriteExport(output, entries, seed);
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"systemd-journal-remote exited with {process.ExitCode}");
    }

    /// <summary>The export stream itself.</summary>
    public static void WriteExport(Stream output, long entries, int seed)
    {
        var random = new Random(seed);
        string machine = Hex(random, 16);
        long realtime = (new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        string boot = "";
        long monotonic = 0;
        var invocations = new string[Services.Length];
        var pids = new int[Services.Length];
        var entry = new MemoryStream(4096);
        for (long n = 0; n < entries; n++)
        {
            if (n % 100_000 == 0)
            {
                boot = Hex(random, 16);
                realtime += 60_000_000;
                monotonic = 3_000_000 + random.Next(2_000_000);
                for (int s = 0; s < Services.Length; s++)
                {
                    invocations[s] = Hex(random, 16);
                    pids[s] = random.Next(300, 4000);
                }
            }
            long step = random.Next(1, 3_000_000);
            realtime += step;
            monotonic += step;
            int k = random.Next(Services.Length);
            var (program, unit, exe, cmdline) = Services[k];
            if (random.Next(50) == 0) pids[k] = random.Next(300, 400_000); // a new process of the service now and then
            entry.SetLength(0);
            Text(entry, "__REALTIME_TIMESTAMP", realtime.ToString(CultureInfo.InvariantCulture));
            Text(entry, "__MONOTONIC_TIMESTAMP", monotonic.ToString(CultureInfo.InvariantCulture));
            Text(entry, "_BOOT_ID", boot);
            Text(entry, "_MACHINE_ID", machine);
            Text(entry, "_HOSTNAME", "ip-172-31-7-19.eu-west-1.compute.internal");
            Text(entry, "PRIORITY", random.Next(8) == 0 ? "4" : "6");
            Text(entry, "SYSLOG_FACILITY", program == "kernel" ? "0" : "3");
            Text(entry, "SYSLOG_IDENTIFIER", program);
            if (program == "kernel")
            {
                Text(entry, "_TRANSPORT", "kernel");
            }
            else
            {
                Text(entry, "_TRANSPORT", random.Next(3) == 0 ? "syslog" : "stdout");
                Text(entry, "_PID", pids[k].ToString(CultureInfo.InvariantCulture));
                Text(entry, "_UID", "0");
                Text(entry, "_GID", "0");
                Text(entry, "_COMM", program.ToLowerInvariant());
                Text(entry, "_EXE", exe);
                Text(entry, "_CMDLINE", cmdline);
                Text(entry, "_CAP_EFFECTIVE", "1ffffffffff");
                Text(entry, "_SELINUX_CONTEXT", "system_u:system_r:unconfined_service_t:s0");
                Text(entry, "_SYSTEMD_CGROUP", "/system.slice/" + unit);
                Text(entry, "_SYSTEMD_UNIT", unit);
                Text(entry, "_SYSTEMD_SLICE", "system.slice");
                Text(entry, "_SYSTEMD_INVOCATION_ID", invocations[k]);
                Text(entry, "_STREAM_ID", invocations[(k + 1) % Services.Length]);
            }
            if (program == "systemd")
            {
                Text(entry, "CODE_FILE", "src/core/job.c");
                Text(entry, "CODE_LINE", (580 + random.Next(4)).ToString(CultureInfo.InvariantCulture));
                Text(entry, "CODE_FUNC", "job_emit_done_message");
                Text(entry, "MESSAGE_ID", "39f53479d3a045ac8e11786248231fbf");
            }
            Text(entry, "_SOURCE_REALTIME_TIMESTAMP", (realtime - random.Next(1, 500)).ToString(CultureInfo.InvariantCulture));
            string message = $"{program}[{pids[k]}]: request {n} from 10.0.{random.Next(256)}.{random.Next(256)} took {random.Next(1, 5000)} ms";
            switch (random.Next(40))
            {
                case < 5:
                    // Over 512 bytes and compressible: journal-remote stores the object zstd-compressed.
                    var big = new StringBuilder(message).Append(" trace:");
                    int frames = 20 + random.Next(200);
                    for (int f = 0; f < frames; f++) big.Append(" at Frame").Append(random.Next(40)).Append("(Module.cs:").Append(random.Next(900)).Append(')');
                    Text(entry, "MESSAGE", big.ToString());
                    break;
                case 5:
                    Binary(entry, "MESSAGE", [.. Encoding.ASCII.GetBytes("bad bytes "), 0xFF, 0xFE, 0x00, 0x1B, (byte)'[', (byte)'3', (byte)'1', (byte)'m']);
                    break;
                default:
                    Text(entry, "MESSAGE", message);
                    break;
            }
            entry.WriteByte((byte)'\n');
            entry.WriteTo(output);
        }
    }

    private static void Text(Stream output, string name, string value) => output.Write(Encoding.UTF8.GetBytes(name + "=" + value + "\n"));

    private static void Binary(Stream output, string name, byte[] value)
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
