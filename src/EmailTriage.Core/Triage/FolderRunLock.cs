using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// The run lock of a folder mailbox lives in the folder (<c>.emailtriage/run.lock</c>, beside its label record), so every
/// run that labels the folder finds it, whatever state folder it was given (a timer and a shell, <c>sudo</c> and the
/// user, a run with EMAILTRIAGE_STORAGE and one without).
/// </summary>
internal sealed class FolderRunLock : IDisposable
{
    public const string FileName = "run.lock";

    private readonly FileStream _file;

    private FolderRunLock(FileStream file) => _file = file;

    public static FolderRunLock Acquire(FolderMailbox mailbox)
    {
        var folder = Path.GetDirectoryName(mailbox.RecordPath)!;
        var path = Path.Combine(folder, FileName);
        try
        {
            Directory.CreateDirectory(folder);
            return new FolderRunLock(LockFile.Open(path));
        }
        catch (IOException ex) when (LockFile.IsHeld(ex))
        {
            throw new MailboxUnavailableException(
                $"Another triage run is working on {mailbox.Description}: the folder's run lock {path} is held by it (perhaps started by another user " +
                $"or with another {StateDirectory.SettingName}); this run changed nothing and leaves the mail for that run or the next.",
                ex)
            {
                HeldByAnotherRun = true,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException(
                $"Cannot create the run lock {path} ({ex.Message}): a run that labels a folder keeps its lock and its label record in the folder. " +
                "Make the folder writable for this user, or use --dry-run, which changes nothing and needs no lock.",
                ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
