namespace OpsLogTools.Core.Sample;

/// <summary>The kinds of bot the generator plants (named as Find-BotRequest names them).</summary>
public enum PlantedBotKind
{
    /// <summary>Probes CMS (WordPress) paths.</summary>
    CmsProbe,
    /// <summary>Asks for secrets and backups.</summary>
    SensitiveFileScan,
    /// <summary>A search-engine crawler (benign).</summary>
    Crawler,
}
