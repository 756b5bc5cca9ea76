namespace OpsLogTools.Core.Sample;

/// <summary>
/// Every request viewers send to the site through CloudFront: ordinary visitors, readers of the
/// "wordpress" page, a human following dead links, the WordPress prober, the sensitive-file scanner and
/// the crawler. Only what the viewer sends is decided here; <see cref="EdgeSimulator"/> decides the answers.
/// </summary>
internal sealed class WebTraffic
{
    private static readonly double[] HourWeight = [0.35, 0.25, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 0.9, 1.0, 1.0, 1.0, 1.2, 1.1, 1.0, 1.0, 1.0, 1.0, 1.2, 1.4, 1.6, 1.6, 1.3, 0.8];

    private static readonly string[] DefaultProbePaths =
    [
        "/wp-login.php", "/xmlrpc.php", "/wp-admin/", "/wp-admin/admin-ajax.php", "/wp-content/plugins/wp-file-manager/readme.txt",
        "/wp-content/plugins/revslider/readme.txt", "/wp-content/plugins/contact-form-7/readme.txt", "/wordpress/wp-admin/setup-config.php",
        "/wp/wp-admin/setup-config.php", "/wp-includes/wlwmanifest.xml", "/blog/wp-includes/wlwmanifest.xml", "/wp-json/wp/v2/users/",
        "/wp-admin/install.php", "/wp-cron.php", "/wordpress/readme.html", "/wp-content/uploads/", "/old/wp-admin/", "/cms/wp-includes/wlwmanifest.xml",
    ];

    private static readonly string[] DefaultScanPaths =
    [
        "/.env", "/.git/config", "/.git/HEAD", "/.aws/credentials", "/backup.sql", "/db.sql", "/dump.sql", "/config.php.bak", "/.DS_Store",
        "/server-status", "/server-info", "/.svn/entries", "/.htpasswd", "/.vscode/sftp.json", "/config.json", "/phpinfo.php", "/info.php",
        "/.env.production", "/api/.env", "/backup.zip", "/www.zip", "/site.tar.gz", "/.ssh/id_rsa", "/id_rsa", "/.bash_history",
        "/web.config", "/config.yml", "/docker-compose.yml", "/.npmrc", "/debug.log",
    ];

    private readonly GeneratorContext _ctx;
    private readonly SiteMap _site;
    private readonly AddressPool _addresses;
    private readonly List<Visitor> _visitors = new();
    private long _seq;

    public WebTraffic(GeneratorContext ctx, SiteMap site, AddressPool addresses)
    {
        _ctx = ctx;
        _site = site;
        _addresses = addresses;
    }

    private sealed record Visitor(string Ip, string UserAgent, string Edge);

    public List<ViewerRequest> Requests { get; } = new();
    public List<string> VisitorAddresses { get; } = new();
    public List<string> ReaderAddresses { get; } = new();
    public string? BurstAddress { get; private set; }
    public Dictionary<Actor, (string Address, string UserAgent)> Bots { get; } = new();

