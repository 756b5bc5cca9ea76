namespace OpsLogTools.Core.Reading.Journal;

/// <summary>The header's incompatible flags (journal-def.h): a reader must understand every one that is set.</summary>
[Flags]
internal enum JournalIncompatible : uint
{
    None = 0,
    CompressedXz = 1 << 0,
    CompressedLz4 = 1 << 1,
    KeyedHash = 1 << 2,
    CompressedZstd = 1 << 3,
    Compact = 1 << 4,
    Known = CompressedXz | CompressedLz4 | KeyedHash | CompressedZstd | Compact,
}

/// <summary>An object's compression flag (journal-def.h <c>OBJECT_COMPRESSED_*</c>).</summary>
[Flags]
internal enum JournalObjectFlags : byte
{
    None = 0,
    Xz = 1 << 0,
    Lz4 = 1 << 1,
    Zstd = 1 << 2,
    Compressed = Xz | Lz4 | Zstd,
}

/// <summary>Object types (journal-def.h <c>ObjectType</c>).</summary>
internal enum JournalObjectType : byte
{
    Unused = 0,
    Data = 1,
    Field = 2,
    Entry = 3,
    DataHashTable = 4,
    FieldHashTable = 5,
    EntryArray = 6,
    Tag = 7,
}
