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
