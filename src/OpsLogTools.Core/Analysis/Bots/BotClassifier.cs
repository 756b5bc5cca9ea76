using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Turns one client's aggregate into a <see cref="BotActivity"/>, or nothing for an ordinary visitor.</summary>
internal static class BotClassifier
{
    public static BotActivity? Evaluate(ClientState c, SiteKnowledge site, BotDetectorOptions options, IReadOnlyList<string> pathNames, HostOffsets? host = null)
    {
        var evidence = new List<string>();
        var kinds = new List<(BotKind Kind, BotIntent Intent, int Score)>();
        // In the host's zone, like every other time the module shows (a CloudFront-only client's times are UTC).
        var first = host?.ToHost(c.First) ?? c.First;
        var last = host?.ToHost(c.Last) ?? c.Last;

        // Signature paths. A secret name (.env, .git, keys, dumps) is a probe whatever the answer; a name that only
        // looks like one (a CMS path, an archive or a backup by its extension) is a probe only when it is not this
        // site's content (SiteKnowledge.IsContent: a tarball a visitor downloads is content, a guessed name is not).
        long probeRequests = 0, probeNotFound = 0, existingSkipped = 0, probeOk = 0;
        var probePaths = new List<(string Path, FlaggedPath Tally)>();
        var secret = new List<(string Path, FlaggedPath Tally)>();
        var guessed = new List<(string Path, FlaggedPath Tally)>();
        var served = new List<string>();
        if (c.Flagged is not null)
        {
            foreach (var (path, fp) in c.Flagged)
            {
                if (fp.Sensitive is { WhenMissingOnly: false }) { secret.Add((path, fp)); continue; }
                if (site.IsContent(path, c))
                {
                    existingSkipped += fp.Count;
                    if (served.Count < 3) served.Add($"{path} ({site.WhyContent(path, c)})");
                    continue;
                }
                if (fp.Sensitive is not null)
                {
                    guessed.Add((path, fp));
                    continue;
                }
                probePaths.Add((path, fp));
                probeRequests += fp.Count;
                probeNotFound += fp.NotFound;
                probeOk += fp.Ok;
            }
        }
        var flaggedCadence = c.FlaggedCadence();
        bool flaggedScripted = flaggedCadence is { IsScripted: true };

        if (c.LoginPosts >= options.BruteForceMinPosts)
        {
            // Password guessing needs a login that exists here; POSTs to a wp-login.php this site never served are a CMS probe.
            var liveLogins = (c.LoginPathsSeen ?? []).Where(p => site.IsContent(p, c)).ToList();
            if (liveLogins.Count > 0)
            {
                kinds.Add((BotKind.BruteForce, BotIntent.Malicious, Math.Min(100, 70 + (int)(c.LoginPosts / 10))));
                evidence.Add($"{c.LoginPosts} POST requests to login paths ({string.Join(", ", c.LoginPathsSeen ?? [])}): password guessing");
            }
            else
            {
                evidence.Add($"{c.LoginPosts} POST requests to login paths that do not exist on this site ({string.Join(", ", c.LoginPathsSeen ?? [])}): probing, not a password attack on a real login");
            }
        }

        // One guessed backup name alone is a visitor's dead link as often as a scan: a scan asks for several, or for a secret.
        var sensitive = secret.Count > 0 || guessed.Count >= 2 ? secret.Concat(guessed).ToList() : [];
        if (sensitive.Count > 0)
        {
            long req = sensitive.Sum(s => s.Tally.Count);
            bool strong = sensitive.Count >= 2 || req >= 3 || c.StrongScanner is not null;
            kinds.Add((BotKind.SensitiveFileScan, strong ? BotIntent.Malicious : BotIntent.Suspicious, Math.Min(100, (strong ? 75 : 50) + 3 * sensitive.Count)));
            var names = sensitive.Select(s => s.Tally.Sensitive!.Name).Distinct(StringComparer.OrdinalIgnoreCase).Take(6);
            evidence.Add($"{req} requests for {sensitive.Count} sensitive files ({string.Join(", ", names)}): {string.Join(", ", sensitive.OrderByDescending(s => s.Tally.Count).Take(6).Select(s => s.Path))}");
            foreach (var (path, t) in sensitive.Where(s => s.Tally.Ok > 0).Take(5))
                evidence.Add($"{path} answered 2xx/304 {t.Ok} time(s): check that it is not exposed");
        }
        else if (guessed.Count == 1)
        {
            var (path, t) = guessed[0];
            evidence.Add($"{t.Count} request(s) for {path}, named like a {t.Sensitive!.Name} and not served here: one guessed name is not a scan");
        }

        if (probeRequests >= options.MinProbeRequests || probePaths.Count >= 2)
        {
            bool strong = probePaths.Count >= 3 || probeRequests >= 10 || flaggedScripted;
            kinds.Add((BotKind.CmsProbe, strong ? BotIntent.Malicious : BotIntent.Suspicious,
                Math.Min(100, (strong ? 70 : 45) + 2 * probePaths.Count + (flaggedScripted ? 15 : 0))));
            var cms = probePaths.Select(p => p.Tally.Cms!.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            string answers = probeNotFound == probeRequests ? "every answer 404"
                : $"answers: {probeNotFound} × 404, {probeOk} × 2xx/304, {probeRequests - probeNotFound - probeOk} other";
            // "Do not exist" needs a 404 to say so; a server that answers 500 to everything tells nothing.
            string exist = probeOk > 0 ? "none answered 2xx/304 to any other client" : probeNotFound > 0 ? "none exist on this site" : "none answered 2xx/304 here";
            evidence.Add($"{probeRequests} requests to {probePaths.Count} {string.Join("/", cms)} paths; {exist} ({answers})");
        }
        else if (probeRequests > 0)
        {
            evidence.Add($"{probeRequests} request(s) to a CMS path that does not exist here ({probePaths[0].Path})");
        }

        long missingDistinct = c.NotFound?.Count(p => !site.Exists(p)) ?? 0;
        double notFoundShare = c.Requests == 0 ? 0 : c.NotFoundRequests / (double)c.Requests;
        string? guessingPaths = null;
        if (c.StrongScanner is not null)
        {
            kinds.Add((BotKind.Scanner, BotIntent.Malicious, 85));
            evidence.Add($"user agent names a scanner: {c.StrongScanner.Name} ({c.StrongScannerRequests} of {c.Requests} requests)");
        }
        else if (missingDistinct >= options.ScannerMinMissingPaths && notFoundShare >= 0.5)
        {
            bool strong = missingDistinct >= 3 * options.ScannerMinMissingPaths;
            if (strong && notFoundShare >= 0.9) guessingPaths = $"{missingDistinct} guessed paths, {notFoundShare:P0} of its requests 404";
            kinds.Add((BotKind.Scanner, strong ? BotIntent.Malicious : BotIntent.Suspicious, strong ? 75 : 55));
            evidence.Add($"{missingDistinct} distinct paths answered 404 that never answered 2xx/304 to anyone; {notFoundShare:P0} of its requests were 404: path guessing");
        }
        else if (c.WeakScanner is not null && missingDistinct >= 5 && notFoundShare >= 0.5)
        {
            kinds.Add((BotKind.Scanner, BotIntent.Suspicious, 50));
            evidence.Add($"{missingDistinct} distinct paths answered 404 ({notFoundShare:P0} of its requests)");
        }
        else if (NotHttp(c) is { } notHttp)
        {
            kinds.Add((BotKind.Scanner, BotIntent.Suspicious, 55));
            evidence.Add($"{notHttp} of its {c.Requests} requests were answered 400 Bad Request: the server could not read them as HTTP (TLS handshakes or other bytes sent to a plain-HTTP port, broken request lines): probing, not browsing");
        }
        if (c.WeakScanner is not null && kinds.Count > 0)
            evidence.Add($"user agent is a generic HTTP library ({c.WeakScanner.Name}, {c.WeakScannerRequests} requests): honest scripts use it too, so on its own it proves nothing");
        if (existingSkipped > 0 && kinds.Count > 0)
            evidence.Add($"{existingSkipped} request(s) for paths that look like probe targets but are this site's content were not counted: {string.Join(", ", served)}");

        bool claimsCrawler = c.Crawler is not null && c.CrawlerRequests * 2 >= c.Requests;
        if (claimsCrawler && !CrawlerClaimContradicted(c, kinds, probePaths.Concat(sensitive).ToList(), guessingPaths, evidence))
        {
            var cr = c.Crawler!;
            if (!options.IncludeBenign) return null;
            kinds.Clear();
            kinds.Add((BotKind.Crawler, BotIntent.Benign, 60));
            evidence.Add($"claims to be {cr.Name} by user agent; not verified by reverse DNS{Verify(cr)}");
            if (c.FetchedRobots) evidence.Add("fetched /robots.txt, as polite crawlers do");
        }

        if (kinds.Count == 0) return null;
        // Measured only for the clients reported: sorting every ordinary visitor's times would be most of Finish.
        var allCadence = c.Cadence();

        kinds.Sort((a, b) => Rank(a.Kind).CompareTo(Rank(b.Kind)));
        var primary = kinds[0];
        var intent = kinds.Max(k => k.Intent);
        int score = kinds.Where(k => k.Intent == intent).Max(k => k.Score);

        var cadence = flaggedCadence is { } fc && fc.Intervals >= (allCadence?.Intervals ?? 0) / 2 && primary.Kind is BotKind.CmsProbe or BotKind.SensitiveFileScan
            ? fc : allCadence;
        if (cadence is { } cad)
        {
            evidence.Add(cad.Describe());
            if (cad.IsScripted && primary.Intent != BotIntent.Benign) score = Math.Min(100, score + 5);
        }
        evidence.Add($"active {FormatSpan(last - first)}: {first.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)} to {last.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}");
        if (c.Source == AddressSource.ForwardedFor)
            evidence.Add($"address taken from X-Forwarded-For behind a CloudFront edge or trusted proxy ({c.ViaForwardedFor} of {c.Requests} requests)");
        if (c.IsNetwork)
            evidence.Add($"{c.Address}: {(c.AddressesCapped ? "more than " : "")}{c.AddressesSeen} addresses of one IPv6 /64 network (e.g. {string.Join(", ", c.SampleAddresses)}), counted as one client: "
                + "a host picks new addresses in its /64 at will, so blocking one address would not stop it");
        if (c.IsCdnEdge)
            evidence.Add($"{c.Address} is a CloudFront edge: it stands for every visitor routed through that edge, never block it; add the CloudFront logs (or log X-Forwarded-For) to see the real client");
        if (!site.Complete)
            evidence.Add("the site's path table hit its size limit: 'never answered 2xx' is less certain");

        var samples = probePaths.Concat(sensitive).OrderByDescending(p => p.Tally.Count).Select(p => p.Path)
            .Concat(c.Sample(pathNames)).Distinct(StringComparer.Ordinal).Take(ClientState.MaxSamplePaths).ToArray();

        return new BotActivity
        {
            ClientIp = c.Address,
            Kind = primary.Kind,
            OtherKinds = kinds.Skip(1).Select(k => k.Kind).ToArray(),
            Intent = intent,
            Score = score,
            Requests = c.Requests,
            FirstSeen = first,
            LastSeen = last,
            MedianIntervalSeconds = allCadence?.MedianSeconds,
            DistinctPaths = c.DistinctPaths,
            DistinctPathsCapped = c.PathsCapped,
            SamplePaths = samples,
            // Keys as text in ascending numeric order (SortedDictionary<int, long> enumerates in order).
            StatusCounts = c.StatusCounts().ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            UserAgents = c.UserAgents(),
            AddressSource = c.Source,
            IsCdnEdge = c.IsCdnEdge,
            AddressesSeen = c.AddressesSeen,
            AddressesSeenCapped = c.AddressesCapped,
            SampleAddresses = c.IsNetwork ? c.SampleAddresses.ToArray() : [],
            Evidence = evidence,
        };
    }

    // Requests that contradict a crawler claim only count as evidence when there are several of them: a genuine
    // crawler follows links, and a link can lead anywhere, even to /.env or a stale archive. No crawler address
    // ranges ship with the module, so behaviour is the only evidence (never a network lookup).
    private const int ForgedMinRequests = 3;
    private const int ForgedMinPaths = 2;
    internal const int NotHttpMinRequests = 10;

    /// <summary>
    /// True when a client whose user agent claims a crawler behaved as no crawler does, over several requests: the
    /// findings in <paramref name="kinds"/> stand and the evidence says the agent is probably forged. False when it
    /// behaved as a crawler may (its findings, if any, are explained in the evidence and left to the caller to drop).
    /// </summary>
    private static bool CrawlerClaimContradicted(ClientState c, List<(BotKind Kind, BotIntent Intent, int Score)> kinds,
        List<(string Path, FlaggedPath Tally)> odd, string? guessingPaths, List<string> evidence)
    {
        if (kinds.Count == 0) return false;
        var cr = c.Crawler!;
        long oddRequests = odd.Sum(o => o.Tally.Count);
        var reasons = new List<string>();
        if (c.StrongScanner is not null) reasons.Add($"its user agent also names {c.StrongScanner.Name}");
        if (kinds.Exists(k => k.Kind == BotKind.BruteForce)) reasons.Add($"{c.LoginPosts} POSTs to a login");
        if (oddRequests >= ForgedMinRequests && odd.Count >= ForgedMinPaths)
            reasons.Add($"{oddRequests} requests for {odd.Count} probe or secret paths ({string.Join(", ", odd.OrderByDescending(o => o.Tally.Count).Take(4).Select(o => o.Path))})");
        if (guessingPaths is not null) reasons.Add(guessingPaths);
        if (reasons.Count > 0)
        {
            evidence.Add($"claims to be {cr.Name} by user agent, yet {string.Join("; ", reasons)}: no crawler does that, so the user agent is probably forged{Verify(cr)}");
            return true;
        }
        evidence.Add(odd.Count > 0
            ? $"claims to be {cr.Name}: {oddRequests} request(s) for {string.Join(", ", odd.Take(4).Select(o => o.Path))} are too few to call the user agent forged (a crawler follows links, wherever they lead)"
            : $"claims to be {cr.Name}: its missing paths are stale links, which crawlers follow; not a scan");
        return false;
    }

    private static string Verify(AgentSignature crawler) =>
        crawler.VerifyDomains.Count > 0 ? $" (a genuine one resolves to {string.Join(" or ", crawler.VerifyDomains)})" : "";

    /// <summary>Requests answered 400 when they are most of a client's many requests, else null.</summary>
    private static long? NotHttp(ClientState c)
    {
        if (c.Requests < NotHttpMinRequests) return null;
        long bad = c.StatusCounts().GetValueOrDefault(400);
        return bad >= NotHttpMinRequests && bad * 5 >= c.Requests * 4 ? bad : null;
    }

    private static int Rank(BotKind kind) => kind switch
    {
        BotKind.BruteForce => 0,
        BotKind.SensitiveFileScan => 1,
        BotKind.CmsProbe => 2,
        BotKind.Scanner => 3,
        BotKind.Crawler => 4,
        _ => 5,
    };

    private static string FormatSpan(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours.ToString("0.0", CultureInfo.InvariantCulture)} h"
        : span.TotalMinutes >= 1 ? $"{span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min"
        : $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
}
