using System.Globalization;
using System.Net;
using System.Text;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// Twelve hours of a small open-source project's web site, as the real 10,000-line log of issue 13 looked: people
/// arrive from search engines and other sites, read pages (each page fetches its stylesheet, script and logo with the
/// page as Referer) and download release tarballs linked from the project page; some come straight to a tarball from
/// a link elsewhere. bingbot, AhrefsBot and Googlebot crawl from several addresses, most with one or two requests, one
/// tarball each; one Googlebot address crawls all day. A WordPress prober asks for wp-login.php or xmlrpc.php under
/// several prefixes about once a minute, and a scanner fetches .env, .git and backup names in a burst. Lines follow
/// Apache's combined LogFormat (httpd docs, "Combined Log Format") and CloudFront's standard log fields (the
/// "#Fields:" header the generator writes, AWS docs); sizes are body bytes, 196 for Apache's stock 404 page.
/// Keeps the truth: each client's request count and role.
/// </summary>
internal sealed class ProjectSiteDay
{
    public const string Site = "www.proxy-project.org";
    public const string Bingbot = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";
    public const string AhrefsBot = "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)";
    public const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private static readonly DateTimeOffset Start = new(2024, 5, 14, 6, 0, 0, TimeSpan.FromHours(2));
    private static readonly string[] Browsers =
    [
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    ];
    private static readonly string[] Pages = ["/", "/projects/", "/projects/proxy/", "/projects/proxy/changes.html", "/blog/", "/blog/2024/05/proxy-2.1.html", "/about.html"];
    private static readonly string[] Assets = ["/css/site.css", "/js/site.js", "/img/logo.png"];
    private static readonly string[] OutsideReferers = ["https://www.google.com/", "https://duckduckgo.com/", "https://news.ycombinator.com/item?id=40351234", "-"];
    private static readonly string[] ProbePaths = ["/wp-login.php", "/xmlrpc.php", "/blog/wp-login.php", "/wordpress/wp-login.php", "/wp/wp-login.php", "/wp-admin/"];
    private static readonly string[] ScanPaths =
    [
        "/.env", "/.git/config", "/.git/HEAD", "/.env.production", "/backup.sql", "/wp-config.php.bak", "/.aws/credentials", "/id_rsa",
        "/config.php.bak", "/site.tar.gz", "/www.zip", "/.DS_Store",
    ];

    /// <summary>The release files and their sizes: what the project page links.</summary>
    public static readonly IReadOnlyDictionary<string, long> Tarballs = new Dictionary<string, long>
    {
        ["/files/proxy/proxy-2.1.tar.gz"] = 1_251_002,
        ["/files/proxy/proxy-2.1.zip"] = 1_310_775,
        ["/files/proxy/proxy-2.0.tar.gz"] = 1_204_331,
        // Old releases, still served: only a crawler or a single visitor fetches them.
        ["/files/proxy/proxy-1.8.tar.gz"] = 1_090_118,
        ["/files/proxy/proxy-1.9.tar.gz"] = 1_133_540,
        ["/files/proxy/proxy-2.0-docs.tar.gz"] = 301_224,
    };

    private readonly Random _rng;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    public readonly List<Request> Requests = new();
    public readonly Dictionary<string, long> Truth = new(StringComparer.Ordinal);
    public readonly List<string> Visitors = new();
    public readonly List<string> Downloaders = new();
    public readonly List<string> Crawlers = new();
    public readonly List<string> SmallCrawlers = new();
    public string Prober { get; }
    public string Scanner { get; }
    public string BusyGooglebot { get; }

    /// <summary>One request as both logs would write it.</summary>
    public sealed record Request(DateTimeOffset At, string Client, string Method, string Path, int Status, long Bytes, string Referer, string Agent);

