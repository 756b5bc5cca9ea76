using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// A zone chosen to fit observed offsets: an IANA zone whose rules give every observed offset at its moment (with
/// its daylight-saving changes), or one fixed offset.
/// </summary>
/// <param name="Zone">The zone with rules, or null for <paramref name="Offset"/>.</param>
/// <param name="Offset">The fixed offset (with a zone: the offset at the latest observation).</param>
/// <param name="Note">Words for the verbose line and the basis: which offsets were seen and what fits them.</param>
/// <param name="Consistent">False when no zone's rules give the observed offsets (the most seen offset is used).</param>
/// <param name="Changes">True when the observed offsets change (a daylight-saving zone was fitted).</param>
internal sealed record ZoneFit(TimeZoneInfo? Zone, TimeSpan Offset, string Note, bool Consistent = true, bool Changes = false);
