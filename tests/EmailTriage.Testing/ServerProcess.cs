using System.Diagnostics;

namespace EmailTriage.Testing;

/// <summary>Ending a server a test started (Azurite, Dovecot): the whole process tree, then its throw-away folder.</summary>
public static class ServerProcess
{
    public static async Task StopAsync(Process process, string folder)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A process still holding a file for a moment; it is in the temp folder.
        }
    }
}
