using System.Security.Cryptography;
using System.Text;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// One labelling run per mailbox on this machine at a time (say, the timer under <c>func start</c> and a CLI run on the
/// same Mac), so two runs cannot both classify the same new message and give it two labels. Keyed by what the mailbox is
/// (<see cref="IMailbox.IdentifyAsync"/>), not how it was spelled. The lock is an open file in the state folder; the
/// operating system releases it when the process ends, however it ends.
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

        try
        {
            return new MailboxRunLock(new FileStream(Path.Combine(folder, $"{key}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException ex)
        {
            throw new MailboxUnavailableException(
                $"Another triage run on this machine is working on {mailbox.Description}; this run changed nothing and leaves the mail for the next one.",
                ex)
            {
                HeldByAnotherRun = true,
            };
        }
    }

    public void Dispose() => _file.Dispose();
}
