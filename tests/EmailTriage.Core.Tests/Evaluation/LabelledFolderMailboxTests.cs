using EmailTriage.Core.Tests.Support;
using EmailTriage.Evaluation;
using EmailTriage.Mail;

namespace EmailTriage.Core.Tests.Evaluation;

public sealed class LabelledFolderMailboxTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _workspace.Dispose();

    private string Root => _workspace.PathOf("truth");

    private void Add(string relative, string subject) => _workspace.Write(Path.Combine("truth", relative), new Eml { Subject = subject }.ToBytes());

    private async Task<List<LabelledMessage>> ListAsync()
    {
        var messages = new List<LabelledMessage>();
        await foreach (var message in new LabelledFolderMailbox(Root).ListAsync(TestLabels.Standard, Ct))
        {
            messages.Add(message);
        }

        return messages;
    }

    [Fact]
    public async Task Each_subfolder_is_the_truth_of_the_mail_in_it()
    {
        Add("Work/b.eml", "B");
        Add("Work/a.eml", "A");
        Add("Finance/09.eml", "Invoice");

        var messages = await ListAsync();

        Assert.Equal([("Finance/09.eml", "Finance"), ("Work/a.eml", "Work"), ("Work/b.eml", "Work")], messages.Select(m => (m.Item.Id, m.Truth)));
        await using var content = await messages[0].Item.OpenAsync(Ct);
        Assert.Equal("Invoice", (await new MailReader(800).ReadAsync("x", content, Ct)).Subject);
    }

    [Fact]
    public async Task Nested_folders_are_nested_labels()
    {
        Add("Triage/Receipts/r.eml", "Receipt");

        var message = Assert.Single(await ListAsync());

        Assert.Equal(("Triage/Receipts/r.eml", "Triage/Receipts"), (message.Item.Id, message.Truth));
    }

    [Fact]
    public async Task Mail_outside_a_label_folder_and_hidden_folders_are_not_read()
    {
        Add("loose.eml", "No label");
        Add(".git/x.eml", "Hidden");
        Add("Work/.emailtriage/y.eml", "Hidden too");
        Add("Work/notes.txt", "Not mail");
        Add("Work/a.eml", "A");

        Assert.Equal(["Work/a.eml"], (await ListAsync()).Select(m => m.Item.Id));
    }

    [Fact]
    public async Task A_triage_record_in_a_label_folder_does_not_hide_its_mail()
    {
        Add("Work/a.eml", "A");
        _workspace.Write("truth/Work/.emailtriage/labels.jsonl", "{\"id\":\"a.eml\",\"label\":\"Work\"}\n");

        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task Mbox_files_in_a_label_folder_give_one_message_each()
    {
        _workspace.Write("truth/Finance/export.mbox",
            "From a@example.com Mon Nov  2 10:00:00 2026\nSubject: One\n\nfirst\n\nFrom b@example.com Mon Nov  2 11:00:00 2026\nSubject: Two\n\nsecond\n");

        var messages = await ListAsync();

        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.StartsWith("Finance/export.mbox#", m.Item.Id, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.Equal("Finance", m.Truth));
    }

    [Fact]
    public async Task Nothing_is_written_into_the_folder()
    {
        Add("Work/a.eml", "A");
        var before = Directory.GetFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order().ToList();

        await ListAsync();

        Assert.Equal(before, Directory.GetFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public void A_missing_folder_says_what_to_pass()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => new LabelledFolderMailbox(_workspace.PathOf("nowhere")));

        Assert.Contains("--mailbox", error.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }
}