    public ProjectSiteDay(int seed, int visitors = 60)
    {
        _rng = new Random(seed);
        for (int i = 0; i < visitors; i++) Visit(i);
        // A visitor who comes straight to a tarball from a link elsewhere, the only one to fetch that file.
        string direct = Address();
        Downloaders.Add(direct);
        Add(At(200), direct, "GET", "/files/proxy/proxy-1.9.tar.gz", 200, "https://github.com/example/proxy/releases", Browsers[0]);

        // Crawlers: several addresses each, one or two requests, a tarball each (bingbot and AhrefsBot the only ones to fetch theirs).
        SmallCrawler(Bingbot, ("/robots.txt", null), ("/files/proxy/proxy-1.8.tar.gz", null));
        SmallCrawler(Bingbot, ("/projects/proxy/", null));
        SmallCrawler(AhrefsBot, ("/files/proxy/proxy-2.0-docs.tar.gz", null));
        SmallCrawler(AhrefsBot, ("/blog/", null), ("/about.html", null));
        SmallCrawler(Googlebot, ("/files/proxy/proxy-2.1.tar.gz", null));
        SmallCrawler(Googlebot, ("/projects/proxy/changes.html", null), ("/blog/2024/05/proxy-2.1.html", null));
        BusyGooglebot = Address();
        Crawlers.Add(BusyGooglebot);
        var t = At(30);
        Add(t, BusyGooglebot, "GET", "/robots.txt", 200, "-", Googlebot, bytes: 68);
        for (int i = 0; i < 20; i++)
        {
            t = t.AddMinutes(10 + _rng.Next(0, 20));
            Add(t, BusyGooglebot, "GET", Pages[i % Pages.Length], 200, "-", Googlebot);
        }
        Add(t.AddMinutes(7), BusyGooglebot, "GET", "/files/proxy/proxy-2.0.tar.gz", 200, "-", Googlebot);

        // The WordPress prober: one request a minute, jittered, all day; the site runs no WordPress.
        Prober = Address();
        for (var p = At(3); p < Start.AddHours(12); p = p.AddSeconds(60 + _rng.Next(-6, 7)))
        {
            string path = ProbePaths[_rng.Next(ProbePaths.Length)];
            Add(p, Prober, path.EndsWith("xmlrpc.php", StringComparison.Ordinal) ? "POST" : "GET", path, 404, "-", Browsers[1]);
        }

        // The secrets scanner: one burst.
        Scanner = Address();
        var s = At(311);
        foreach (var path in ScanPaths)
        {
            Add(s, Scanner, "GET", path, 404, "-", "python-requests/2.31.0");
            s = s.AddMilliseconds(_rng.Next(300, 1500));
        }
        Requests.Sort((a, b) => a.At.CompareTo(b.At));
    }

    private DateTimeOffset At(int minutes) => Start.AddMinutes(minutes).AddSeconds(_rng.Next(0, 60));

    // A visit: in from a search engine or another site, pages with their assets, and for a third of the visitors a
    // download from the project page (one in ten of those follows the dead link to the removed 2.0-rc tarball).
    private void Visit(int index)
    {
        string ip = Address();
        Visitors.Add(ip);
        string agent = Browsers[_rng.Next(Browsers.Length)];
        var t = At(_rng.Next(0, 700));
        string referer = OutsideReferers[_rng.Next(OutsideReferers.Length)];
        int pages = 1 + _rng.Next(0, 4);
        string page = Pages[_rng.Next(Pages.Length)];
        for (int i = 0; i < pages; i++)
        {
            Add(t, ip, "GET", page, 200, referer, agent);
            foreach (var asset in Assets) Add(t.AddMilliseconds(_rng.Next(50, 900)), ip, "GET", asset, i == 0 ? 200 : 304, Url(page), agent);
            referer = Url(page);
            page = Pages[_rng.Next(Pages.Length)];
            t = t.AddSeconds(_rng.Next(10, 200));
        }
        if (index % 3 != 0) return;
        Downloaders.Add(ip);
        Add(t, ip, "GET", "/projects/proxy/", 200, referer, agent);
        string file = index % 30 == 0 ? "/files/proxy/proxy-2.0-rc1.tar.gz" : index % 9 == 0 ? "/files/proxy/proxy-2.0.tar.gz" : index % 2 == 0 ? "/files/proxy/proxy-2.1.zip" : "/files/proxy/proxy-2.1.tar.gz";
        Add(t.AddSeconds(_rng.Next(5, 40)), ip, "GET", file, Tarballs.ContainsKey(file) ? 200 : 404, Url("/projects/proxy/"), agent);
    }

