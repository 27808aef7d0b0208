namespace EmailTriage.Triage;

/// <summary>
/// A run lock as an open file: an exclusive lock the operating system takes when the file is opened (flock on Linux and
/// macOS, a share mode on Windows) and drops when the process ends, however it ends.
/// </summary>
internal static class LockFile
{
    /// <summary>Opens and locks <paramref name="path"/>, creating it when missing; an <see cref="IOException"/> when it is held (see <see cref="IsHeld"/>).</summary>
    /// <remarks>
    /// Opened for reading only, so a run as another user (sudo and the user) can lock a file the other created. The file
    /// stays when released: deleting it on close would let a run that opened it just before the delete lock the removed
    /// file while a third run locks a new one.
    /// </remarks>
    public static FileStream Open(string path) => new(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None, 1);

    /// <summary>True when the file could not be locked because another open of it holds the lock.</summary>
    public static bool IsHeld(IOException exception) =>
        exception.GetType() == typeof(IOException) && exception.HResult is
            11 // EWOULDBLOCK on Linux: flock refused
            or 35 // EWOULDBLOCK on macOS
            or unchecked((int)0x80070020) // ERROR_SHARING_VIOLATION on Windows
            or unchecked((int)0x80070021); // ERROR_LOCK_VIOLATION on Windows
}
