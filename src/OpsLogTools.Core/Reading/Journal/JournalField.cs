namespace OpsLogTools.Core.Reading.Journal;

/// <summary>One <c>NAME=value</c> field of a journal entry; the value is bytes (the journal is binary-safe).</summary>
/// <param name="Name">The field name (ASCII; interned per file).</param>
/// <param name="Value">The value's bytes.</param>
public readonly record struct JournalField(string Name, byte[] Value);
