using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EmailTriage.State;

/// <summary>
/// The temporary files of <see cref="FileStateStore"/> writes: <c>{item}.{pid}-{host}.{guid}.tmp</c>, named after the
/// writing process and machine, so a write killed half-way (its temporary up to the model's size) can be told from one
/// still going, and removed by the next write to the folder.
/// </summary>
internal static partial class StateTemporaries
{
    /// <summary>A temporary this old is a leftover even if a process with its id runs: ids are reused (after a reboot, in a container).</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromDays(1);

    /// <summary>A hash of the machine name: a state folder on a shared drive holds the temporaries of other machines' processes too.</summary>
    private static readonly string Host = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Environment.MachineName)))[..8];

    // This process's writes in progress: a temporary with our own id that is not among them is a leftover of an earlier
    // process that had the same id.
    private static readonly ConcurrentDictionary<string, byte> Writing = new(StringComparer.Ordinal);

    /// <summary>A new temporary for <paramref name="path"/>, counted as in progress until <see cref="Done"/>.</summary>
    public static string Start(string path)
    {
        var temporary = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Host}.{Guid.NewGuid():N}.tmp";
        Writing[temporary] = 0;
        return temporary;
    }

    public static void Done(string temporary) => Writing.TryRemove(temporary, out _);

    /// <summary>Removes the temporaries in <paramref name="directory"/> whose writer is gone; never one a live writer may still rename.</summary>
    public static void RemoveStale(string directory, DateTime utcNow)
    {
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(directory, "*.tmp");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var file in files)
        {
            if (!IsStale(file, utcNow))
            {
                continue;
            }

            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: another cleaner got there first, or it is not ours to delete; the write goes on either way.
            }
        }
    }

    private static bool IsStale(string file, DateTime utcNow)
    {
        var match = Name().Match(Path.GetFileName(file));
        if (!match.Success || !int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            // Not a temporary of ours: a user's file stays whatever its name.
            return false;
        }

        DateTime written;
        try
        {
            written = File.GetLastWriteTimeUtc(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (utcNow - written > Abandoned)
        {
            return true;
        }

        // Written by another machine's process, whose life cannot be seen from here; names from before the host was named are this machine's.
        if (match.Groups["host"] is { Success: true } host && host.Value != Host)
        {
            return false;
        }

        return pid == Environment.ProcessId ? !Writing.ContainsKey(file) : !IsRunning(pid);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Cannot tell: assume a live writer, whose temporary must stay.
            return true;
        }
    }

    // {item}.{pid}[-{host}].{guid}.tmp; the host part is absent in temporaries written before it was added.
    [GeneratedRegex(@"^.+\.(?<pid>[0-9]{1,10})(-(?<host>[0-9a-f]{8}))?\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
