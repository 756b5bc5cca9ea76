namespace OpsLogTools.Core.Reports;

/// <summary>Requests of one bot client in one minute.</summary>
/// <param name="Minute">Start of the minute.</param>
/// <param name="Requests">Requests in it.</param>
public readonly record struct BotMinute(DateTimeOffset Minute, long Requests);
