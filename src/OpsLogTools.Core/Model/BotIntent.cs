namespace OpsLogTools.Core.Model;

/// <summary>How worried an admin should be about a <see cref="BotActivity"/>.</summary>
public enum BotIntent
{
    /// <summary>Harmless by its own description (a crawler); note that a user agent can lie.</summary>
    Benign = 0,
    /// <summary>Automated and unwanted, but the evidence is thin.</summary>
    Suspicious,
    /// <summary>Clearly hostile: probing, scanning for secrets, guessing passwords.</summary>
    Malicious,
}
