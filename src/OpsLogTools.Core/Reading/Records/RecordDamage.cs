namespace OpsLogTools.Core.Reading.Records;

/// <summary>
/// Damage a record source met and read past: where it is (the ordinal of the record it cost or follows, and the byte
/// offset of the bad bytes) and what it is, in words that name the file and the offset.
/// </summary>
/// <param name="Ordinal">The ordinal of the record the damage cost, or of the last good record before it.</param>
/// <param name="Offset">Byte offset of the damage in the file.</param>
/// <param name="Message">What was wrong and what was done about it; names the file and the byte offset.</param>
/// <param name="Fatal">True when nothing after it can be reached (the rest of the file is lost, not just one record).</param>
public readonly record struct RecordDamage(long Ordinal, long Offset, string Message, bool Fatal = false);
