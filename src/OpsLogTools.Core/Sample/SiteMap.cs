namespace OpsLogTools.Core.Sample;

/// <summary>The static site behind CloudFront: what exists (200), how big it is, and how long the edge keeps it.</summary>
internal sealed class SiteMap
{
    public sealed record Resource(string Path, long Size, string ContentType, TimeSpan Ttl);

    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);

    public SiteMap(Random rng, string legitimatePage)
    {
        LegitimatePage = legitimatePage;
        Pages = ["/", "/about.html", "/contact.html", "/blog/", "/blog/2022/06/apache-tuning.html", "/blog/2022/05/lightsail-notes.html",
                 "/blog/2022/04/cron-and-yum.html", "/blog/2021/12/year-end-notes.html", legitimatePage];
        foreach (var p in Pages.Distinct()) Add(p, rng.Next(4_000, 28_000), "text/html", TimeSpan.FromMinutes(5));
        Add("/css/site.css", rng.Next(6_000, 14_000), "text/css", TimeSpan.FromDays(1));
        Add("/js/site.js", rng.Next(3_000, 40_000), "application/javascript", TimeSpan.FromDays(1));
        Add("/img/logo.png", rng.Next(5_000, 20_000), "image/png", TimeSpan.FromDays(1));
        Add("/favicon.ico", 1_150, "image/vnd.microsoft.icon", TimeSpan.FromDays(1));
        Add("/img/wordpress-export.png", rng.Next(40_000, 120_000), "image/png", TimeSpan.FromDays(1));
        Add("/robots.txt", 68, "text/plain", TimeSpan.FromHours(1));
        Add("/sitemap.xml", rng.Next(900, 2_000), "application/xml", TimeSpan.FromHours(1));
    }

    public string[] Pages { get; }
    public string LegitimatePage { get; }
    public static readonly string[] PageAssets = ["/css/site.css", "/js/site.js", "/img/logo.png", "/favicon.ico"];
    public static readonly string[] LegitimatePageAssets = ["/css/site.css", "/js/site.js", "/img/wordpress-export.png"];

    /// <summary>Paths people mistype.</summary>
    public static readonly string[] Typos = ["/abuot.html", "/blog/2022/06/apache-tunning.html", "/blgo/", "/contact.htm", "/blog/2022/05/lightsail-note.html", "/Blog/"];

    /// <summary>Old links a human follows from an outdated page (the 404 burst that is not a scan).</summary>
    public static readonly string[] DeadLinks = ["/blog/2018/11/old-kernel-notes.html", "/blog/2019/02/backup-howto.html", "/tags/linux/", "/blog/page/2/",
                                                 "/blog/2019/07/summer-notes.html", "/docs/old-manual.pdf", "/blog/2019/09/ssh-keys.html"];

    public Resource? Find(string path) => _resources.GetValueOrDefault(path);

    /// <summary>What Apache answers for a path on this site (no WordPress here, .ht* forbidden).</summary>
    public int OriginStatus(string path) =>
        Find(path) is not null ? 200 : path.Contains("/.ht", StringComparison.Ordinal) ? 403 : 404;

    /// <summary>Body size of Apache's stock error pages.</summary>
    public static long ErrorBodySize(int status) => status switch { 403 => 199, 404 => 196, 500 => 527, _ => 0 };

    private void Add(string path, long size, string type, TimeSpan ttl) => _resources[path] = new Resource(path, size, type, ttl);
}
