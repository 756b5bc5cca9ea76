using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// One sighting of the offset a host's local clock had at an instant: a stamp Apache wrote with <c>%z</c>, or a
/// clock a program printed in UTC beside rsyslog's local stamp (stamp minus printed time, a whole quarter hour).
/// </summary>
/// <param name="UtcTicks">The instant.</param>
/// <param name="Offset">Local time minus UTC then.</param>
/// <param name="File">Where it was seen.</param>
/// <param name="Printed">True for a printed clock against a zoneless stamp; false for a stamp written with its offset.</param>
internal readonly record struct ZoneObservation(long UtcTicks, TimeSpan Offset, LogFile File, bool Printed);
