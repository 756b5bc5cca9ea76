using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Updates.Timers;

/// <summary>
/// Reads the systemd timer units of a bundle: <c>*.timer</c> files under <c>etc/systemd/system</c>, <c>run/systemd/system</c>,
/// <c>usr/lib/systemd/system</c> and <c>lib/systemd/system</c>, and their drop-ins <c>*.timer.d/*.conf</c>, the way systemd
/// loads them: the unit file of the highest-precedence directory wins (/etc over /run over /usr/lib and /lib); drop-ins of
/// every directory apply after it in the order of their file names (a drop-in in /etc replaces one of the same name below).
/// Timer units are not logs: the log reader passes them over, the update analysis reads them here.
/// </summary>
public static class TimerUnitReader
{
    /// <summary>Every timer unit under <paramref name="paths"/> (files or directories); unreadable files and lines are warnings.</summary>
    public static IReadOnlyList<TimerUnit> Read(IEnumerable<string> paths, IReadDiagnostics diagnostics) => Read(paths, diagnostics, null);

    /// <summary>
    /// As <see cref="Read(IEnumerable{string}, IReadDiagnostics)"/>, and also the saved <c>systemctl cat</c> and
    /// <c>systemctl list-timers</c> output of the bundle (<see cref="SystemctlOutput"/>): a timer only <c>systemctl cat</c>
    /// shows is read from it; a list-timers row gives its timer the last trigger (<see cref="TimerUnit.Listing"/>), and a
    /// timer only listed becomes one with no calendar. <paramref name="hostZone"/> places list-timers' local times.
    /// </summary>
    public static IReadOnlyList<TimerUnit> Read(IEnumerable<string> paths, IReadDiagnostics diagnostics, TimeZoneInfo? hostZone)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var units = new Dictionary<string, (int Rank, string Path)>(StringComparer.Ordinal);
        var dropIns = new Dictionary<string, Dictionary<string, (int Rank, string Path)>>(StringComparer.Ordinal);
        var catParts = new Dictionary<string, List<(string Saved, SystemctlOutput.CatPart Part)>>(StringComparer.Ordinal);
        var listings = new Dictionary<string, TimerListing>(StringComparer.Ordinal);
        foreach (var file in BundleFiles.Expand(paths.ToList(), NullDiagnostics.Instance))
        {
            string p = file.Path.Replace('\\', '/');
            if (SystemctlOutput.IsSavedOutput(p))
            {
                if (ReadText(file.Path, diagnostics) is not { } saved) continue;
                foreach (var part in SystemctlOutput.ReadCat(saved))
                {
                    string timer = SystemctlOutput.TimerOf(part);
                    if (!catParts.TryGetValue(timer, out var list)) catParts[timer] = list = [];
                    list.Add((file.Path, part));
                }
                // The newest listing of a timer wins (a later file of the bundle, by path).
                foreach (var row in SystemctlOutput.ReadListTimers(saved, file.Path, hostZone, diagnostics)) listings[row.Timer] = row;
                continue;
            }
            int rank = Rank(p);
            if (rank < 0) continue;
            string name = System.IO.Path.GetFileName(p);
            string? parent = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(p));
            if (name.EndsWith(".timer", StringComparison.Ordinal))
            {
                if (!units.TryGetValue(name, out var have) || rank > have.Rank) units[name] = (rank, file.Path);
            }
            else if (parent is not null && parent.EndsWith(".timer.d", StringComparison.Ordinal) && name.EndsWith(".conf", StringComparison.Ordinal))
            {
                string unit = parent[..^2];
                if (!dropIns.TryGetValue(unit, out var byName)) dropIns[unit] = byName = new(StringComparer.Ordinal);
                if (!byName.TryGetValue(name, out var have) || rank > have.Rank) byName[name] = (rank, file.Path);
            }
        }

        var result = new List<TimerUnit>();
        var names = units.Keys.Union(catParts.Keys).Union(listings.Keys).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var state = new State();
            string path;
            if (units.TryGetValue(name, out var main))
            {
                // The unit files of the bundle's tree win over saved systemctl cat output.
                path = main.Path;
                Apply(state, main.Path, diagnostics);
                if (dropIns.TryGetValue(name, out var extra))
                    foreach (var (_, d) in extra.OrderBy(e => e.Key, StringComparer.Ordinal)) Apply(state, d.Path, diagnostics);
            }
            else if (catParts.TryGetValue(name, out var parts))
            {
                // systemctl cat shows the unit and its drop-ins in the order systemd applied them.
                path = parts[0].Saved;
                foreach (var (saved, part) in parts) ApplyText(state, part.Text, saved, diagnostics, part.HeaderLine + 1);
            }
            else path = listings[name].Path;
            listings.TryGetValue(name, out var listing);
            result.Add(new TimerUnit
            {
                Name = name,
                Path = path,
                Listing = listing,
                Unit = state.Unit ?? (listing is { Activates.Length: > 0 } ? listing.Activates : name[..^".timer".Length] + ".service"),
                Calendars = state.Calendars.Select(c => c.Spec).ToList(),
                CalendarEvidence = state.Calendars.Select(c => c.Evidence).ToList(),
                RandomizedDelay = state.RandomizedDelay,
                Accuracy = state.Accuracy,
                Persistent = state.Persistent,
            });
        }
        return result;
    }

    /// <summary>Reads one unit file or drop-in text into <paramref name="state"/> (for tests and the fuzz target).</summary>
    internal static void ApplyText(State state, string text, string path, IReadDiagnostics diagnostics, int firstLine = 1)
    {
        bool inTimer = false;
        int number = firstLine - 1;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                inTimer = line == "[Timer]";
                continue;
            }
            if (!inTimer) continue;
            int eq = line.IndexOf('=');
            if (eq <= 0) continue;
            string key = line[..eq].Trim(), value = line[(eq + 1)..].Trim();
            switch (key)
            {
                case "OnCalendar":
                    if (value.Length == 0) state.Calendars.Clear();
                    else if (CalendarSpec.TryParse(value, out var spec)) state.Calendars.Add((spec, $"{path}:{number}: {line}"));
                    else diagnostics.Warning(path, number, $"{path}:{number}: OnCalendar={value} is not a calendar event this reader understands; the timer is read without it.");
                    break;
                case "RandomizedDelaySec":
                    if (SystemdTimeSpan.TryParse(value, out var delay)) state.RandomizedDelay = delay;
                    else if (value.Length > 0) diagnostics.Warning(path, number, $"{path}:{number}: RandomizedDelaySec={value} is not a time span.");
                    break;
                case "AccuracySec":
                    if (SystemdTimeSpan.TryParse(value, out var accuracy)) state.Accuracy = accuracy;
                    break;
                case "Persistent":
                    state.Persistent = value is "true" or "yes" or "1" or "on";
                    break;
                case "Unit":
                    if (value.Length > 0) state.Unit = value;
                    break;
            }
        }
    }

    private static void Apply(State state, string path, IReadDiagnostics diagnostics)
    {
        if (ReadText(path, diagnostics) is { } text) ApplyText(state, text, path, diagnostics);
    }

    private static string? ReadText(string path, IReadDiagnostics diagnostics)
    {
        try
        {
            using var opened = LogFileOpener.Open(path);
            using var reader = new StreamReader(opened.Content);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            diagnostics.Warning(path, 0, $"{path}: could not be read: {e.Message}");
            return null;
        }
    }

    // Load-path precedence (systemd.unit(5)): /etc/systemd/system, then /run/systemd/system, then /usr/lib and /lib.
    private static int Rank(string path)
    {
        if (path.Contains("/etc/systemd/system/", StringComparison.Ordinal)) return 3;
        if (path.Contains("/run/systemd/system/", StringComparison.Ordinal)) return 2;
        if (path.Contains("/usr/lib/systemd/system/", StringComparison.Ordinal) || path.Contains("/lib/systemd/system/", StringComparison.Ordinal)) return 1;
        return -1;
    }

    /// <summary>A timer's settings while its files are read.</summary>
    internal sealed class State
    {
        public List<(CalendarSpec Spec, string Evidence)> Calendars { get; } = [];
        public TimeSpan RandomizedDelay { get; set; }
        public TimeSpan Accuracy { get; set; } = TimeSpan.FromMinutes(1);
        public bool Persistent { get; set; }
        public string? Unit { get; set; }
    }
}
