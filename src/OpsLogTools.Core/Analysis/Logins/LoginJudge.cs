using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>Turns each source's tally into a <see cref="LoginActivity"/> with its kind and a sentence for the admin.</summary>
internal static class LoginJudge
{
    private const string Stamp = "yyyy-MM-dd HH:mm:ss zzz";

    public static IReadOnlyList<LoginActivity> Judge(IEnumerable<SourceTally> tallies, LoginOptions options, DateTimeOffset earliest)
    {
        var counted = tallies.Select(t => (Tally: t, Counts: t.Counts())).ToList();
        var campaign = Campaign(counted, options);
        var (windowFrom, windowTo) = Window(options);

        var found = new List<LoginActivity>();
        foreach (var (t, (failures, successes, probes)) in counted)
        {
            bool during = windowFrom is { } wf && t.LastSeen >= wf && t.FirstSeen <= windowTo;
            bool bruteForce = failures >= options.BruteForceFailures;
            bool enumeration = t.InvalidNames.Count >= options.InvalidUserNames;
            bool distributed = campaign.TryGetValue(t.Source, out int campaignSize);
            bool guessed = bruteForce || enumeration || distributed || t.InvalidNames.Count > 0 || failures >= options.SuspiciousFailuresBeforeSuccess;

            DateTimeOffset? successAfterFailure = t.FirstFailure is { } ff ? t.SuccessTimes.Where(s => s >= ff).DefaultIfEmpty(DateTimeOffset.MaxValue).Min() : null;
            if (successAfterFailure == DateTimeOffset.MaxValue) successAfterFailure = null;
            DateTimeOffset? firstSuccess = t.SuccessTimes.Count > 0 ? t.SuccessTimes.Min() : null;

            LoginActivityKind kind;
            string detail;
            string users = Users(t.SuccessfulUsers.Count > 0 ? t.SuccessfulUsers : t.Users);
            if (successes > 0 && guessed && successAfterFailure is { } won)
            {
                kind = LoginActivityKind.SuccessAfterFailures;
                detail = $"{t.Source} logged in as {Users(t.SuccessfulUsers)} at {Format(won)} after {failures} failed tr{(failures == 1 ? "y" : "ies")} since {Format(t.FirstFailure!.Value)}"
                    + (t.InvalidNames.Count > 0 ? $" ({t.InvalidNames.Count} unknown user name(s))" : "")
                    + (distributed ? $", one of {campaignSize} sources guessing within a day" : "")
                    + ": a guessed password or key worked; check what the session did.";
                firstSuccess = won;
            }
            else if (successes > 0 && windowFrom is { } from && firstSuccess is { } first && first >= from && first <= windowTo
                     && earliest < from && t.SuccessTimes.All(s => s >= from))
            {
                kind = LoginActivityKind.NewSourceLogin;
                detail = $"{t.Source} logged in as {Users(t.SuccessfulUsers)} at {Format(first)}, near the incident, and never logged in before it (the logs reach back to {Format(earliest)}).";
            }
            else if (successes > 0)
            {
                if (!options.IncludeOrdinary) continue;
                kind = LoginActivityKind.Login;
                detail = $"{successes} login(s) as {users}" + (failures > 0 ? $", {failures} failed tr{(failures == 1 ? "y" : "ies")} (typing mistakes, not guessing)." : ".");
            }
            else if (enumeration)
            {
                kind = LoginActivityKind.InvalidUsers;
                detail = $"{t.InvalidNames.Count} unknown user names tried ({Users(t.InvalidNames.Order(StringComparer.Ordinal).ToList())}), {failures} failed tries from {Format(t.FirstSeen)} to {Format(t.LastSeen)}; none succeeded.";
            }
            else if (bruteForce)
            {
                kind = LoginActivityKind.BruteForce;
                detail = $"{failures} failed logins for {users} from {Format(t.FirstSeen)} to {Format(t.LastSeen)}; none succeeded.";
            }
            else if (distributed)
            {
                kind = LoginActivityKind.DistributedGuessing;
                detail = $"{failures} failed tr{(failures == 1 ? "y" : "ies")} for {users}: one of {campaignSize} sources that each tried a few times within a day; none succeeded.";
            }
            else if (failures == 0 && probes >= options.ScanProbes)
            {
                kind = LoginActivityKind.Scan;
                detail = $"{probes} connections that never tried to log in (banner, key exchange, timeout) from {Format(t.FirstSeen)} to {Format(t.LastSeen)}.";
            }
            else if (failures > 0 && options.IncludeOrdinary)
            {
                kind = LoginActivityKind.FailedLogin;
                detail = $"{failures} failed tr{(failures == 1 ? "y" : "ies")} for {users}; too few to be guessing.";
            }
            else continue;

            found.Add(new LoginActivity
            {
                Source = t.Source,
                Kind = kind,
                IsAttack = kind is not (LoginActivityKind.Login or LoginActivityKind.FailedLogin),
                Users = t.Users.ToList(),
                SuccessfulUsers = t.SuccessfulUsers.ToList(),
                InvalidUsers = t.InvalidNames.Count,
                Services = t.Services.ToList(),
                Attempts = failures + successes,
                Failures = failures,
                Successes = successes,
                Probes = probes,
                FirstSeen = t.FirstSeen,
                LastSeen = t.LastSeen,
                FirstSuccess = firstSuccess,
                DuringIncident = during,
                Detail = (during && kind != LoginActivityKind.NewSourceLogin ? "During the incident: " : "") + detail,
                Witnesses = t.Witnesses.ToList(),
                Evidence = t.EvidenceLines(options.MaxEvidence),
            });
        }
        return found
            .OrderBy(a => a.Kind)
            .ThenBy(a => a.DuringIncident ? 0 : 1)
            .ThenByDescending(a => a.Failures)
            .ThenBy(a => a.FirstSeen)
            .ThenBy(a => a.Source, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The incident window widened by the margin; (null, max) without a window.</summary>
    private static (DateTimeOffset? From, DateTimeOffset To) Window(LoginOptions options)
    {
        if (options.IncidentStart is null && options.IncidentEnd is null) return (null, DateTimeOffset.MaxValue);
        var from = options.IncidentStart is { } s ? s - options.Margin : DateTimeOffset.MinValue;
        var to = options.IncidentEnd is { } e && e < DateTimeOffset.MaxValue - options.Margin ? e + options.Margin : DateTimeOffset.MaxValue;
        return (from, to);
    }

    /// <summary>
    /// Sources that failed a few times each (below the brute-force mark) and never succeeded, when at least
    /// <see cref="LoginOptions.DistributedSources"/> of them fall within one <see cref="LoginOptions.DistributedWindow"/>:
    /// each with the size of the first such group it is in.
    /// </summary>
    private static Dictionary<string, int> Campaign(List<(SourceTally Tally, (int Failures, int Successes, int Probes) Counts)> counted, LoginOptions options)
    {
        var few = counted
            .Where(c => c.Counts.Failures > 0 && c.Counts.Failures < options.BruteForceFailures && c.Counts.Successes == 0)
            .Select(c => (c.Tally.Source, Time: c.Tally.FirstFailure ?? c.Tally.FirstSeen))
            .OrderBy(c => c.Time)
            .ToList();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        int lo = 0, marked = -1;
        for (int hi = 0; hi < few.Count; hi++)
        {
            while (few[hi].Time - few[lo].Time > options.DistributedWindow) lo++;
            int size = hi - lo + 1;
            if (size < options.DistributedSources) continue;
            // Each source is marked once (linear in the sources), with the size of the first full window it is in.
            for (int i = Math.Max(lo, marked + 1); i <= hi; i++) result[few[i].Source] = size;
            marked = hi;
        }
        return result;
    }

    private static string Users(IReadOnlyList<string> users) =>
        users.Count == 0 ? "(no user name)" : users.Count <= 5 ? string.Join(", ", users) : string.Join(", ", users.Take(5)) + $" and {users.Count - 5} more";

    private static string Format(DateTimeOffset t) => t.ToString(Stamp, CultureInfo.InvariantCulture);
}