    public void Write()
    {
        // Bots first: a scenario may name their addresses, and generated visitors must not collide with them.
        var s = _ctx.S;
        if (s.WordPressProber.Enabled) Prober(s.WordPressProber);
        if (s.SensitiveFileScan.Enabled) Scanner(s.SensitiveFileScan);
        if (s.Crawler.Enabled) Crawler(s.Crawler);
        Visitors();
        if (s.Visitors.NotFoundBurst) NotFoundBurst();
        if (s.LegitimateReaders.Enabled) Readers(s.LegitimateReaders);
        if (s.Outage.Enabled) FirstServerError();
        if (s.Outage.Enabled && s.Outage.SurgePerMinute > 0) Surge(s.Outage.SurgePerMinute);
        Requests.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Seq.CompareTo(b.Seq));
    }

    private void Add(DateTimeOffset at, Visitor v, Actor actor, string method, string path, string? referer,
        bool conditional = false, string? query = null, string protocol = "HTTP/2.0", int? force = null)
    {
        if (!_ctx.InLogs(at)) return;
        Requests.Add(new ViewerRequest
        {
            At = at,
            ClientIp = v.Ip,
            Edge = v.Edge,
            Method = method,
            Path = path,
            Query = query,
            Protocol = protocol,
            Referer = referer,
            UserAgent = v.UserAgent,
            Actor = actor,
            Conditional = conditional,
            ForceOriginStatus = force,
            Seq = _seq++,
        });
    }

    private Visitor NewVisitor(Random rng, List<string> into)
    {
        string ip = rng.NextDouble() < _ctx.S.Visitors.Ipv6Share ? _addresses.JapanIpv6() : _addresses.JapanIpv4();
        into.Add(ip);
        return new Visitor(ip, UserAgents.Browsers[rng.Next(UserAgents.Browsers.Length)], EdgeNetwork.JapanEdges[rng.Next(EdgeNetwork.JapanEdges.Length)]);
    }

    private string Url(string path) => $"https://{_ctx.S.SiteHost}{path}";

    private static TimeSpan Ms(Random rng, int min, int max) => TimeSpan.FromMilliseconds(rng.Next(min, max));

    private void Visitors()
    {
        var rng = _ctx.Rng(41);
        var plan = _ctx.S.Visitors;
        const double pagesPerSession = 2.0;
        double sessionsPerHour = plan.PageViewsPerHour / pagesPerSession / HourWeight.Average();
        if (sessionsPerHour <= 0) return;
        double peak = HourWeight.Max();
        var t = _ctx.LogStart;
        while (true)
        {
            t = t.AddSeconds(-Math.Log(1 - rng.NextDouble()) * 3600 / (sessionsPerHour * peak));
            if (t >= _ctx.LogEnd) break;
            if (rng.NextDouble() > HourWeight[_ctx.ToLocal(t).Hour] / peak) continue;
            bool returning = _visitors.Count > 5 && rng.NextDouble() < 0.3;
            var v = returning ? _visitors[rng.Next(_visitors.Count)] : NewVisitor(rng, VisitorAddresses);
            if (!returning) _visitors.Add(v);
            Session(rng, v, t, returning);
        }
    }

    private void Session(Random rng, Visitor v, DateTimeOffset t, bool returning)
    {
        int pages = 1;
        while (pages < 5 && rng.NextDouble() < 0.5) pages++;
        string? referer = rng.Next(10) < 4 ? null : UserAgents.Referers[rng.Next(UserAgents.Referers.Length)];
        for (int i = 0; i < pages; i++)
        {
            bool typo = rng.NextDouble() < _ctx.S.Visitors.TypoRate;
            string page = typo ? SiteMap.Typos[rng.Next(SiteMap.Typos.Length)]
                : i == 0 && rng.Next(3) == 0 ? "/" : _site.Pages[rng.Next(_site.Pages.Length - 1)];
            Add(t, v, Actor.Visitor, "GET", page, referer);
            if (i == 0 && !typo)
            {
                var a = t;
                foreach (var asset in SiteMap.PageAssets)
                {
                    a += Ms(rng, 40, 400);
                    Add(a, v, Actor.Visitor, "GET", asset, asset == "/favicon.ico" ? null : Url(page), conditional: returning);
                }
            }
            if (!typo) referer = Url(page);
            t += TimeSpan.FromSeconds(rng.Next(8, 240)) + Ms(rng, 0, 999);
        }
    }

    private void NotFoundBurst()
    {
        var rng = _ctx.Rng(42);
        var v = NewVisitor(rng, VisitorAddresses);
        BurstAddress = v.Ip;
        var t = _ctx.At(_ctx.S.Visitors.NotFoundBurstAt);
        const string oldPage = "http://old-blog.example.net/links.html";
        foreach (var path in SiteMap.DeadLinks.Take(rng.Next(5, SiteMap.DeadLinks.Length + 1)))
        {
            Add(t, v, Actor.NotFoundBurst, "GET", path, oldPage);
            t += TimeSpan.FromSeconds(rng.Next(4, 16)) + Ms(rng, 0, 999);
        }
        // Then the human gives up on the old links and reads the front page.
        Add(t + TimeSpan.FromSeconds(20), v, Actor.Visitor, "GET", "/", oldPage);
    }

    private void Readers(LegitimateReadersPlan plan)
    {
        var rng = _ctx.Rng(43);
        var from = Max(_ctx.LogStart, _ctx.IncidentStart - TimeSpan.FromDays(2));
        var to = _ctx.LogEnd - TimeSpan.FromMinutes(30);
        for (int i = 0; i < plan.Readers; i++)
        {
            DateTimeOffset t;
            do t = from + (to - from) * rng.NextDouble();
            while (_ctx.Up is { } up && t > _ctx.IncidentStart - TimeSpan.FromMinutes(10) && t < up + TimeSpan.FromMinutes(10));
            var v = NewVisitor(rng, ReaderAddresses);
            Add(t, v, Actor.Reader, "GET", plan.Page, UserAgents.Referers[rng.Next(UserAgents.Referers.Length)]);
            foreach (var asset in SiteMap.LegitimatePageAssets)
            {
                t += Ms(rng, 40, 500);
                Add(t, v, Actor.Reader, "GET", asset, Url(plan.Page));
            }
        }
    }

    private string Address(string? chosen, Func<string> generate) => chosen is null ? generate() : _addresses.Claim(chosen);

    private void Prober(WordPressProberPlan plan)
    {
        var rng = _ctx.Rng(44);
        var paths = plan.Paths is { Count: > 0 } p ? p : DefaultProbePaths;
        var v = new Visitor(Address(plan.Address, _addresses.Hosting), plan.UserAgent, EdgeNetwork.EuropeEdges[rng.Next(EdgeNetwork.EuropeEdges.Length)]);
        Bots[Actor.Prober] = (v.Ip, v.UserAgent);
        var end = plan.End is { } e ? _ctx.At(e) : _ctx.LogEnd;
        for (var t = Max(_ctx.At(plan.Start), _ctx.LogStart); t < end;)
        {
            string target = paths[rng.Next(paths.Count)];
            int q = target.IndexOf('?');
            string path = q < 0 ? target : target[..q];
            string? query = q < 0 ? null : target[(q + 1)..];
            string method = path.EndsWith("xmlrpc.php", StringComparison.Ordinal) && rng.Next(2) == 0 ? "POST" : "GET";
            Add(t, v, Actor.Prober, method, path, null, query: query, protocol: "HTTP/1.1");
            t += plan.MeanInterval + plan.Jitter * (2 * rng.NextDouble() - 1);
        }
    }

    private void Scanner(SensitiveFileScanPlan plan)
    {
        var rng = _ctx.Rng(45);
        var paths = plan.Paths is { Count: > 0 } p ? p : DefaultScanPaths;
        var v = new Visitor(Address(plan.Address, _addresses.Hosting), plan.UserAgent, EdgeNetwork.AmericaEdges[rng.Next(EdgeNetwork.AmericaEdges.Length)]);
        Bots[Actor.Scanner] = (v.Ip, v.UserAgent);
        var t = _ctx.At(plan.At);
        foreach (var path in paths)
        {
            Add(t, v, Actor.Scanner, "GET", path, null, protocol: "HTTP/1.1");
            t += Ms(rng, 250, 2500);
        }
    }

    private void Crawler(CrawlerPlan plan)
    {
        var rng = _ctx.Rng(46);
        bool bing = plan.UserAgent.Contains("bingbot", StringComparison.OrdinalIgnoreCase);
        var v = new Visitor(Address(plan.Address, bing ? _addresses.Bingbot : _addresses.Googlebot), plan.UserAgent, EdgeNetwork.AmericaEdges[rng.Next(EdgeNetwork.AmericaEdges.Length)]);
        Bots[Actor.Crawler] = (v.Ip, v.UserAgent);
        var t = _ctx.At(plan.Start);
        var paths = new[] { "/sitemap.xml" }.Concat(_site.Pages.Distinct()).ToArray();
        for (int i = 0; i < plan.Requests; i++)
        {
            string path = i == 0 ? "/robots.txt" : paths[(i - 1) % paths.Length];
            Add(t, v, Actor.Crawler, "GET", path, null, protocol: "HTTP/1.1");
            t += plan.MeanInterval * (0.5 + rng.NextDouble());
        }
    }

    private void FirstServerError()
    {
        // A visitor's request at the very start of the incident: the first 500 the origin writes.
        var rng = _ctx.Rng(47);
        var v = NewVisitor(rng, VisitorAddresses);
        Add(_ctx.IncidentStart + Ms(rng, 50, 400), v, Actor.Visitor, "GET", _site.Pages[rng.Next(1, _site.Pages.Length - 1)],
            "https://www.google.com/", force: 500);
    }

    private void Surge(double perMinute)
    {
        var rng = _ctx.Rng(48);
        var crowd = Enumerable.Range(0, 40).Select(_ => NewVisitor(rng, VisitorAddresses)).ToArray();
        string page = _site.Pages[4];
        var t = _ctx.IncidentStart - TimeSpan.FromMinutes(2);
        while (true)
        {
            t = t.AddSeconds(-Math.Log(1 - rng.NextDouble()) * 60 / perMinute);
            if (t >= _ctx.Down) break;
            var v = crowd[rng.Next(crowd.Length)];
            string click = rng.NextInt64(0x10000000000, 0xFFFFFFFFFFFF).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
            Add(t, v, Actor.Visitor, "GET", page, "https://t.co/", query: $"utm_source=twitter&utm_medium=social&fbclid={click}");
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
