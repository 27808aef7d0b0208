using System.Security.Cryptography;
using System.Text;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// One labelling run per mailbox on this machine at a time (say, the timer under <c>func start</c> and a CLI run on the
/// same Mac), so two runs cannot both classify the same new message and give it two labels. Keyed by what the mailbox is
/// (<see cref="IMailbox.IdentifyAsync"/>), not how it was spelled. The lock is an open file in the state folder
/// (<see cref="LockFile"/>); the operating system releases it when the process ends, however it ends. A folder mailbox's
/// lock is in the folder instead (<see cref="FolderRunLock"/>).
/// </summary>
internal sealed class MailboxRunLock : IDisposable
{
    private readonly FileStream _file;

    private MailboxRunLock(FileStream file) => _file = file;

    public static MailboxRunLock Acquire(IMailbox mailbox, string identity, StateDirectory state)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        var folder = Path.Combine(state.Path, "locks");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"Cannot create the state folder {folder} ({ex.Message}). Set {StateDirectory.SettingName} to a folder this user can write.", ex);
        }

        var path = Path.Combine(folder, $"{key}.lock");
        try
        {
            return new MailboxRunLock(LockFile.Open(path));
        }
        catch (IOException ex) when (LockFile.IsHeld(ex))
        {
            throw new MailboxUnavailableException(
                $"Another triage run on this machine is working on {mailbox.Description}; this run changed nothing and leaves the mail for the next one.",
                ex)
            {
                HeldByAnotherRun = true,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"Cannot open the run lock {path} ({ex.Message}). Set {StateDirectory.SettingName} to a folder this user can write.", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
