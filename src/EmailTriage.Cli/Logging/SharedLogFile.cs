using System.Security.Cryptography;
using System.Text;

namespace EmailTriage.Cli.Logging;

/// <summary>
/// The live log file, shared by every run on this machine. .NET's FileStream writes at its own remembered offset
/// (pwrite, never O_APPEND), so two processes appending to one file overwrite each other's lines; a named mutex,
/// one per log file, makes "roll over if a new day began, find the end, write one whole record" a single step
/// across processes. The file is opened per record, so a file moved away by another run is never written to.
/// </summary>
internal sealed class SharedLogFile : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Mutex? _mutex;
    private readonly LogFileRollOver _rollOver;
    private readonly TimeProvider _time;
    private DateOnly _checkedOn;

    public SharedLogFile(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        _rollOver = new LogFileRollOver(path, time.LocalTimeZone);
        _mutex = CreateMutex(path);
    }

    public string Path { get; }

    /// <summary>Writes the record that <paramref name="format"/> makes of the current local time, in one write.</summary>
    public void Append(Func<DateTimeOffset, string> format)
    {
        lock (_lock)
        {
            var owned = Acquire();
            try
            {
                var now = _time.GetLocalNow();
                var today = DateOnly.FromDateTime(now.DateTime);
                if (today != _checkedOn)
                {
                    _rollOver.RollOverIfOlderThan(today);
                    _checkedOn = today;
                }

                Write(Encoding.UTF8.GetBytes(format(now)));
            }
            finally
            {
                if (owned)
                {
                    _mutex!.ReleaseMutex();
                }
            }
        }
    }

    public void Dispose() => _mutex?.Dispose();

    private void Write(byte[] record)
    {
        try
        {
            WriteAtEnd(record);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            WriteAtEnd(record);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A log that cannot be written must not stop a triage run; the console still reports what happened.
        }
    }

    private void WriteAtEnd(byte[] record)
    {
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        stream.Write(record);
    }

    private bool Acquire()
    {
        if (_mutex is null)
        {
            return false;
        }

        try
        {
            return _mutex.WaitOne();
        }
        catch (AbandonedMutexException)
        {
            // A run was killed while writing; the mutex is ours now and its file is still whole up to that record.
            return true;
        }
    }

    private static Mutex? CreateMutex(string path)
    {
        // Global: two terminals are two sessions; current user only: another user's runs cannot block ours.
        var name = $@"Global\EmailTriage.Log.{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..32]}";
        try
        {
            return new Mutex(initiallyOwned: false, name, new NamedWaitHandleOptions { CurrentUserOnly = true, CurrentSessionOnly = false }, out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException or PlatformNotSupportedException)
        {
            // Without named mutexes (a read-only /tmp) this process still writes whole records; only concurrent runs may mix.
            return null;
        }
    }
}
