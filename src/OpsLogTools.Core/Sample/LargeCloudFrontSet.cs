using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// Writes a big set of CloudFront standard logs for benchmarks: hourly gzip files as CloudFront delivers them
/// (<c>#Version</c>, <c>#Fields</c>, 33 tab-separated fields, URL-encoded values, a random request id per line), for
/// a busy site: tens of thousands of clients (IPv4 and IPv6, a few heavy ones), pages, assets, typos, a slow WordPress
/// prober, a sensitive-file scan and a crawler. Files are written in parallel; each file's bytes depend only on the
/// seed and its hour, so the same arguments give the same set.
/// </summary>
public static class LargeCloudFrontSet
{
    private const string Distribution = "E3BENCHMARK0001";
    private static readonly DateTimeOffset Start = new(2022, 7, 13, 0, 0, 0, TimeSpan.Zero);
    private static readonly int[] FirstOctets = [1, 27, 36, 42, 49, 58, 60, 61, 101, 106, 110, 114, 116, 118, 121, 122, 126, 133, 150, 153, 160, 175, 180, 182, 183, 185, 188, 193, 200, 202, 210, 211, 219, 220, 221];
    private static readonly string[] Edges = ["NRT57-P2", "NRT20-C4", "KIX56-P1", "NRT12-C3", "FRA56-P5", "AMS1-C1", "LHR61-C2", "IAD89-C4", "SFO5-C1", "ORD52-C3", "SIN2-P1", "HKG62-C2"];
    private static readonly string[] Assets = ["/css/site.css", "/js/site.js", "/img/logo.png", "/favicon.ico", "/js/vendor.js", "/img/hero.jpg", "/fonts/site.woff2"];
    private static readonly string[] Typos = ["/abuot.html", "/blgo/", "/contact.htm", "/Blog/", "/index.php", "/old/"];
    private static readonly string[] ProbePaths = ["/wp-login.php", "/xmlrpc.php", "/wp-admin/", "/wp-content/plugins/revslider/readme.txt", "/wp-includes/wlwmanifest.xml", "/wordpress/wp-admin/setup-config.php"];
    private static readonly string[] ScanPaths = ["/.env", "/.git/config", "/.aws/credentials", "/backup.sql", "/config.php.bak", "/.DS_Store", "/phpinfo.php", "/.htpasswd", "/wp-config.php.bak", "/id_rsa"];
    private static readonly string[] Referers = ["-", "-", "-", "https://www.google.com/", "https://www.google.co.jp/", "https://www.example.com/", "https://twitter.com/"];
    // Ordinary visitors use browsers; the crawler and the scanners are planted with their own agents.
    private static readonly string[] Agents = UserAgents.Browsers;

