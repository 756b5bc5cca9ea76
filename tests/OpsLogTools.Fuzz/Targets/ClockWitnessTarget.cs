using OpsLogTools.Core.Analysis.Witnesses;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// The clock witnesses: <see cref="ClockWitness.TryRead"/> on each line as the message of every witness program, and the
/// input read as audit.log, grouped by <see cref="AuditEvents"/> and read by <see cref="AuditWitness"/>. A printed step
/// must be finite and bounded, a detail short, every record in exactly one event.
/// </summary>
internal static class ClockWitnessTarget
{
    private static readonly string[] Programs = ["chronyd", "ntpd", "systemd-timesyncd", "systemd", "systemd-timedated", "systemd-journald", "kernel"];

    /// <summary>Hand-written seeds: one line of each witness in its daemon's words, and a time-change audit event.</summary>
    public const string Seeds = """
        System clock wrong by -32400.283303 seconds
        System clock was stepped by -9.300000 seconds
        Can't synchronise: no selectable sources
        time reset +3599.811047 s
        time correction of 70551 seconds exceeds sanity limit (1000); set clock manually to the correct UTC time.
        RTC configured in localtime, applying delta of 540 minutes to system time.
        Changed time zone to 'Asia/Tokyo' (JST).
        [    0.608904] clocksource: Switched to clocksource hpet
        rtc_cmos 00:00: setting system clock to 2018-08-09 03:55:16 UTC (1533786916)
        type=SYSCALL msg=audit(1690000000.123:500): arch=c000003e syscall=164 success=yes exit=0 comm="date" exe="/usr/bin/date" key="time-change"
        type=TIME_INJOFFSET msg=audit(1690000000.123:500): sec=-10 nsec=700000000
        type=EOE msg=audit(1690000000.123:500):
        """;

    public static void Run(byte[] input)
    {
        string text = Utf8Text.Decode(input);
        foreach (string line in text.Split('\n'))
        {
            foreach (string program in Programs)
            {
                if (!ClockWitness.TryRead(program, line, out _, out double? step, out string? detail)) continue;
                FuzzCheck.That(step is null || (double.IsFinite(step.Value) && Math.Abs(step.Value) <= 1e10), $"step {step} is not a bounded number");
                FuzzCheck.That(detail is null || detail.Length <= 200, "detail longer than 200 characters");
            }
        }

        var parser = new AuditFormat().CreateParser(new ParserContext("/var/log/audit/audit.log",
            new StampClock(TimeReference.AtInstant(new DateTimeOffset(2023, 7, 22, 4, 26, 40, TimeSpan.Zero), TimeZoneInfo.Utc, "fuzz", "fuzz"))));
        using var reader = new LineReader(new MemoryStream(input, writable: false), 1 << 16);
        var records = new List<AuditEntry>();
        long n = 0;
        while (reader.TryReadLine(out var line) && records.Count < 4096)
        {
            if (parser.TryParse(line, ++n, out var entry) == LineParseStatus.Parsed) records.Add((AuditEntry)entry!);
        }
        var events = AuditEvents.Group(records);
        FuzzCheck.That(events.Sum(e => e.Count) == records.Count, "a record is in no event or in two");
        foreach (var e in events)
        {
            FuzzCheck.That(e.All(r => r.Serial == e[0].Serial && r.Timestamp == e[0].Timestamp), "an event mixes serials or stamps");
            if (AuditWitness.Read(e) is { } clock)
                FuzzCheck.That(clock.StepSeconds is null || double.IsFinite(clock.StepSeconds.Value), "audit step is not finite");
        }
    }
}
