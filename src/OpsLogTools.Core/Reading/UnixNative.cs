using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// The few libc calls .NET does not offer: <c>statx</c> (what a path is, before opening it: .NET cannot tell a FIFO
/// from a file, and opening a FIFO blocks until a writer comes) and <c>open</c> (a descriptor without the advisory
/// <c>flock</c> that every .NET FileStream opened by path takes on Unix, whatever its FileShare).
/// statx is used rather than stat because its record has one layout on every architecture.
/// Linux only; elsewhere, or where libc lacks statx (old glibc, musl before 1.2.5), <see cref="Available"/> is false
/// and the callers fall back to the managed API.
/// </summary>
internal static class UnixNative
{
    private const string Libc = "libc";

    // <fcntl.h>; the same values on every architecture .NET runs on (x64, x86, arm, arm64, s390x, ppc64le, riscv64, loongarch64).
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const int ORdOnly = 0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;   // a FIFO swapped in after the type check must not block the open
    private const int OCloExec = 0x80000;
    private const int PosixFadvSequential = 2;
    private const uint StatxBasicStats = 0x7FF;
    private const uint StatxBirthTime = 0x800;

    // struct statx offsets (include/uapi/linux/stat.h).
    private const int StatxSize = 256;
    private const int OffMask = 0x00, OffBtimeSec = 0x50, OffBtimeNsec = 0x58;
    private const int OffMode = 0x1C, OffIno = 0x20, OffSize = 0x28, OffMtimeSec = 0x70, OffMtimeNsec = 0x78, OffDevMajor = 0x88, OffDevMinor = 0x8C;

    private const int ENOSYS = 38;
    private const int ENXIO = 6;
    private const int SeekDataWhence = 3; // SEEK_DATA (Linux, since 3.1)

    private static int _state; // 0 unknown, 1 available, -1 not

    static UnixNative()
    {
        try
        {
            // "libc" alone resolves to the linker script /usr/lib/<arch>/libc.so on glibc systems with the dev package;
            // the real library is libc.so.6 there (musl: libc.so).
            NativeLibrary.SetDllImportResolver(typeof(UnixNative).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver was set already (the assembly loaded twice): the default probing still finds libc on most systems.
        }
    }

    /// <summary>True when the calls work here (Linux with a libc that has statx).</summary>
    public static bool Available
    {
        get
        {
            if (_state == 0) _state = Probe() ? 1 : -1;
            return _state > 0;
        }
    }

    /// <summary>statx of a path (lstat semantics unless <paramref name="followLinks"/>): 0, or the errno.</summary>
    public static int Stat(string path, bool followLinks, out FileNode node)
    {
        var buffer = new byte[StatxSize];
        int rc = StatxPath(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats | StatxBirthTime, buffer);
        if (rc != 0)
        {
            node = default;
            return Marshal.GetLastPInvokeError();
        }
        node = Read(buffer);
        return 0;
    }

    /// <summary>statx of an open descriptor (fstat): 0, or the errno.</summary>
    public static int Stat(SafeHandle handle, out FileNode node)
    {
        var buffer = new byte[StatxSize];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            if (StatxPath(fd, "", AtEmptyPath, StatxBasicStats | StatxBirthTime, buffer) != 0)
            {
                node = default;
                return Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        node = Read(buffer);
        return 0;
    }

    /// <summary>Opens a file read-only without taking any lock: the descriptor, or -1 and the errno.</summary>
    public static int OpenReadOnly(string path, out int errno)
    {
        int fd = OpenPath(path, ORdOnly | ONoCtty | ONonBlock | OCloExec);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (fd >= 0)
        {
            try
            {
                _ = Fadvise(fd, 0, 0, PosixFadvSequential); // what FileOptions.SequentialScan does: a hint, its failure does not matter
            }
            catch (EntryPointNotFoundException)
            {
            }
        }
        return fd;
    }

    /// <summary>
    /// <c>lseek(fd, offset, SEEK_DATA)</c>: the first offset at or after <paramref name="offset"/> that holds data (a
    /// hole of a sparse file skipped), -1 when only a hole follows (ENXIO), or null when the call cannot tell here (not
    /// Linux, or a file system without the call: the caller reads on).
    /// </summary>
    public static long? SeekData(SafeHandle handle, long offset)
    {
        if (!Available) return null;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            long at = LSeek((int)handle.DangerousGetHandle(), offset, SeekDataWhence);
            if (at >= 0) return at;
            return Marshal.GetLastPInvokeError() == ENXIO ? -1 : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private static FileNode Read(byte[] b)
    {
        int mode = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(OffMode));
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileNodeKind.Regular,
            0x4000 => FileNodeKind.Directory,
            0xA000 => FileNodeKind.SymbolicLink,
            0x1000 => FileNodeKind.Fifo,
            0xC000 => FileNodeKind.Socket,
            0x2000 => FileNodeKind.CharacterDevice,
            0x6000 => FileNodeKind.BlockDevice,
            _ => FileNodeKind.Other,
        };
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(OffIno));
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(OffSize));
        long seconds = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(OffMtimeSec));
        uint nanos = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(OffMtimeNsec));
        ulong device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(OffDevMajor)) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(OffDevMinor));
        var mtime = Time(seconds, nanos) ?? DateTimeOffset.UnixEpoch; // outside what DateTimeOffset holds: a damaged inode, not a reason to fail
        // The birth time tells a new file from an old one whose inode number was freed and reused (delete, then create).
        DateTimeOffset? born = (BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(OffMask)) & StatxBirthTime) != 0
            ? Time(BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(OffBtimeSec)), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(OffBtimeNsec)))
            : null;
        return new FileNode(kind, device, inode, size, mtime) { BirthTime = born };
    }

    private static DateTimeOffset? Time(long seconds, uint nanos)
    {
        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static bool Probe()
    {
        // 64-bit only: off_t and the open flags are those of the 64-bit ABIs (a 32-bit process would need O_LARGEFILE).
        if (!OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian || !Environment.Is64BitProcess) return false;
        try
        {
            var buffer = new byte[StatxSize];
            if (StatxPath(AtFdCwd, "/", 0, StatxBasicStats | StatxBirthTime, buffer) == 0) return true;
            // ENOSYS: a kernel before 4.11 or a sandbox that filters the call.
            return Marshal.GetLastPInvokeError() != ENOSYS;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Libc) return IntPtr.Zero;
        foreach (string candidate in (ReadOnlySpan<string>)["libc.so.6", "libc.so", "libc"])
        {
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle)) return handle;
        }
        return IntPtr.Zero;
    }

    [DllImport(Libc, EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxPath(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport(Libc, EntryPoint = "open", SetLastError = true)]
    private static extern int OpenPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport(Libc, EntryPoint = "lseek", SetLastError = true)]
    private static extern long LSeek(int fd, long offset, int whence);

    [DllImport(Libc, EntryPoint = "posix_fadvise", SetLastError = false)]
    private static extern int Fadvise(int fd, long offset, long length, int advice);
}
