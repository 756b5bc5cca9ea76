namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Logins and privilege use around a displaced run's start and end (issue 16): who was at the host when its stamps
/// went wrong and when they came right. A login by a source that guessed passwords before (an intrusion) at an edge
/// weighs against a plain clock fault; any other access is cited, and its absence said, with the login witnesses
/// the bundle had and lacked.
/// </summary>
internal static class AccessWitnesses
{
    private static readonly long Window = TimeSpan.FromMinutes(10).Ticks;
    private const int MaxCited = 4;

    /// <summary>(reasons cited, reasons against) for a run whose members are <paramref name="members"/>.</summary>
    public static (List<string> Cited, List<string> Against) Reasons(BundleFacts bundle, List<DisplacedRun> members, long offsetTicks)
    {
        var cited = new List<string>();
        var against = new List<string>();
        var head = members.FirstOrDefault(m => m.IsHead) ?? members[0];
        var tail = head.Chain?.Tail ?? head;
        long trueStart = head.File.Stamp[head.First] - offsetTicks, trueEnd = tail.File.Stamp[tail.Last] - offsetTicks;
        var atStart = new List<(long Ticks, FileFacts File, AccessLine Line)>();
        var atEnd = new List<(long Ticks, FileFacts File, AccessLine Line)>();
        foreach (var f in bundle.Files)
        {
            foreach (var a in f.Access)
            {
                long t = f.Stamp[a.Index];
                // A line inside the run was stamped by the wrong clock: its true time is the stamp less the offset.
                if (members.Any(m => ReferenceEquals(m.File, f) && a.Index >= m.First && a.Index <= m.Last)) t -= offsetTicks;
                if (Math.Abs(t - trueStart) <= Window) atStart.Add((t, f, a));
                else if (Math.Abs(t - trueEnd) <= Window) atEnd.Add((t, f, a));
            }
        }
        Wipes(bundle, trueStart, trueEnd, cited, against);
        // Named by the programs and formats the bundle holds (as the clock witnesses are), not by the lines taken: the
        // timeline's windows take only some lines, and must say the same.
        string[] programs = ["sshd", "sshd-session", "sudo", "su"];
        if (!programs.Any(p => bundle.ProgramId(p) >= 0) && !bundle.Files.Any(f => f.Format is Model.LogFormat.Utmp or Model.LogFormat.Audit))
        {
            cited.Add("Tamper check (witnesses): no login or privilege-use record in the bundle (no sshd Accepted, sudo or su line, no wtmp, no audit USER_LOGIN): who was at the host when the stamps went wrong cannot be told. Absent: secure/auth.log, wtmp, audit.log logins.");
            return (cited, against);
        }
        foreach (var (name, list) in new[] { ("start", atStart), ("end", atEnd) })
        {
            if (list.Count == 0)
            {
                cited.Add($"Tamper check (witnesses): no login or privilege use (sshd, sudo, su, wtmp, audit) within 10 minutes of the run's {name}.");
                continue;
            }
            var ordered = list.OrderBy(x => x.Ticks).ToList();
            string lines = string.Join("; ", ordered.Take(MaxCited).Select(x => $"{x.File.Where(x.Line.Index)} {x.Line.Text}"));
            cited.Add($"Tamper check (witnesses): {ordered.Count} login(s) or privilege use within 10 minutes of the run's {name}: {lines}{(ordered.Count > MaxCited ? " …" : "")}.");
            foreach (var (_, f, a) in ordered.Where(x => x.Line.IsLogin && x.Line.Source is { } s && bundle.IntruderSources.Contains(s)))
                against.Add($"a login from {a.Source}, which guessed passwords before, {f.Where(a.Index)} within 10 minutes of the run's {name}: an intruder was at the host when its stamps changed.");
        }
        return (cited, against);
    }

    /// <summary>
    /// Zeroed or unreadable slots between two wtmp/btmp records: a wiper's sign. Between records stamped around or
    /// inside the run it weighs against a clock fault; elsewhere it is cited.
    /// </summary>
    private static void Wipes(BundleFacts bundle, long trueStart, long trueEnd, List<string> cited, List<string> against)
    {
        foreach (var f in bundle.Files)
        {
            foreach (var (index, from, slots, offset) in f.WipedSlots)
            {
                long to = f.Stamp[index];
                string when = from == long.MinValue
                    ? $"before the first record ({f.Where(index)}, {Words.Time(f.StampAt(index))})"
                    : $"between records stamped {Words.Time(f.InstantNear(from, index))} and {Words.Time(f.StampAt(index))} ({f.Where(index)})";
                string text = $"{Words.File(f.Path)} has {slots} zeroed or unreadable login record(s) at byte offset {offset} {when}";
                bool near = (from == long.MinValue || from <= trueEnd + Window) && to >= trueStart - Window;
                if (near) against.Add(text + ": records were wiped around or inside the run, a log wiper's sign.");
                else cited.Add("Tamper check (witnesses): " + text + ", away from this run.");
            }
            if (f.Count > 0 && f.TrailingWipedSlots() is { } tail)
            {
                // Nothing was written after them: the wiped records date from after the last record kept, to the file's end.
                int last = f.Count - 1;
                string text = $"{Words.File(f.Path)} has {tail.Slots} zeroed or unreadable login record(s) at byte offset {tail.Offset}, after its last record "
                    + $"({f.Where(last)}, stamped {Words.Time(f.StampAt(last))}) and with none after them";
                if (f.Stamp[last] <= trueEnd + Window) against.Add(text + ": records written after the last one kept, around or after the run, were wiped, a log wiper's sign.");
                else cited.Add("Tamper check (witnesses): " + text + ", after this run.");
            }
        }
    }
}
