using System.Security.Cryptography;
using System.Text;
using EmailTriage.Mailboxes;

namespace EmailTriage.Triage;

/// <summary>
/// One labelling run per mailbox on this machine at a time (say, the timer under <c>func start</c> and a CLI run on the
/// same Mac), so two runs cannot both classify the same new message and give it two labels. The lock is an open file
/// in the temp folder; the operating system releases it when the process ends, however it ends.
/// </summary>
internal sealed class MailboxRunLock : IDisposable
{
    private readonly FileStream _file;

    private MailboxRunLock(FileStream file) => _file = file;

    public static MailboxRunLock Acquire(IMailbox mailbox)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(mailbox.Description)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"emailtriage-{key}.lock");
        try
        {
            return new MailboxRunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException ex)
        {
            throw new MailboxUnavailableException(
                $"Another triage run on this machine is working on {mailbox.Description}; this run changed nothing and leaves the mail for the next one.",
                ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
