using System.Diagnostics;
using System.Text;
using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Mailboxes;
using EmailTriage.State;

namespace EmailTriage.Core.Tests.State;

public sealed class FileStateStoreTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _workspace.Dispose();

    private static async Task<string?> ReadAsync(FileStateStore store, string name)
    {
        await using var stream = await store.OpenReadAsync(name, Ct);
        return stream is null ? null : await new StreamReader(stream).ReadToEndAsync(Ct);
    }

    private static Task WriteAsync(FileStateStore store, string name, string text) =>
        store.WriteAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(text)), Ct);

    [Fact]
    public async Task An_item_never_written_reads_as_null_even_before_the_folder_exists()
    {
        var store = new FileStateStore(_workspace.PathOf("not/yet"));

        Assert.Null(await ReadAsync(store, "model.zip"));
    }

    [Fact]
    public async Task A_write_replaces_the_item_whole_and_leaves_no_temporary_file()
    {
        var store = new FileStateStore(_workspace.PathOf("state"));
        await WriteAsync(store, "cursor.json", "a much longer first version");

        await WriteAsync(store, "cursor.json", "short");

        Assert.Equal("short", await ReadAsync(store, "cursor.json"));
        Assert.Equal(["cursor.json"], Directory.GetFiles(store.Directory).Select(Path.GetFileName));
    }

    /// <summary>The id of a process that has ended: a writer killed half-way.</summary>
    private static async Task<int> EndedProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync(Ct);
        return process.Id;
    }

    [Fact]
    public async Task A_write_removes_the_temporaries_of_writers_that_were_killed()
    {
        var store = new FileStateStore(_workspace.PathOf("state"));
        var ended = await EndedProcessIdAsync();

        // As left by a kill: before this version (no host part), and since.
        var killedBefore = _workspace.Write($"state/learned-model.zip.{ended}.{Guid.NewGuid():N}.tmp", new byte[4096]);
        var named = StateTemporaries.Start(Path.Combine(store.Directory, "labels-cursor.json"));
        StateTemporaries.Done(named);
        var killedSince = _workspace.Write("state/" + Path.GetFileName(named).Replace($".{Environment.ProcessId}-", $".{ended}-", StringComparison.Ordinal), "{");

        await WriteAsync(store, "cursor.json", "{}");

        Assert.False(File.Exists(killedBefore));
        Assert.False(File.Exists(killedSince));
        Assert.Equal(["cursor.json"], Directory.GetFiles(store.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_write_never_removes_a_temporary_another_live_writer_may_still_rename()
    {
        var store = new FileStateStore(_workspace.PathOf("state"));
        using var writer = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            var live = _workspace.Write($"state/learned-model.zip.{writer.Id}.{Guid.NewGuid():N}.tmp", "half a model");
            var otherMachine = _workspace.Write($"state/learned-model.zip.{await EndedProcessIdAsync()}-00000000.{Guid.NewGuid():N}.tmp", "half a model");
            var users = _workspace.Write("state/notes.tmp", "mine");

            await WriteAsync(store, "cursor.json", "{}");

            Assert.True(File.Exists(live));
            Assert.True(File.Exists(otherMachine), "another machine's writer (a shared drive) may be alive");
            Assert.True(File.Exists(users), "a file that is not one of our temporaries");
        }
        finally
        {
            writer.Kill();
        }
    }

    [Fact]
    public async Task A_temporary_left_for_a_day_goes_even_if_its_process_id_was_reused()
    {
        var store = new FileStateStore(_workspace.PathOf("state"));
        using var reuser = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            var reused = _workspace.Write($"state/learned-model.zip.{reuser.Id}.{Guid.NewGuid():N}.tmp", "half a model");
            File.SetLastWriteTimeUtc(reused, DateTime.UtcNow - StateTemporaries.Abandoned - TimeSpan.FromHours(1));

            await WriteAsync(store, "cursor.json", "{}");

            Assert.False(File.Exists(reused));
        }
        finally
        {
            reuser.Kill();
        }
    }

    [Fact]
    public async Task Two_writes_at_once_in_one_process_keep_each_others_temporary()
    {
        var store = new FileStateStore(_workspace.PathOf("state"));
        var slow = new GatedStream(Encoding.UTF8.GetBytes("the slow write"));
        var first = store.WriteAsync("model.zip", slow, Ct);
        await slow.Started.WaitAsync(Ct);

        // A temporary of this very process from an earlier life of its id goes; the one being written stays.
        var earlierLife = _workspace.Write($"state/model.zip.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp", "old");
        await WriteAsync(store, "cursor.json", "{}");
        slow.Release();
        await first;

        Assert.False(File.Exists(earlierLife));
        Assert.Equal("the slow write", await ReadAsync(store, "model.zip"));
        Assert.Equal(["cursor.json", "model.zip"], Directory.GetFiles(store.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Content that stops after its first read until released: a write caught half-way.</summary>
    private sealed class GatedStream(byte[] content) : MemoryStream(content)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _release.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _started.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("sub/item.json")]
    [InlineData("")]
    public async Task Names_are_single_file_names(string name)
    {
        var store = new FileStateStore(_workspace.PathOf("state"));

        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(store, name, "x"));
    }

    [Fact]
    public async Task A_folder_mailbox_keeps_its_state_beside_its_mail_and_gmail_in_the_state_folder()
    {
        Directory.CreateDirectory(_workspace.PathOf("inbox"));
        var stores = new LocalStateStores(new StateDirectory(_workspace.PathOf("state")));

        var inbox = new FolderMailbox(_workspace.PathOf("inbox"));
        var folder = (FileStateStore)await stores.ForAsync(inbox, await inbox.IdentifyAsync(Ct), Ct);

        Assert.Equal(Path.Combine(_workspace.PathOf("inbox"), ".emailtriage"), folder.Directory);
    }

    [Fact]
    public void Keys_are_readable_and_differ_for_identities_that_read_alike()
    {
        var a = LocalStateStores.KeyOf("gmail me@example.com");
        var b = LocalStateStores.KeyOf("gmail me-example.com");

        Assert.StartsWith("gmail-me-example.com-", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.Equal(a, LocalStateStores.KeyOf("gmail me@example.com"));
    }
}
