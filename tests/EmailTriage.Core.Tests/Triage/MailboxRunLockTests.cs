using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;

namespace EmailTriage.Core.Tests.Triage;

public sealed class MailboxRunLockTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StateDirectory State => new(_workspace.PathOf("state"));

    public void Dispose() => _workspace.Dispose();

    private FolderMailbox Folder(string relative)
    {
        Directory.CreateDirectory(_workspace.PathOf("inbox"));
        return new FolderMailbox(_workspace.PathOf(relative));
    }

    [Fact]
    public async Task A_second_run_on_the_same_mailbox_is_refused_until_the_first_ends()
    {
        var mailbox = Folder("inbox");

        using (await AcquireAsync(mailbox))
        {
            var refused = await Assert.ThrowsAsync<MailboxUnavailableException>(() => AcquireAsync(mailbox));
            Assert.Contains("Another triage run on this machine", refused.Message, StringComparison.Ordinal);
        }

        // Released with the first run: the next one gets it, and holds it against a third.
        using var again = await AcquireAsync(mailbox);
        await Assert.ThrowsAsync<MailboxUnavailableException>(() => AcquireAsync(mailbox));
    }

    [Fact]
    public async Task Runs_on_different_mailboxes_do_not_wait_for_each_other()
    {
        Directory.CreateDirectory(_workspace.PathOf("other"));
        using var first = await AcquireAsync(Folder("inbox"));
        using var second = await AcquireAsync(Folder("other"));

        Assert.Equal(2, Directory.GetFiles(Path.Combine(State.Path, "locks")).Length);
    }

    [Theory]
    [InlineData("inbox/")]
    [InlineData("inbox/./")]
    [InlineData("link")]
    [InlineData("link/")]
    [InlineData("inbox/takeout.mbox")]
    [InlineData("link/takeout.mbox")]
    public async Task Every_spelling_of_one_folder_is_one_mailbox(string spelling)
    {
        var inbox = Folder("inbox");
        _workspace.Write("inbox/takeout.mbox", "From a@example.com Mon Nov  2 10:00:00 2026\nSubject: x\n\nbody\n");
        Directory.CreateSymbolicLink(_workspace.PathOf("link"), _workspace.PathOf("inbox"));

        using var first = await AcquireAsync(inbox);

        await Assert.ThrowsAsync<MailboxUnavailableException>(() => AcquireAsync(Folder(spelling)));
    }

    [Fact]
    public async Task A_lock_that_cannot_be_opened_names_the_setting_not_another_run()
    {
        // A folder where the lock file should be: the file cannot be opened, as on a read-only disk (the tests may run as root).
        var mailbox = Folder("inbox");
        using (await AcquireAsync(mailbox))
        {
        }

        var lockFile = Assert.Single(Directory.GetFiles(Path.Combine(State.Path, "locks")));
        File.Delete(lockFile);
        Directory.CreateDirectory(lockFile);

        var refused = await Assert.ThrowsAsync<SettingsException>(() => AcquireAsync(mailbox));

        Assert.Contains(lockFile, refused.Message, StringComparison.Ordinal);
        Assert.Contains("EMAILTRIAGE_STATE_DIR", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lock_lives_in_the_state_folder_whatever_the_temp_folder()
    {
        using var held = await AcquireAsync(Folder("inbox"));

        Assert.Single(Directory.GetFiles(Path.Combine(State.Path, "locks"), "*.lock"));
    }

    private async Task<MailboxRunLock> AcquireAsync(FolderMailbox mailbox) =>
        MailboxRunLock.Acquire(mailbox, await mailbox.IdentifyAsync(Ct), State);
}
