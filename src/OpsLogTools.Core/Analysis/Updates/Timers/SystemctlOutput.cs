using System.Globalization;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Updates.Timers;

/// <summary>
/// systemd's own word on its timers, saved in a bundle as a text file whose name starts with <c>systemctl</c>
/// (<c>systemctl-list-timers.txt</c>, <c>systemctl_cat_dnf-automatic.timer.txt</c>, ...; the content decides which):
/// <list type="bullet">
/// <item><c>systemctl cat UNIT...</c>: each unit file and drop-in after a <c># /path</c> line, in the order systemd applies
/// them; its <c>.timer</c> units are read as if they were those files.</item>
/// <item><c>systemctl list-timers [--all]</c>: a table under the header <c>NEXT LEFT LAST PASSED UNIT ACTIVATES</c>, its
/// columns placed by the header (times such as <c>Fri 2024-03-15 06:23:11 UTC</c>, <c>n/a</c> or <c>-</c>).</item>
/// </list>
/// </summary>
public static class SystemctlOutput
{
    /// <summary>Whether a file of the bundle may be saved systemctl output (its name starts with <c>systemctl</c>).</summary>
    public static bool IsSavedOutput(string path) =>
        Path.GetFileName(path).StartsWith("systemctl", StringComparison.OrdinalIgnoreCase);

    /// <summary>One unit file or drop-in inside <c>systemctl cat</c> output: the path systemd read it from, its text, and the saved line it starts after.</summary>
    public sealed record CatPart(string UnitPath, string Text, int HeaderLine);

    /// <summary>The <c>.timer</c> units and <c>.timer.d/*.conf</c> drop-ins of <c>systemctl cat</c> output, in order; empty when it is none.</summary>
    public static List<CatPart> ReadCat(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<CatPart>();
        string[] lines = text.Split('\n');
        string? current = null;
        int header = 0;
        var body = new List<string>();
        void Flush()
        {
            if (current is not null && IsTimerPart(current)) parts.Add(new CatPart(current, string.Join('\n', body), header));
            body.Clear();
        }
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            // "# /usr/lib/systemd/system/dnf-automatic.timer": systemctl cat's header before each file.
            if (line.StartsWith("# /", StringComparison.Ordinal) && line.IndexOf(' ', 2) < 0)
            {
                Flush();
                current = line[2..];
                header = i + 1;
                continue;
            }
            if (current is not null) body.Add(line);
        }
        Flush();
        return parts;
    }

    private static bool IsTimerPart(string unitPath) =>
        unitPath.EndsWith(".timer", StringComparison.Ordinal)
        || (unitPath.EndsWith(".conf", StringComparison.Ordinal) && Path.GetFileName(Path.GetDirectoryName(unitPath) ?? "").EndsWith(".timer.d", StringComparison.Ordinal));

    /// <summary>The timer of a cat part: the unit's name, or the drop-in directory's without <c>.d</c>.</summary>
    public static string TimerOf(CatPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part.UnitPath.EndsWith(".timer", StringComparison.Ordinal)
            ? Path.GetFileName(part.UnitPath)
            : Path.GetFileName(Path.GetDirectoryName(part.UnitPath) ?? "")[..^2];
    }

    /// <summary>
    /// The rows of <c>systemctl list-timers</c> output (none when the text has no such header). Times in UTC (<c>UTC</c>,
    /// <c>GMT</c>) are placed as such; any other zone abbreviation is the host's, placed in <paramref name="hostZone"/>
    /// (without one, that time is left null with a warning).
    /// </summary>
    public static List<TimerListing> ReadListTimers(string text, string path, TimeZoneInfo? hostZone, IReadDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var rows = new List<TimerListing>();
        string[] lines = text.Split('\n');
        int[]? columns = null;
        bool warned = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (columns is null)
            {
                columns = Columns(line);
                continue;
            }
            if (line.Trim().Length == 0) { columns = null; continue; }
            if (line.Length <= columns[4]) continue;
            string unit = Cell(line, columns[4], columns[5]), activates = Cell(line, columns[5], line.Length);
            if (!unit.EndsWith(".timer", StringComparison.Ordinal) || unit.Contains(' ', StringComparison.Ordinal)) continue;
            var next = Time(Cell(line, columns[0], columns[1]), hostZone, out bool nextUnplaced);
            var last = Time(Cell(line, columns[2], columns[3]), hostZone, out bool lastUnplaced);
            if ((nextUnplaced || lastUnplaced) && !warned)
            {
                warned = true;
                diagnostics.Warning(path, i + 1, $"{path}:{i + 1}: systemctl list-timers printed local times with a zone abbreviation; give -TimeZone to place them.");
            }
            rows.Add(new TimerListing
            {
                Timer = unit,
                Path = path,
                Activates = activates,
                Next = next,
                Last = last,
                Evidence = $"{path}:{i + 1}: {line.Trim()}",
            });
        }
        return rows;
    }

    // The header: NEXT LEFT LAST PASSED UNIT ACTIVATES, each column starting where its word does.
    private static int[]? Columns(string line)
    {
        string[] words = ["NEXT", "LEFT", "LAST", "PASSED", "UNIT", "ACTIVATES"];
        if (!line.StartsWith("NEXT", StringComparison.Ordinal)) return null;
        var at = new int[words.Length];
        int from = 0;
        for (int w = 0; w < words.Length; w++)
        {
            int i = line.IndexOf(words[w], from, StringComparison.Ordinal);
            if (i < 0 || (w > 0 && line[i - 1] != ' ')) return null;
            at[w] = i;
            from = i + words[w].Length;
        }
        return at;
    }

    private static string Cell(string line, int from, int to) =>
        from >= line.Length ? "" : line[from..Math.Min(to, line.Length)].Trim();

    /// <summary><c>Fri 2024-03-15 06:23:11 UTC</c>; null for <c>n/a</c>, <c>-</c> or anything else.</summary>
    private static DateTimeOffset? Time(string cell, TimeZoneInfo? hostZone, out bool unplaced)
    {
        unplaced = false;
        string[] parts = cell.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4) return null;
        if (!DateTime.TryParseExact(parts[1] + " " + parts[2], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)) return null;
        if (parts[3] is "UTC" or "GMT") return new DateTimeOffset(wall, TimeSpan.Zero);
        if (hostZone is null)
        {
            unplaced = true;
            return null;
        }
        // A wall time in the repeated hour is ambiguous: systemd printed the abbreviation, which this reader does not map; take the first.
        var offset = hostZone.IsAmbiguousTime(wall) ? hostZone.GetAmbiguousTimeOffsets(wall).Max() : hostZone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset);
    }
}
