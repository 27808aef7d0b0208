using System.Runtime.InteropServices;

namespace EmailTriage.Mailboxes;

/// <summary>
/// Tells a regular file from a FIFO or a device named like mail. .NET shows them all as "Normal", and opening a FIFO blocks
/// until something writes to it, so a run would hang on it forever.
/// </summary>
internal static partial class RegularFile
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    public static bool Is(string path)
    {
        try
        {
            // statx has one layout on every Linux architecture; on macOS, stat's st_mode follows a 32-bit st_dev.
            var buffer = new byte[256];
            if (OperatingSystem.IsLinux())
            {
                return NativeMethods.statx(AtFdCwd, path, 0, StatxType, buffer) != 0 || (BitConverter.ToUInt16(buffer, 28) & TypeMask) == Regular;
            }

            if (OperatingSystem.IsMacOS())
            {
                return NativeMethods.stat(path, buffer) != 0 || (BitConverter.ToUInt16(buffer, 4) & TypeMask) == Regular;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // An old C library: nothing to ask, so the file is taken as it is.
        }

        return true;
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project for two calls.
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
#pragma warning restore SYSLIB1054
    }
}
