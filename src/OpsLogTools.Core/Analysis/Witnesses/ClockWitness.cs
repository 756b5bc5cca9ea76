using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Witnesses;

/// <summary>
/// Recognises what time daemons, systemd, timedated, journald and the kernel write about the clock, in syslog files and
/// journal exports alike. Plain ordinal prefix tests on the program's own message texts (each quoted from its source
/// below): no regex on untrusted text, constant work per line.
/// </summary>
public static class ClockWitness
{
    private const StringComparison Ord = StringComparison.Ordinal;
    private const int MaxDetail = 200;
    // A step of more than a few centuries is no clock step (chrony's own limit on a step is far below it).
    private const double MaxStepSeconds = 1e10;

    /// <summary>The programs whose lines can be clock witnesses (a cheap filter before <see cref="TryRead"/>).</summary>
    public static bool IsWitnessProgram(string? program) => program is "chronyd" or "chrony" or "ntpd" or "systemd-timesyncd" or "systemd"
        or "systemd-timedated" or "systemd-journald" or "kernel";

    /// <summary>The clock event a log line states, or null when it states none.</summary>
    public static ClockEvent? Read(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!TryRead(entry.Program, entry.Message, out var kind, out double? step, out string? detail)) return null;
        return new ClockEvent
        {
            Time = entry.Timestamp,
            Kind = kind,
            StepSeconds = step,
            Detail = detail,
            Source = entry.Program ?? "",
            Path = entry.Path,
            LineNumber = entry.LineNumber,
            Line = entry.Message,
        };
    }

    /// <summary>Reads one message of <paramref name="program"/>: what it says about the clock, the step it prints, what it names.</summary>
    public static bool TryRead(string? program, string message, out ClockEventKind kind, out double? step, out string? detail)
    {
        kind = default;
        step = null;
        detail = null;
        if (program is null || message is null || !IsWitnessProgram(program)) return false;
        var m = message.AsSpan().Trim();
        return program switch
        {
            "chronyd" or "chrony" => Chrony(WithoutIsoPrefix(m), ref kind, ref step, ref detail),
            "ntpd" => Ntpd(m, ref kind, ref step),
            "systemd-timesyncd" => Timesyncd(m, ref kind, ref detail),
            "systemd" => Systemd(m, ref kind, ref step, ref detail),
            "systemd-timedated" => Timedated(m, ref kind, ref detail),
            "systemd-journald" => Journald(m, ref kind, ref detail),
            "kernel" => Kernel(WithoutPrintkTime(m), ref kind, ref detail),
            _ => false,
        };
    }

    // chrony: reference.c LOG(LOGS_WARN, "System clock wrong by %.6f seconds, adjustment started", -offset) (3.x; 4.x also
    // "System clock wrong by %.6f seconds" before a step); local.c "System clock was stepped by %.6f seconds"; sources.c
    // "Selected source %s", "Can't synchronise: no majority" / "no selectable sources" / "no sources"; ntp_sources.c
    // "Source %s online" / "Source %s offline"; sched.c "Forward time jump detected!" / "Backward time jump detected!";
    // 4.8 "System clock interference detected (another NTP client?)".
    private static bool Chrony(ReadOnlySpan<char> m, ref ClockEventKind kind, ref double? step, ref string? detail)
    {
        if (m.StartsWith("System clock wrong by ", Ord) && Number(m["System clock wrong by ".Length..], out double wrong))
        {
            (kind, step) = (ClockEventKind.ClockWrong, wrong);
            return true;
        }
        if (m.StartsWith("System clock was stepped by ", Ord) && Number(m["System clock was stepped by ".Length..], out double stepped))
        {
            (kind, step) = (ClockEventKind.ClockStepped, stepped);
            return true;
        }
        if (m.StartsWith("Selected source ", Ord))
        {
            (kind, detail) = (ClockEventKind.SourceSelected, Detail(m["Selected source ".Length..]));
            return true;
        }
        if (m.StartsWith("Can't synchronise: ", Ord) || m.StartsWith("Can't synchronize: ", Ord))
        {
            (kind, detail) = (ClockEventKind.SourceLost, Detail(m["Can't synchronise: ".Length..]));
            return true;
        }
        if (m.StartsWith("Source ", Ord) && (m.EndsWith(" offline", Ord) || m.EndsWith(" online", Ord)))
        {
            bool off = m.EndsWith(" offline", Ord);
            var name = m["Source ".Length..^(off ? " offline".Length : " online".Length)];
            if (name.IsEmpty || name.Contains(' ')) return false;
            (kind, detail) = (off ? ClockEventKind.SourceLost : ClockEventKind.SourceOnline, Detail(name));
            return true;
        }
        if (m.SequenceEqual("Forward time jump detected!") || m.SequenceEqual("Backward time jump detected!"))
        {
            (kind, detail) = (ClockEventKind.TimeJump, m[0] == 'F' ? "forward" : "backward");
            return true;
        }
        if (m.StartsWith("System clock interference detected", Ord))
        {
            (kind, detail) = (ClockEventKind.TimeJump, "interference (another program set the clock)");
            return true;
        }
        return false;
    }

    // ntpd: ntp_loopfilter.c msyslog(LOG_NOTICE, "time reset %+.6f s", fp_offset) and msyslog(LOG_ERR, "time correction of
    // %.0f seconds exceeds sanity limit (%.0f); set clock manually to the correct UTC time.", fp_offset, clock_panic).
    private static bool Ntpd(ReadOnlySpan<char> m, ref ClockEventKind kind, ref double? step)
    {
        if (m.StartsWith("time reset ", Ord) && Number(m["time reset ".Length..], out double reset))
        {
            (kind, step) = (ClockEventKind.ClockStepped, reset);
            return true;
        }
        const string correction = "time correction of ";
        if (m.StartsWith(correction, Ord) && m.Contains(" seconds exceeds sanity limit", Ord) && Number(m[correction.Length..], out double wrong))
        {
            (kind, step) = (ClockEventKind.ClockWrong, wrong);
            return true;
        }
        return false;
    }

    // systemd-timesyncd: timesyncd-manager.c log_info("Initial clock synchronization to %s.") and log_info("Timed out waiting for
    // reply from %s."); timesyncd.c log_info("System clock time unset or jumped backwards, restoring from recorded timestamp: %s")
    // (older systemd, as on the Raspberry Pi of realdata/kjournald, 2021: "Initial synchronization to time server %s (%s)."; v255 and later: "System clock time advanced to recorded timestamp: %s" / "... to built-in epoch: %s").
    private static bool Timesyncd(ReadOnlySpan<char> m, ref ClockEventKind kind, ref string? detail)
    {
        foreach (string prefix in (ReadOnlySpan<string>)["Initial clock synchronization to ", "Initial synchronization to time server ", "System clock time unset or jumped backwards, restoring from recorded timestamp: ",
                     "System clock time advanced to recorded timestamp: ", "System clock time advanced to built-in epoch: "])
        {
            if (!m.StartsWith(prefix, Ord)) continue;
            (kind, detail) = (ClockEventKind.ClockSet, Detail(m[prefix.Length..]));
            return true;
        }
        if (m.StartsWith("Timed out waiting for reply from ", Ord))
        {
            (kind, detail) = (ClockEventKind.SourceLost, Detail(m["Timed out waiting for reply from ".Length..]));
            return true;
        }
        return false;
    }

    // systemd (pid 1): core/main.c log_info("System time before build time, advancing clock.") (newer: "System time is before
    // build time, advancing clock.") and log_info("RTC configured in localtime, applying delta of %i minutes to system time.").
    // clock_set_timezone() hands the kernel tz_minuteswest = -delta, so the clock moves back by the delta: an RTC kept in
    // Tokyo time (delta 540) is read 9 hours ahead until then.
    private static bool Systemd(ReadOnlySpan<char> m, ref ClockEventKind kind, ref double? step, ref string? detail)
    {
        if (m.StartsWith("System time ", Ord) && m.Contains("before build time, advancing clock", Ord))
        {
            (kind, detail) = (ClockEventKind.ClockSet, "build time");
            return true;
        }
        const string rtc = "RTC configured in localtime, applying delta of ";
        if (m.StartsWith(rtc, Ord))
        {
            var rest = m[rtc.Length..];
            int sp = rest.IndexOf(' ');
            if (sp <= 0 || !int.TryParse(rest[..sp], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int minutes) || Math.Abs(minutes) > 24 * 60)
                return false;
            (kind, step, detail) = (ClockEventKind.RtcLocalTime, -minutes * 60.0, $"RTC read as local time, {minutes} minute(s) from UTC");
            return true;
        }
        return false;
    }

    // systemd-timedated: timedated.c log_struct(... "Changed local time to %s") and "Changed time zone to '%s' (%s)." (older: "Changed
    // time zone to '%s'.").
    private static bool Timedated(ReadOnlySpan<char> m, ref ClockEventKind kind, ref string? detail)
    {
        if (m.StartsWith("Changed local time to ", Ord))
        {
            (kind, detail) = (ClockEventKind.ClockSet, Detail(m["Changed local time to ".Length..]));
            return true;
        }
        const string zone = "Changed time zone to '";
        if (m.StartsWith(zone, Ord))
        {
            var rest = m[zone.Length..];
            int close = rest.IndexOf('\'');
            if (close <= 0) return false;
            (kind, detail) = (ClockEventKind.TimeZoneChanged, Detail(rest[..close]));
            return true;
        }
        return false;
    }

    // systemd-journald: journald-server.c log_ratelimit_info(..., "Time jumped backwards, rotating.").
    private static bool Journald(ReadOnlySpan<char> m, ref ClockEventKind kind, ref string? detail)
    {
        if (!m.StartsWith("Time jumped backwards, rotating", Ord)) return false;
        (kind, detail) = (ClockEventKind.TimeJump, "backward");
        return true;
    }

    // Linux: kernel/time/clocksource.c pr_warn("timekeeping watchdog on CPU%d: Marking clocksource '%s' as unstable because the skew
    // is too large:\n") and pr_info("Switched to clocksource %s\n") (pr_fmt "clocksource: "); before 2.6.28 printk("Time: %s
    // clocksource has been installed.\n"); arch/x86/kernel/tsc.c "Marking TSC unstable due to %s"; kernel/time/hrtimer.c
    // "hrtimer: interrupt took %llu ns\n"; drivers/rtc (hctosys) "%s: setting system clock to %ptRd %ptRt UTC (%lld)" with
    // the device's name first (rtc_cmos 00:02).
    private static bool Kernel(ReadOnlySpan<char> m, ref ClockEventKind kind, ref string? detail)
    {
        if (m.StartsWith("clocksource: ", Ord))
        {
            var rest = m["clocksource: ".Length..];
            if (rest.StartsWith("Switched to clocksource ", Ord))
            {
                (kind, detail) = (ClockEventKind.ClocksourceSwitched, Detail(rest["Switched to clocksource ".Length..]));
                return true;
            }
            const string marking = "Marking clocksource '";
            int at = rest.IndexOf(marking, Ord);
            if (at >= 0 && rest.Contains("as unstable", Ord))
            {
                var name = rest[(at + marking.Length)..];
                int close = name.IndexOf('\'');
                (kind, detail) = (ClockEventKind.SourceLost, "clocksource " + Detail(close > 0 ? name[..close] : name) + " unstable");
                return true;
            }
            return false;
        }
        if (m.StartsWith("Time: ", Ord) && m.EndsWith(" clocksource has been installed.", Ord))
        {
            (kind, detail) = (ClockEventKind.ClocksourceSwitched, Detail(m["Time: ".Length..^" clocksource has been installed.".Length]));
            return true;
        }
        if (m.StartsWith("tsc: Marking TSC unstable due to ", Ord))
        {
            (kind, detail) = (ClockEventKind.SourceLost, "clocksource tsc unstable: " + Detail(m["tsc: Marking TSC unstable due to ".Length..]));
            return true;
        }
        if (m.StartsWith("hrtimer: interrupt took ", Ord))
        {
            (kind, detail) = (ClockEventKind.TimerStall, Detail(m["hrtimer: interrupt took ".Length..]));
            return true;
        }
        if (m.StartsWith("rtc", Ord))
        {
            int at = m.IndexOf(": setting system clock to ", Ord);
            if (at <= 0 || at > 64) return false;
            (kind, detail) = (ClockEventKind.ClockSet, Detail(m[(at + ": setting system clock to ".Length)..]));
            return true;
        }
        return false;
    }

    /// <summary>A signed decimal at the start of <paramref name="s"/> (<c>-32400.283303</c>, <c>+0.839 s</c>), finite.</summary>
    internal static bool Number(ReadOnlySpan<char> s, out double value)
    {
        int end = 0;
        value = 0;
        while (end < s.Length && end < 32 && (char.IsAsciiDigit(s[end]) || s[end] is '.' or '-' or '+')) end++;
        // The number ends the message or a word: a run of 32 digits and more is no step a daemon printed.
        if (end < s.Length && s[end] != ' ') return false;
        return double.TryParse(s[..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && Math.Abs(value) <= MaxStepSeconds;
    }

    private static string Detail(ReadOnlySpan<char> s)
    {
        s = s.Trim().TrimEnd('.');
        return (s.Length > MaxDetail ? s[..MaxDetail] : s).ToString();
    }

    /// <summary>chronyd run in the foreground (journald catches its stderr) prefixes its own UTC stamp: <c>2022-01-03T14:32:44Z Selected source ...</c>.</summary>
    private static ReadOnlySpan<char> WithoutIsoPrefix(ReadOnlySpan<char> m)
    {
        if (m.Length > 21 && m[4] == '-' && m[7] == '-' && m[10] == 'T' && m[19] == 'Z' && m[20] == ' ' && char.IsAsciiDigit(m[0]))
            return m[21..];
        return m;
    }

    /// <summary>Kernel lines from the ring buffer carry the time since boot or the caller first: <c>[    0.590005] </c>, <c>[    T1] </c>.</summary>
    private static ReadOnlySpan<char> WithoutPrintkTime(ReadOnlySpan<char> m)
    {
        while (m.Length > 2 && m[0] == '[')
        {
            int close = m.IndexOf(']');
            if (close < 0 || close > 24) return m;
            foreach (char c in m[1..close])
            {
                if (!(c is ' ' or '.' or 'T' or 'C' || char.IsAsciiDigit(c))) return m;
            }
            m = m[(close + 1)..].TrimStart();
        }
        return m;
    }
}
