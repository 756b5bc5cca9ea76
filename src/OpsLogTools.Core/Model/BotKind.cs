namespace OpsLogTools.Core.Model;

/// <summary>What kind of automated client a <see cref="BotActivity"/> describes.</summary>
public enum BotKind
{
    /// <summary>Nothing automated was recognised (never emitted).</summary>
    None = 0,
    /// <summary>Probes for CMS and admin-tool paths (WordPress, Joomla, Drupal, phpMyAdmin, ...) that this site does not serve.</summary>
    CmsProbe,
    /// <summary>Asks for files that must never be public: <c>.env</c>, <c>.git/config</c>, keys, credentials, backups.</summary>
    SensitiveFileScan,
    /// <summary>A search-engine or SEO crawler, recognised by its user agent.</summary>
    Crawler,
    /// <summary>Many POSTs to a login path: password guessing.</summary>
    BruteForce,
    /// <summary>A vulnerability scanner or fuzzer: a scanner user agent, or many distinct paths that do not exist.</summary>
    Scanner,
}
