@{
    Synopsis    = 'Finds bots in access and CloudFront logs by their behaviour over hours, with the real client address behind a CDN.'
    Description = @'
Find-BotRequest reads Apache or nginx access logs and CloudFront standard logs (files, wildcards, directories, Get-ChildItem output, or access entries from Get-LogEntry) and writes one BotActivity per client that behaves like a bot: CmsProbe (WordPress, Joomla or phpMyAdmin paths on a site that serves none of them), SensitiveFileScan (.env, .git/config, backups, credentials), Scanner (scanner user agents, many missing paths, or many requests the server answered 400 because they were not HTTP, such as TLS handshakes sent to the plain-HTTP port), BruteForce (many POSTs to a login path) and Crawler (known crawlers, Benign, by user agent: a user agent can lie, and the evidence says so).

Behind CloudFront the origin's access log shows only edge addresses. The real client comes from CloudFront's own logs (c-ip, and x-forwarded-for where a proxy stands before CloudFront), or from X-Forwarded-For in an origin log, taking the right-most address that is not a trusted proxy. CloudFront's address ranges ship as a dated snapshot of AWS's ip-ranges.json; -IpRangesPath takes a newer one. When only an origin log is given and its clients are edge addresses, a warning says so and the findings are marked IsCdnEdge: never block those.

What the site serves is learned from the logs, so its own files are never taken for probes: a path that answered 2xx with a body or 304, that visitors reached by a link from the site's own pages (the Referer of the site's stylesheets and images tells which host that is), or that several ordinary visitors asked for, is the site's content. A visitor downloading the site's release tarball is a download; a client asking for /backup.tar.gz, /.env, /.git/config or id_rsa is probing whatever the answer. A user agent is called probably forged only on evidence over several requests (a "Googlebot" asking for wp-login.php under many paths): one odd request from a crawler is a link it followed. Known crawlers with one or two requests are left out unless -IncludeBenign is given.

Detection looks at behaviour over hours, not bursts alone: the cadence of requests (a prober at one request a minute slips under burst limits), the number of distinct probe paths, and whether those paths ever succeed on this site for anyone. A real page whose name contains "wordpress" that answers 200 to ordinary browsers is not a probe, and a human's few typos are not a scan. Requests counts each request once: a request CloudFront forwarded to the origin is in both logs and is matched up.

Files given by path are decompressed and parsed on worker threads (one per core, up to four) straight into per-client counters, with no object per request: on two cores a week of hourly CloudFront .gz files is read faster than zcat | wc -l reads it. Memory grows with the number of distinct clients, not lines, and is bounded: an IPv6 client is its /64 network (a host picks new addresses in its /64 at will, so two million rotating addresses are one client, reported as the /64 with the number of addresses and a few of them), and at most -MaxClients clients are kept. With origin access logs next to the CloudFront logs, the files are read side by side in time order, so a forwarded request's two lines meet within a bounded span: only the forwarded requests of the last few hours wait for their twin (two hours of leeway for lines out of time order, as CloudFront's several files for one hour are, plus an hour for CloudFront's longest believable time-taken), however many days the logs cover; a warning says if a log runs further out of time order than that. -AsRequest reads the files the same way, twice. Entries from the pipeline come in any order, so there the forwarded requests wait for their twin until the end.

The signatures live in a JSON data file (bot-signatures.json in the module's engine); -SignaturePath adds to it or replaces it.
'@
    Parameters  = @{
        Session       = 'Run on these hosts instead of here: open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH. Each host reads its own paths (-Path names files on the hosts) and the hosts run in parallel; each object that comes back carries PSComputerName, and HostName where its type has none. A host that cannot be reached, has no pwsh or refuses the key is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed) while the other hosts'' results still come; the hosts'' own errors keep their ids and name the host. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Run on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host for the run and closed after it. Needs sshd with the powershell subsystem on each host (see the README). PSComputerName is the host, with the port when it is not 22.'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it (an installed OpsLogTools of the same version whose files hash the same counts). Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
        Path          = 'Access logs and CloudFront logs to read: files, wildcards or directories (a directory reads every recognised log under it).'
        LiteralPath   = 'Files or directories, taken exactly as written. Binds from Get-ChildItem output.'
        InputObject   = 'Access entries from Get-LogEntry. Entries that are not web requests are passed over.'
        TimeZone      = 'Zone for stamps that carry none, when the bundle does not tell (see Get-LogEntry).'
        ReferenceDate = 'A moment the logs are known to reach, for yearless stamps (see Get-LogEntry).'
        Encoding      = 'Text encoding of the logs when not UTF-8.'
        IpRangesPath  = 'A newer AWS ip-ranges.json; its CLOUDFRONT and CLOUDFRONT_ORIGIN_FACING prefixes replace the shipped snapshot.'
        SignaturePath = 'A JSON signature file in the shape of the shipped bot-signatures.json: more probe paths, sensitive files, scanner agents or crawlers, and an optional "disable" list.'
        SignatureMode = 'Merge (the default) adds -SignaturePath to the shipped signatures; Replace uses it alone.'
        TrustedProxy  = 'Addresses or CIDR ranges of your own proxies or load balancers whose X-Forwarded-For is trusted, besides CloudFront edges.'
        AsRequest     = 'Emit the request entries of the flagged clients instead of one summary per client, for drilling down. They come in the order read: file after file, or by time when CloudFront and origin logs are both given.'
        ExcludeBenign = 'Leave out clients judged Benign (known crawlers).'
        IncludeBenign = 'List every known crawler, also those with one or two requests. By default a crawler with fewer than three requests is left out (on a public site most crawler addresses ask for a page or two, and listing each buries the findings); -Verbose says how many were left out.'
        MaxClients    = 'The most distinct clients kept and classified (default 5,000,000). A client seen up to four times with ordinary requests (no probe or secret path, no scanner or crawler agent, no login POST) costs a few dozen bytes; one that does more, about a kilobyte. An IPv6 /64 counts once. Requests of clients first seen after the limit are counted, not classified, and a warning says how many.'
    }
    Examples    = @(
        @{
            Title   = 'Bots in the sample, origin and CloudFront logs together'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-BotRequest (Join-Path $sample httpd/access_log), (Join-Path $sample cloudfront/*.gz)'
            Remarks = 'Each finding shows the real client address from CloudFront''s logs, the kind of bot, how many requests it made and its cadence.'
        }
        @{
            Title   = 'Drill into the WordPress prober''s requests'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-BotRequest (Join-Path $sample cloudfront) -AsRequest | Where-Object Target -like "*wp-*" | Select-Object -First 5 Timestamp, ClientIp, Target, Status'
            Remarks = '-AsRequest emits the requests of the flagged clients as AccessLogEntry objects.'
        }
        @{
            Title   = 'Evidence for each finding'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-BotRequest $sample | Where-Object Intent -ne Benign | Select-Object ClientIp, Kind, Requests -ExpandProperty Evidence'
            Remarks = 'Evidence holds statements an admin can check by hand in the logs.'
        }
    )
    Links       = @('ConvertTo-BlockRule', 'Get-LogEntry', 'about_OpsLogTools')
}