    private void SmallCrawler(string agent, params (string Path, string? Referer)[] requests)
    {
        string ip = Address();
        Crawlers.Add(ip);
        SmallCrawlers.Add(ip);
        var t = At(_rng.Next(0, 700));
        foreach (var (path, referer) in requests)
        {
            Add(t, ip, "GET", path, 200, referer ?? "-", agent, bytes: path == "/robots.txt" ? 68 : null);
            t = t.AddSeconds(_rng.Next(20, 900));
        }
    }

    private void Add(DateTimeOffset at, string client, string method, string path, int status, string referer, string agent, long? bytes = null)
    {
        long size = bytes ?? (status == 404 ? 196 : status == 304 ? 0 : Tarballs.TryGetValue(path, out long t) ? t : 2_000 + path.Length * 613);
        Requests.Add(new Request(at, client, method, path, status, size, referer, agent));
        Truth[client] = Truth.GetValueOrDefault(client) + 1;
    }

    private static string Url(string path) => $"https://{Site}{path}";

    // A public IPv4 address outside CloudFront's and special-purpose ranges, never handed out twice.
    private string Address()
    {
        while (true)
        {
            string ip = string.Create(CultureInfo.InvariantCulture, $"{_rng.Next(1, 224)}.{_rng.Next(0, 256)}.{_rng.Next(0, 256)}.{_rng.Next(1, 255)}");
            if (IpClassifier.Classify(ip, CdnRangeSet.Default) == AddressClass.Public && IPAddress.TryParse(ip, out _) && _used.Add(ip)) return ip;
        }
    }

    /// <summary>The day as Apache writes it with the combined LogFormat (%b writes '-' for an empty body).</summary>
    public string CombinedLog()
    {
        var sb = new StringBuilder();
        foreach (var r in Requests)
        {
            sb.Append(r.Client).Append(" - - [").Append(r.At.ToString("dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture).Remove(24, 1)).Append("] \"")
              .Append(r.Method).Append(' ').Append(r.Path).Append(" HTTP/1.1\" ").Append(r.Status.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(r.Bytes > 0 ? r.Bytes.ToString(CultureInfo.InvariantCulture) : "-").Append(" \"").Append(r.Referer).Append("\" \"").Append(r.Agent).Append("\"\n");
        }
        return sb.ToString();
    }

    /// <summary>The same day as CloudFront's standard log writes it (UTC; sc-bytes counts the headers too).</summary>
    public string CloudFrontLog()
    {
        var sb = new StringBuilder("#Version: 1.0\n#Fields: ").Append(WebWriter.CloudFrontFields).Append('\n');
        int n = 0;
        foreach (var r in Requests)
        {
            var t = r.At.UtcDateTime;
            string result = r.Status >= 400 ? "Error" : "Miss";
            sb.Append(t.ToString("yyyy-MM-dd\tHH:mm:ss", CultureInfo.InvariantCulture)).Append("\tFRA56-P5\t")
              .Append((r.Bytes + 350).ToString(CultureInfo.InvariantCulture)).Append('\t').Append(r.Client).Append('\t').Append(r.Method)
              .Append("\td1proxyproject.cloudfront.net\t").Append(r.Path).Append('\t').Append(r.Status.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(TextFormat.CloudFrontEncode(r.Referer == "-" ? null : r.Referer)).Append('\t').Append(TextFormat.CloudFrontEncode(r.Agent))
              .Append("\t-\t-\t").Append(result).Append("\tid").Append((n++).ToString(CultureInfo.InvariantCulture)).Append('\t').Append(Site)
              .Append("\thttps\t300\t0.050\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\t").Append(result).Append("\tHTTP/1.1\t-\t-\t40000\t0.049\t")
              .Append(result).Append("\ttext/html\t").Append(r.Bytes.ToString(CultureInfo.InvariantCulture)).Append("\t-\t-\n");
        }
        return sb.ToString();
    }
}
