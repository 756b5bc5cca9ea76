using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Finds the crontabs in a bundle by their place (<c>/etc/crontab</c>, <c>cron.d/</c>, <c>spool/cron/</c>): crontabs are
/// not logs, so the reader passes them over, but update runs are matched against them.
/// </summary>
public static class BundleCrontabs
{
    /// <summary>Every cron job in the crontabs under <paramref name="paths"/> (files or directories).</summary>
    public static IReadOnlyList<CronJob> Read(IEnumerable<string> paths, IReadDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var jobs = new List<CronJob>();
        // The log reader's walk (no link followed, regular files only, each once); what it cannot reach it reports itself.
        foreach (var file in BundleFiles.Expand(paths.ToList(), NullDiagnostics.Instance))
        {
            if (!IsCrontabPlace(file.Path)) continue;
            jobs.AddRange(CrontabReader.ReadFile(file.Path, diagnostics));
        }
        return jobs;
    }

    /// <summary>True for a path where cron keeps its tables.</summary>
    public static bool IsCrontabPlace(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string f = file.Replace('\\', '/');
        return f.EndsWith("/crontab", StringComparison.Ordinal) || f.Contains("/cron.d/", StringComparison.Ordinal)
            || f.Contains("/spool/cron/", StringComparison.Ordinal);
    }
}
