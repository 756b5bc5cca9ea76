using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Generated incident bundles (varied seeds, bot addresses, prober rates and paths, host zones, X-Forwarded-For on and
/// off), each written once and read once the way Find-BotRequest reads it, for the end-to-end bot tests to share.
/// </summary>
public sealed class BotBundles : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opslogtools-bots-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<BotBundle>[] _bundles;

    public BotBundles()
    {
        _bundles = Scenarios.Select((s, i) => new Lazy<BotBundle>(() => new BotBundle(Path.Combine(_root, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), s))).ToArray();
    }

    /// <summary>
    /// 0: the seed incident's shape (IPv4 prober once a minute, JST, origin without X-Forwarded-For).
    /// 1: IPv6 prober every 90 s on its own paths (POSTs to xmlrpc.php among them), IPv6 scanner, bingbot, New York, X-Forwarded-For logged.
    /// 2: nothing else planted, UTC host, a fast prober every 25 s, one day of logs.
    /// </summary>
    public static readonly IncidentScenario[] Scenarios =
    [
        new() { Seed = 20220719 + 3 },
        new()
        {
            Seed = 611,
            HostZone = TimeSpan.FromHours(-5),
            IncidentStart = new DateTime(2023, 3, 1, 20, 45, 0),
            OriginLogsForwardedFor = true,
            WordPressProber = new WordPressProberPlan
            {
                Address = "2a01:4f8:c17:1a2b::7",
                MeanInterval = TimeSpan.FromSeconds(90),
                Jitter = TimeSpan.FromSeconds(25),
                Paths = ["/wp-login.php", "/wp-admin/admin-ajax.php?action=revslider_show_image&img=../wp-config.php",
                         "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php", "/xmlrpc.php", "/blog/xmlrpc.php"],
                Start = TimeSpan.FromHours(-9),
                End = TimeSpan.FromHours(4),
            },
            SensitiveFileScan = new SensitiveFileScanPlan { Address = "2604:a880:400:d0::1b:6001", UserAgent = "Mozilla/5.0 zgrab/0.x" },
            Crawler = new CrawlerPlan { UserAgent = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", Requests = 15 },
        },
        IncidentScenario.NothingPlanted(7) with
        {
            HostZone = TimeSpan.Zero,
            DaysBefore = 1,
            RotatedFiles = 1,
            WordPressProber = new WordPressProberPlan
            {
                Address = "167.99.41.203",
                MeanInterval = TimeSpan.FromSeconds(25),
                Jitter = TimeSpan.FromSeconds(4),
                UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0",
            },
        },
    ];

    public BotBundle this[int index] => _bundles[index].Value;

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
