using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;

namespace EmailTriage.Core.Tests.Triage;

/// <summary>
/// src/EmailTriage.Core/Triage/FolderRunLock.cs: a folder mailbox's run lock is in the folder, so runs with different
/// state folders (a timer and a shell, sudo and the user) still exclude each other.
/// </summary>
public sealed class FolderRunLockTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _workspace.Dispose();

    private LocalMailboxLocks Locks(string stateFolder) => new(new StateDirectory(_workspace.PathOf(stateFolder)));

    private FolderMailbox Folder(string relative = "inbox")
    {
        Directory.CreateDirectory(_workspace.PathOf("inbox"));
        return new FolderMailbox(_workspace.PathOf(relative));
    }

    [Fact]
    public async Task Runs_with_different_state_folders_on_one_folder_exclude_each_other()
    {
        await using (await Locks("state-timer").AcquireAsync(Folder(), Ct))
        {
            var refused = await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks("state-shell").AcquireAsync(Folder(), Ct));

            Assert.True(refused.HeldByAnotherRun);
            Assert.Contains("Another triage run is working on folder ", refused.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(_workspace.PathOf("inbox"), ".emailtriage", "run.lock"), refused.Message, StringComparison.Ordinal);
            Assert.Contains("EMAILTRIAGE_STATE_DIR", refused.Message, StringComparison.Ordinal);
            Assert.Contains("this run changed nothing", refused.Message, StringComparison.Ordinal);
        }

        // Released with the first run: the other state folder's run takes it, and holds it against the first.
        await using var again = await Locks("state-shell").AcquireAsync(Folder(), Ct);
        await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks("state-timer").AcquireAsync(Folder(), Ct));
    }

    [Fact]
    public async Task The_lock_is_in_the_folder_and_nothing_is_written_to_the_state_folder()
    {
        await using var held = await Locks("state").AcquireAsync(Folder(), Ct);

        Assert.True(File.Exists(Path.Combine(_workspace.PathOf("inbox"), ".emailtriage", FolderRunLock.FileName)));
        Assert.False(Directory.Exists(_workspace.PathOf("state")));
    }

    [Theory]
    [InlineData("inbox/")]
    [InlineData("link")]
    [InlineData("inbox/takeout.mbox")]
    public async Task Every_spelling_of_one_folder_finds_the_same_lock(string spelling)
    {
        _workspace.Write("inbox/takeout.mbox", "From a@example.com Mon Nov  2 10:00:00 2026\nSubject: x\n\nbody\n");
        Directory.CreateSymbolicLink(_workspace.PathOf("link"), _workspace.PathOf("inbox"));
        await using var held = await Locks("state-a").AcquireAsync(Folder(), Ct);

        await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks("state-b").AcquireAsync(Folder(spelling), Ct));
    }

    [Fact]
    public async Task A_lock_file_left_by_an_earlier_run_is_taken_again()
    {
        // A run killed outright leaves its lock file; the operating system dropped the lock with the process.
        _workspace.Write("inbox/.emailtriage/run.lock", string.Empty);

        await using var held = await Locks("state").AcquireAsync(Folder(), Ct);

        await Assert.ThrowsAsync<MailboxUnavailableException>(() => Locks("state-other").AcquireAsync(Folder(), Ct));
    }

    [Fact]
    public async Task A_folder_where_the_lock_cannot_be_made_says_where_and_what_to_do()
    {
        // .emailtriage taken by a file: the folder for the lock cannot be made, as in a read-only folder (the tests may run as root, whom permissions do not stop).
        _workspace.Write("inbox/.emailtriage", "not a folder");

        var refused = await Assert.ThrowsAsync<SettingsException>(() => Locks("state").AcquireAsync(Folder(), Ct));

        Assert.Contains(Path.Combine(_workspace.PathOf("inbox"), ".emailtriage", "run.lock"), refused.Message, StringComparison.Ordinal);
        Assert.Contains("Make the folder writable for this user, or use --dry-run", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_takes_no_lock_so_it_runs_where_a_labelling_run_cannot()
    {
        using var harness = new TriageHarness(llmBaseUrl: null);
        harness.Add("01.eml", new Eml { From = "ana@home.example" });
        File.WriteAllText(Path.Combine(harness.Inbox, ".emailtriage"), "not a folder");

        var summary = await harness.RunAsync(new TriageRequest { DryRun = true });
        var refused = await Assert.ThrowsAsync<SettingsException>(() => harness.RunAsync(new TriageRequest()));

        Assert.Equal(1, summary.Candidates);
        Assert.Contains("run.lock", refused.Message, StringComparison.Ordinal);
    }
}