    /// <summary>
    /// Writes about <paramref name="lines"/> request lines into <paramref name="directory"/> (created if needed) as
    /// hourly <c>.gz</c> files of about 15,000 lines each (<paramref name="files"/> overrides the count), and returns their paths.
    /// With <paramref name="viewers"/> above 0 the ordinary requests come from about that many viewers in a public site's
    /// mix (<see cref="ViewerMix"/>: most once to three times, a long tail of heavy clients); else from a pool of 60,000
    /// clients that each come back many times.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, long lines, int seed, int files = 0, long viewers = 0, bool fastest = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 1);
        if (files <= 0) files = (int)Math.Clamp((lines + 14_999) / 15_000, 1, 24 * 366);
        Directory.CreateDirectory(directory);
        var site = new Site(new Random(seed));
        var mix = viewers > 0 ? new ViewerMix(lines, viewers, seed) : null;
        var paths = new string[files];
        Parallel.For(0, files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, hour =>
        {
            long first = lines * hour / files, next = lines * (hour + 1) / files;
            paths[hour] = WriteHour(directory, site, mix, seed, hour, first, next - first, fastest ? CompressionLevel.Fastest : CompressionLevel.Optimal);
        });
        return paths;
    }

    /// <summary>
    /// The same site and viewers as the origin saw them, in one Apache combined access log (no CloudFront in front):
    /// about <paramref name="lines"/> lines over <paramref name="hours"/> hours from about <paramref name="viewers"/> viewers.
    /// </summary>
    public static void WriteOriginLog(string path, long lines, int seed, int hours, long viewers)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        var site = new Site(new Random(seed));
        var mix = new ViewerMix(lines, viewers, seed);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        using var text = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
        for (int hour = 0; hour < hours; hour++)
        {
            long first = lines * hour / hours, next = lines * (hour + 1) / hours;
            WriteHourTo(text, site, mix, seed, hour, new Random(unchecked(seed * 1_000_003 + hour)), first, next - first, origin: true);
        }
    }

    private static string WriteHour(string directory, Site site, ViewerMix? mix, int seed, int hour, long firstLine, long count, CompressionLevel level)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + hour));
        var from = Start.AddHours(hour);
        string name = string.Create(CultureInfo.InvariantCulture, $"{Distribution}.{from:yyyy-MM-dd-HH}.{rng.Next():x8}.gz");
        string path = Path.Combine(directory, name);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        using var gzip = new GZipStream(file, level);
        using var text = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16);
        text.Write("#Version: 1.0\n#Fields: ");
        text.Write(WebWriter.CloudFrontFields);
        text.Write('\n');
        WriteHourTo(text, site, mix, seed, hour, rng, firstLine, count, origin: false);
        return path;
    }

    private static void WriteHourTo(TextWriter text, Site site, ViewerMix? mix, int seed, int hour, Random rng, long firstLine, long count, bool origin)
    {
        var from = Start.AddHours(hour);

        // The planted ones: a prober once a minute, an hourly scan burst from a new address, a crawler every few minutes.
        var planted = new List<(long Second, string Client, string Agent, string Path, string Method)>();
        for (int m = 0; m < 60; m++)
            planted.Add((m * 60 + rng.Next(0, 20), site.Prober, UserAgents.Browsers[0], ProbePaths[rng.Next(ProbePaths.Length)], "GET"));
        string scanner = site.Scanner(hour);
        long scanAt = rng.Next(0, 3000);
        foreach (var p in ScanPaths) planted.Add((scanAt++, scanner, "Mozilla/5.0 (l9explore/1.2.2)", p, "GET"));
        for (int s = rng.Next(0, 300); s < 3600; s += 240 + rng.Next(0, 240))
            planted.Add((s, site.Crawler, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", site.Pages[rng.Next(site.Pages.Length)], "GET"));
        planted.Sort((a, b) => a.Second.CompareTo(b.Second));

        var line = new StringBuilder(600);
        var id = new byte[40];
        int next = 0;
        for (long k = 0; k < count; k++)
        {
            long second = k * 3600 / Math.Max(1, count);
            bool bot = next < planted.Count && planted[next].Second <= second;
            string client, agent, target, method = "GET", referer = "-";
            if (bot)
            {
                (_, client, agent, target, method) = planted[next++];
            }
            else
            {
                client = mix is null ? site.Client(rng) : ViewerMix.Address(mix.ViewerAt(firstLine + k), seed, FirstOctets);
                agent = Agents[(client.Length * 7 + client[^1]) % Agents.Length];
                int roll = rng.Next(100);
                target = roll < 45 ? site.Pages[rng.Next(site.Pages.Length)] : roll < 97 ? Assets[rng.Next(Assets.Length)] : Typos[rng.Next(Typos.Length)];
                referer = Referers[rng.Next(Referers.Length)];
                if (rng.Next(200) == 0) method = "POST";
            }
            bool missing = !site.Exists(target);
            int status = missing ? 404 : rng.Next(10) == 0 ? 304 : 200;
            string result = missing ? "Error" : rng.Next(100) < 70 ? "Hit" : rng.Next(10) == 0 ? "RefreshHit" : "Miss";
            double taken = result == "Hit" ? 0.001 + rng.Next(0, 9) / 1000.0 : 0.02 + rng.Next(0, 400) / 1000.0;
            long body = status == 200 ? 1_000 + (target.Length * 7919L % 60_000) : status == 404 ? 196 : 0;
            rng.NextBytes(id);
            bool h2 = agent.StartsWith("Mozilla/5.0 (W", StringComparison.Ordinal) || agent.StartsWith("Mozilla/5.0 (M", StringComparison.Ordinal);
            var t = from.AddSeconds(second).UtcDateTime;

            line.Clear();
            if (origin)
            {
                // Apache's combined format, as the origin logs a request with no CloudFront in front.
                line.Append(client).Append(" - - [").Append(t.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0000] \"")
                    .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\" ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(status == 304 ? "-" : body.ToString(CultureInfo.InvariantCulture)).Append(" \"").Append(referer).Append("\" \"").Append(agent).Append("\"\n");
                text.Write(line);
                continue;
            }
            line.Append(t.ToString("yyyy-MM-dd\tHH:mm:ss", CultureInfo.InvariantCulture)).Append('\t')
                .Append(Edges[client[^1] % Edges.Length]).Append('\t')
                .Append((body + 300 + rng.Next(0, 200)).ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(client).Append('\t')
                .Append(method).Append("\td1bench0example.cloudfront.net\t");
            int q = target.IndexOf('?');
            line.Append(q < 0 ? target : target[..q]).Append('\t')
                .Append(status.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(TextFormat.CloudFrontEncode(referer == "-" ? null : referer)).Append('\t')
                .Append(TextFormat.CloudFrontEncode(agent == "-" ? null : agent)).Append('\t')
                .Append(q < 0 ? "-" : target[(q + 1)..]).Append("\t-\t")
                .Append(result).Append('\t')
                .Append(Convert.ToBase64String(id).Replace('+', '-').Replace('/', '_')).Append("\twww.example.com\thttps\t")
                .Append((200 + agent.Length + rng.Next(0, 300)).ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(TextFormat.Seconds(taken)).Append("\t-\t")
                .Append(h2 ? "TLSv1.3\tTLS_AES_128_GCM_SHA256\t" : "TLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\t")
                .Append(result).Append('\t')
                .Append(h2 ? "HTTP/2.0" : "HTTP/1.1").Append("\t-\t-\t")
                .Append(rng.Next(1024, 65535).ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(TextFormat.Seconds(Math.Max(0.001, taken - 0.001))).Append('\t')
                .Append(result).Append('\t')
                .Append(missing ? "text/html" : target.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : target.EndsWith(".js", StringComparison.Ordinal) ? "application/javascript" : "text/html")
                .Append('\t').Append(status == 304 ? "-" : body.ToString(CultureInfo.InvariantCulture)).Append("\t-\t-\n");
            text.Write(line);
        }
    }

    /// <summary>The site and its visitors: shared by every hour, read-only once built.</summary>
    private sealed class Site
    {
        private readonly string[] _clients;
        private readonly HashSet<string> _exists = new(StringComparer.Ordinal);

        public Site(Random rng)
        {
            Pages = ["/", "/about.html", "/contact.html", "/blog/", .. Enumerable.Range(0, 1500).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"/blog/{2015 + i % 8}/{1 + i % 12:00}/post-{i}.html")), "/search?q=%E6%97%A5%E6%9C%AC%E8%AA%9E", "/blog/?page=2"];
            foreach (var p in Pages) _exists.Add(p);
            foreach (var a in Assets) _exists.Add(a);
            _clients = new string[60_000];
            for (int i = 0; i < _clients.Length; i++)
            {
                _clients[i] = i % 5 == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"2400:4050:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}")
                    : string.Create(CultureInfo.InvariantCulture, $"{FirstOctets[rng.Next(FirstOctets.Length)]}.{rng.Next(0, 256)}.{rng.Next(0, 256)}.{rng.Next(1, 255)}");
            }
            Prober = "45.155.205.233";
            Crawler = "66.249.66." + rng.Next(1, 255).ToString(CultureInfo.InvariantCulture);
        }

        public string[] Pages { get; }
        public string Prober { get; }
        public string Crawler { get; }

        public string Scanner(int hour) => string.Create(CultureInfo.InvariantCulture, $"193.106.191.{1 + hour % 254}");

        public bool Exists(string target) => _exists.Contains(target);

        // A few heavy clients and a long tail, as on a busy site.
        public string Client(Random rng)
        {
            double u = rng.NextDouble();
            return _clients[(int)(_clients.Length * u * u * u)];
        }
    }
}
