using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// A fast, streaming writer of a big combined access log for benchmarks: lines are assembled as bytes from
/// pre-encoded pools into one buffer, the stamp is re-formatted only when the second changes.
/// </summary>
internal static class LargeAccessLog
{
    private static readonly string[] Paths =
    [
        "/", "/about.html", "/contact.html", "/blog/", "/blog/2022/06/apache-tuning.html", "/blog/2022/05/lightsail-notes.html",
        "/blog/moving-off-wordpress.html", "/css/site.css", "/js/site.js", "/img/logo.png", "/favicon.ico", "/robots.txt", "/sitemap.xml",
        "/blog/?page=2", "/search?q=%E6%97%A5%E6%9C%AC%E8%AA%9E&sort=asc", "/api/v1/items?id=42&fields=name,price", "/wp-login.php",
        "/xmlrpc.php", "/.env", "/.git/config", "/wp-content/plugins/revslider/readme.txt", "/img/photos/2022/07/summer-festival-0001.jpg",
        "/blog/2021/12/year-end-notes.html#comments", "/downloads/report-2022.pdf", "/a/very/long/path/that/goes/on/and/on/for/a/while/index.html",
    ];
    private static readonly string[] Methods = ["GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST", "HEAD", "OPTIONS"];
    private static readonly string[] Protocols = ["HTTP/1.1", "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"];
    private static readonly (int Status, int Weight)[] Statuses = [(200, 700), (304, 100), (404, 100), (301, 20), (302, 10), (403, 20), (206, 10), (500, 20), (503, 10), (400, 10)];
    private static readonly string[] Agents =
    [
        .. UserAgents.Browsers,
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        UserAgents.Bingbot,
        "curl/7.79.1",
        "python-requests/2.28.1",
        "Mozilla/5.0 (l9explore/1.2.2)",
        "Mozilla/5.0 (compatible; \\\"quoted\\\" agent)",
        "-",
    ];
    private static readonly string[] Referers = ["-", "-", "-", "https://www.google.com/", "https://www.example.com/", "https://www.example.com/blog/", "https://twitter.com/"];

    public static void Write(string path, long lines, int seed)
    {
        var rng = new Random(seed);
        var clients = new byte[4096][];
        for (int i = 0; i < clients.Length; i++)
        {
            string ip = i % 10 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"2400:4050:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}:{rng.Next(1, 0xffff):x}")
                : string.Create(CultureInfo.InvariantCulture, $"{PublicFirstOctet(rng)}.{rng.Next(0, 256)}.{rng.Next(0, 256)}.{rng.Next(1, 255)}");
            clients[i] = Encoding.ASCII.GetBytes(ip + " - - ");
        }
        var requests = new List<byte[]>();
        foreach (var m in Methods.Distinct())
            foreach (var p in Paths)
                foreach (var proto in Protocols.Distinct())
                    requests.Add(Encoding.ASCII.GetBytes($" \"{m} {p} {proto}\" "));
        byte[] handshake = Encoding.ASCII.GetBytes(" \"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03\" ");
        byte[] noRequest = Encoding.ASCII.GetBytes(" \"-\" ");
        var agents = Agents.Select(a => Encoding.ASCII.GetBytes("\"" + a + "\"\n")).ToArray();
        var referers = Referers.Select(r => Encoding.ASCII.GetBytes(" \"" + r + "\" ")).ToArray();
        int totalWeight = Statuses.Sum(s => s.Weight);

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 20];
        int used = 0;
        var zone = TimeSpan.FromHours(9);
        var t = new DateTimeOffset(2022, 7, 19, 0, 0, 0, zone);
        long ms = 0, second = -1;
        byte[] stamp = [];
        for (long n = 0; n < lines; n++)
        {
            if (used > buffer.Length - 4096)
            {
                file.Write(buffer, 0, used);
                used = 0;
            }
            ms += rng.Next(0, 40);
            if (ms / 1000 != second)
            {
                second = ms / 1000;
                stamp = Encoding.ASCII.GetBytes(TextFormat.ApacheStamp(t.AddSeconds(second)));
            }
            Append(buffer, ref used, clients[rng.Next(clients.Length)]);
            Append(buffer, ref used, stamp);
            int roll = rng.Next(10_000);
            int status;
            if (roll < 3)
            {
                Append(buffer, ref used, roll == 0 ? handshake : noRequest);
                status = roll == 0 ? 400 : 408;
            }
            else
            {
                Append(buffer, ref used, requests[rng.Next(requests.Count)]);
                status = PickStatus(rng, totalWeight);
            }
            Utf8Formatter.TryFormat(status, buffer.AsSpan(used), out int written);
            used += written;
            buffer[used++] = (byte)' ';
            if (status is 304 or 408 || rng.Next(50) == 0) buffer[used++] = (byte)'-';
            else
            {
                Utf8Formatter.TryFormat(rng.Next(150, 250_000), buffer.AsSpan(used), out written);
                used += written;
            }
            Append(buffer, ref used, referers[rng.Next(referers.Length)]);
            Append(buffer, ref used, agents[rng.Next(agents.Length)]);
        }
        file.Write(buffer, 0, used);
    }

    // Keeps clear of 10/8 and 127/8 so the clients look like the internet.
    private static int PublicFirstOctet(Random rng)
    {
        int a = rng.Next(1, 224);
        return a is 10 or 127 ? a + 1 : a;
    }

    private static int PickStatus(Random rng, int totalWeight)
    {
        int x = rng.Next(totalWeight);
        foreach (var (status, weight) in Statuses)
        {
            if (x < weight) return status;
            x -= weight;
        }
        return 200;
    }

    private static void Append(byte[] buffer, ref int used, byte[] bytes)
    {
        bytes.CopyTo(buffer, used);
        used += bytes.Length;
    }
}
