namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>The web side of a synthetic host (origin access/error logs and CloudFront), and line helpers.</summary>
internal static class SyntheticHostFiles
{
    private static readonly string[] Pages = ["/", "/index.html", "/about/", "/blog/2022/07/release-notes/", "/css/site.css", "/img/logo.png", "/feed.xml"];

    public static SyntheticLine Syslog(string file, DateTimeOffset t, string program, int? pid, string message) =>
        new() { File = file, True = t, Program = program, Pid = pid, Message = message };

    public static SyntheticLine Access(DateTimeOffset t, string target, int status, string edge) =>
        new() { File = SyntheticHost.AccessLog, True = t, ClientIp = edge, Target = target, Status = status, Message = $"GET {target} HTTP/1.1" };

    public static SyntheticLine Cdn(DateTimeOffset t, string target, int status, string resultType, string client) =>
        new() { File = SyntheticHost.CloudFrontLog, True = t, ClientIp = client, Target = target, Status = status, ResultType = resultType, Message = $"GET {target}" };

    public static SyntheticLine Error(DateTimeOffset t, string level, int pid, string message) =>
        new() { File = SyntheticHost.ErrorLog, True = t, Program = level.Split(':')[0], Level = level, Pid = pid, Message = message };

    public static void Web(SyntheticHost host)
    {
        var rng = host.Rng;
        string Edge() => $"130.176.{rng.Next(1, 255)}.{rng.Next(1, 255)}";
        string Client() => $"203.0.113.{rng.Next(1, 255)}";
        void Request(DateTimeOffset t, string target, int status)
        {
            host.Add(Access(t, target, status, Edge()));
            if (host.WithCloudFront) host.Add(Cdn(t, target, status, status >= 500 ? "Error" : "Miss", Client()));
        }
        host.Poisson(TimeSpan.FromSeconds(20), host.Busy, true, t =>
        {
            double u = rng.NextDouble();
            int status = u < 0.003 ? 500 : u < 0.02 ? 404 : 200;
            Request(t, Pages[rng.Next(Pages.Length)], status);
        });
        // A WordPress prober about once a minute, every hour of the day.
        for (var t = host.Start.AddSeconds(rng.Next(60)); host.Prober && t < host.End; t = t.AddSeconds(55 + rng.Next(11)))
            Request(t, "/wp-login.php", 404);
        if (host.WithCloudFront)
            host.Poisson(TimeSpan.FromSeconds(30), host.Busy, true, t => host.Add(Cdn(t, Pages[rng.Next(Pages.Length)], 200, "Hit", Client())));
        int workerPid = host.NewPid();
        host.Poisson(TimeSpan.FromMinutes(90), 1.0, false, t =>
            host.Add(Error(t, "core:error", workerPid, $"[client {Edge()}:{40000 + rng.Next(20000)}] AH00126: Invalid URI in request GET /..%2f..%2fetc/passwd HTTP/1.1")));
        host.Poisson(TimeSpan.FromMinutes(120), 1.0, false, t =>
            host.Add(Error(t, "mpm_prefork:notice", 1400, "AH00171: Graceful restart requested, doing restart")));
    }
}
