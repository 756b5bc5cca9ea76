using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Reads crontabs: system ones (<c>/etc/crontab</c>, <c>/etc/cron.d/*</c>: a user field after the schedule) and user
/// ones (<c>/var/spool/cron/&lt;user&gt;</c>, <c>crontab -l</c> output: no user field). Comments, blank lines and
/// <c>NAME=value</c> lines are passed over (<c>CRON_TZ</c> is kept for the jobs below it); schedules are parsed by Cronos.
/// </summary>
public static class CrontabReader
{
    // A crontab is a few kB; anything this big is not one.
    private const int MaxBytes = 1 << 20;

    private static readonly Dictionary<string, string?> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
        ["@reboot"] = null,
    };

    // Words that start a command, so a sixth field that is one of these is not a user name.
    private static readonly HashSet<string> CommandWords = new(StringComparer.Ordinal)
    {
        "yum", "dnf", "yum-cron", "dnf-automatic", "run-parts", "cd", "sh", "bash", "test", "[", "flock", "nice", "ionice",
        "sudo", "echo", "find", "php", "python", "python3", "perl", "curl", "wget", "certbot", "sleep", "env", "timeout",
        "nohup", "rm", "cp", "mv", "tar", "gzip", "logrotate", "systemctl", "service", "docker", "rsync", "aws", "mysqldump",
    };

    /// <summary>
    /// Reads one crontab file (opened read-only and shared). <paramref name="hasUserField"/> null decides from the path
    /// (<c>/etc/crontab</c>, <c>cron.d</c> → yes; <c>spool/cron</c> → no, the file name is the user) and else from the lines.
    /// </summary>
    public static IReadOnlyList<CronJob> ReadFile(string path, IReadDiagnostics diagnostics, bool? hasUserField = null, string? owner = null)
    {
        byte[] bytes;
        try
        {
            // As every input: a regular file only (a FIFO would block), and no lock taken.
            using var stream = LogFileOpener.OpenRegularFile(path, out _);
            if (stream.Length > MaxBytes)
            {
                diagnostics.Error(path, ErrorIds.UnknownFormat, $"{path} is {stream.Length} bytes: too big for a crontab, passed over.");
                return [];
            }
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(path, e is FileNotFoundException or DirectoryNotFoundException ? ErrorIds.FileNotFound : ErrorIds.FileUnreadable,
                $"Cannot read crontab {path}: {e.Message}", e);
            return [];
        }

        var kind = PathKind(path);
        if (owner is null && kind == false) owner = System.IO.Path.GetFileName(path);
        return Parse(bytes, path, hasUserField ?? kind, owner, diagnostics);
    }

    /// <summary>Parses crontab text given as a string (tests, <c>crontab -l</c> captured by a script).</summary>
    public static IReadOnlyList<CronJob> Parse(string text, string path, bool? hasUserField, string? owner, IReadDiagnostics diagnostics) =>
        Parse(Encoding.UTF8.GetBytes(text), path, hasUserField, owner, diagnostics);

    /// <summary>Parses crontab bytes. <paramref name="hasUserField"/> null guesses from the lines (said in a verbose line).</summary>
    public static IReadOnlyList<CronJob> Parse(ReadOnlySpan<byte> bytes, string path, bool? hasUserField, string? owner, IReadDiagnostics diagnostics)
    {
        var lines = new List<string>();
        while (!bytes.IsEmpty)
        {
            int nl = bytes.IndexOf((byte)'\n');
            var line = nl < 0 ? bytes : bytes[..nl];
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            lines.Add(Utf8Text.Decode(line));
            bytes = nl < 0 ? default : bytes[(nl + 1)..];
        }

        bool userField = hasUserField ?? GuessUserField(lines, path, diagnostics);
        var jobs = new List<CronJob>();
        string? cronTz = null;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text[0] == '#') continue;
            if (text.IndexOf('\0') >= 0)
            {
                diagnostics.Warning(path, i + 1, "NUL bytes in a crontab line; line passed over.");
                continue;
            }

            if (!IsJobStart(text))
            {
                int eq = text.IndexOf('=');
                if (eq > 0)
                {
                    var name = text[..eq].Trim();
                    if (name.Equals("CRON_TZ", StringComparison.Ordinal)) cronTz = Unquote(text[(eq + 1)..].Trim()).ToString();
                    continue;
                }
                diagnostics.Warning(path, i + 1, $"Not a crontab job or variable line: {Shorten(line)}");
                continue;
            }

            var job = ParseJob(text, line, path, i + 1, userField, owner, cronTz, diagnostics);
            if (job is not null) jobs.Add(job);
        }
        return jobs;
    }

    /// <summary>True for paths that are system crontabs (user field), false for spool files (no user field), null when the path does not say.</summary>
    public static bool? PathKind(string path)
    {
        string p = path.Replace('\\', '/');
        if (p.Contains("/spool/cron", StringComparison.Ordinal)) return false;
        if (p.Contains("/cron.d/", StringComparison.Ordinal) || p.EndsWith("/etc/crontab", StringComparison.Ordinal) || p == "etc/crontab") return true;
        return null;
    }

    private static bool IsJobStart(ReadOnlySpan<char> text)
    {
        if (text[0] == '@') return true;
        // A variable line is NAME=value with nothing but a name before '='; a job starts with a schedule field.
        char c = text[0];
        if (!(char.IsAsciiDigit(c) || c == '*')) return false;
        int eq = text.IndexOf('='), space = text.IndexOfAny(' ', '\t');
        return eq < 0 || (space >= 0 && space < eq);
    }

    private static CronJob? ParseJob(ReadOnlySpan<char> text, string line, string path, int lineNumber, bool userField, string? owner,
        string? cronTz, IReadDiagnostics diagnostics)
    {
        int scheduleFields = text[0] == '@' ? 1 : 5;
        var fields = new List<string>(6);
        var rest = text;
        int wanted = scheduleFields + (userField ? 1 : 0);
        while (fields.Count < wanted)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty) break;
            int end = rest.IndexOfAny(' ', '\t');
            if (end < 0) end = rest.Length;
            fields.Add(rest[..end].ToString());
            rest = rest[end..];
        }
        string command = rest.Trim().ToString();
        if (fields.Count < wanted || command.Length == 0)
        {
            diagnostics.Warning(path, lineNumber, $"Crontab line has too few fields: {Shorten(line)}");
            return null;
        }

        string schedule;
        string? expressionText;
        if (scheduleFields == 1)
        {
            schedule = fields[0];
            if (!Macros.TryGetValue(schedule, out expressionText))
            {
                diagnostics.Warning(path, lineNumber, $"Unknown cron macro {schedule}; job kept without a schedule.");
                expressionText = null;
            }
        }
        else
        {
            schedule = string.Join(' ', fields.Take(5));
            expressionText = schedule;
        }

        var expressions = new List<Cronos.CronExpression>();
        if (expressionText is not null)
        {
            var parts = expressionText.Split(' ');
            // crontab(5): when neither day field starts with '*', a day matches if EITHER matches; Cronos requires both.
            string[] texts = parts[2][0] != '*' && parts[4][0] != '*'
                ? [$"{parts[0]} {parts[1]} {parts[2]} {parts[3]} *", $"{parts[0]} {parts[1]} * {parts[3]} {parts[4]}"]
                : [expressionText];
            foreach (var t in texts)
            {
                if (Cronos.CronExpression.TryParse(t, Cronos.CronFormat.Standard, out var e)) expressions.Add(e);
                else
                {
                    diagnostics.Warning(path, lineNumber, $"Cron schedule '{schedule}' could not be read; job kept without a schedule.");
                    expressions.Clear();
                    break;
                }
            }
        }

        var update = UpdateCommand.Classify(command);
        return new CronJob
        {
            Schedule = schedule,
            User = userField ? fields[scheduleFields] : owner,
            Command = command,
            Path = path,
            LineNumber = lineNumber,
            Line = line.Trim(),
            TimeZoneId = cronTz,
            UpdateMatch = update.Match,
            UpdateKind = update.Match == UpdateJobMatch.None ? null : update.Trigger,
            Expressions = expressions.ToArray(),
        };
    }

    private static bool GuessUserField(List<string> lines, string path, IReadDiagnostics diagnostics)
    {
        int jobs = 0, userLike = 0;
        foreach (var line in lines)
        {
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text[0] == '#' || !IsJobStart(text)) continue;
            jobs++;
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            int skip = text[0] == '@' ? 1 : 5;
            if (words.Length > skip + 1 && LooksLikeUser(words[skip])) userLike++;
        }
        bool guess = jobs > 0 && userLike == jobs;
        diagnostics.Verbose(guess
            ? $"{path}: every job has a user name after its schedule, read as a system crontab."
            : $"{path}: read as a user crontab (no user field).");
        return guess;
    }

    private static bool LooksLikeUser(string word)
    {
        if (word.Length > 32 || CommandWords.Contains(word) || word.EndsWith(".sh", StringComparison.Ordinal) || word.EndsWith(".py", StringComparison.Ordinal)) return false;
        if (!(char.IsAsciiLetterLower(word[0]) || word[0] == '_')) return false;
        foreach (char c in word)
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.')) return false;
        return true;
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
