using System.Text;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Labels;
using EmailTriage.Mail;
using EmailTriage.Mailboxes;

namespace EmailTriage.Core.Tests.Mailboxes;

public sealed class FolderMailboxTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _workspace.Dispose();

    private string Inbox => _workspace.PathOf("inbox");

    private void Add(string name, string subject) => _workspace.Write(Path.Combine("inbox", name), new Eml { Subject = subject }.ToBytes());

    private static async Task<List<MailboxItem>> ListAsync(FolderMailbox mailbox)
    {
        await mailbox.PrepareAsync(TestLabels.Standard, dryRun: false, Ct);
        var items = new List<MailboxItem>();
        await foreach (var item in mailbox.ListNewAsync(Ct))
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task<MailMessage> ReadAsync(MailboxItem item)
    {
        await using var stream = await item.OpenAsync(Ct);
        return await new MailReader(800).ReadAsync(item.Id, stream, Ct);
    }

    private static LabelGroup Group(string label, params string[] ids) =>
        new(label, LabelAction.None, [.. ids.Select(id => new LabelAssignment(id, "llm", "llm: test-model"))]);

    [Fact]
    public async Task Lists_eml_and_mbox_files_in_name_order_and_ignores_the_rest()
    {
        Add("b.eml", "B");
        Add("a.EML", "A");
        _workspace.Write("inbox/notes.txt", "not mail");
        _workspace.Write("inbox/sub/c.eml", new Eml().ToBytes());

        var items = await ListAsync(new FolderMailbox(Inbox));

        Assert.Equal(["a.EML", "b.eml"], items.Select(i => i.Id));
        Assert.Equal("A", (await ReadAsync(items[0])).Subject);
    }

    [Fact]
    public async Task Accepts_a_single_file()
    {
        Add("only.eml", "Only");
        Add("other.eml", "Other");

        var mailbox = new FolderMailbox(Path.Combine(Inbox, "only.eml"));
        var items = await ListAsync(mailbox);

        Assert.Equal("only.eml", Assert.Single(items).Id);
        Assert.Equal(Path.Combine(Inbox, ".emailtriage", "labels.jsonl"), mailbox.RecordPath);
    }

    [Fact]
    public void Missing_folder_names_the_path_and_the_option()
    {
        var missing = _workspace.PathOf("nope");

        var error = Assert.Throws<DirectoryNotFoundException>(() => new FolderMailbox(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("--mailbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applied_labels_are_recorded_and_skipped_next_time()
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        var mailbox = new FolderMailbox(Inbox);
        await ListAsync(mailbox);

        var failed = await mailbox.ApplyAsync(new LabelGroup("Newsletters", LabelAction.Archive, [new LabelAssignment("1.eml", "rule", "rule: listId x")]), Ct);

        Assert.Empty(failed);
        var record = Assert.Single(mailbox.ReadRecord());
        Assert.Equal(("1.eml", "Newsletters", "archive", "rule", "rule: listId x"), (record.Id, record.Label, record.Action, record.Source, record.Reason));
        Assert.NotNull(record.At);
        Assert.Equal(["2.eml"], (await ListAsync(new FolderMailbox(Inbox))).Select(i => i.Id));
    }

    [Fact]
    public async Task Records_are_appended_one_json_line_each()
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        var mailbox = new FolderMailbox(Inbox);
        await ListAsync(mailbox);

        await mailbox.ApplyAsync(Group("Work", "1.eml"), Ct);
        await mailbox.ApplyAsync(Group("Finance", "2.eml"), Ct);

        var lines = await File.ReadAllLinesAsync(mailbox.RecordPath, Ct);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"id\":\"1.eml\",\"label\":\"Work\"", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\"action\"", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hand_written_record_line_is_honoured_and_kept()
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        const string mine = """{"id":"1.eml","label":"Personal"}""";
        _workspace.Write("inbox/.emailtriage/labels.jsonl", mine + "\n");
        var mailbox = new FolderMailbox(Inbox);

        var items = await ListAsync(mailbox);
        await mailbox.ApplyAsync(Group("Work", "2.eml"), Ct);

        Assert.Equal(["2.eml"], items.Select(i => i.Id));
        var lines = await File.ReadAllLinesAsync(mailbox.RecordPath, Ct);
        Assert.Equal(mine, lines[0]);
        Assert.Equal(["1.eml", "2.eml"], mailbox.ReadRecord().Select(r => r.Id));
    }

    [Fact]
    public async Task Hand_written_last_line_without_newline_is_not_joined_to_the_next_record()
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        const string mine = """{"id":"1.eml","label":"Personal"}""";
        _workspace.Write("inbox/.emailtriage/labels.jsonl", mine);
        var mailbox = new FolderMailbox(Inbox);
        await ListAsync(mailbox);

        await mailbox.ApplyAsync(Group("Work", "2.eml"), Ct);

        var lines = await File.ReadAllLinesAsync(mailbox.RecordPath, Ct);
        Assert.Equal(mine, lines[0]);
        Assert.Equal([("1.eml", "Personal"), ("2.eml", "Work")], mailbox.ReadRecord().Select(r => (r.Id, r.Label)));
    }

    [Fact]
    public void Broken_record_line_names_the_file_and_line()
    {
        var path = _workspace.Write("inbox/.emailtriage/labels.jsonl", "{\"id\":\"1.eml\",\"label\":\"Work\"}\n\nnot json\n");
        var mailbox = new FolderMailbox(Inbox);

        var error = Assert.Throws<InvalidDataException>(mailbox.ReadRecord);

        Assert.Contains($"{path} line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mbox_messages_are_listed_by_offset_and_read_without_the_separator_line()
    {
        const string first = "From a@example.com Mon Nov  2 10:00:00 2026\nFrom: a@example.com\nSubject: One\n\nBody one.\n";
        const string second = "From b@example.com Mon Nov  2 11:00:00 2026\nFrom: b@example.com\nSubject: Two\n\n>From the archive.\n";
        _workspace.Write("inbox/takeout.mbox", Encoding.ASCII.GetBytes(first + second));

        var items = await ListAsync(new FolderMailbox(Inbox));

        Assert.Equal(["takeout.mbox#0", $"takeout.mbox#{first.Length}"], items.Select(i => i.Id));
        var one = await ReadAsync(items[0]);
        var two = await ReadAsync(items[1]);
        Assert.Equal(("a@example.com", "One", "Body one."), (one.FromAddress, one.Subject, one.Body));
        Assert.Equal(("b@example.com", "Two"), (two.FromAddress, two.Subject));
    }

    [Fact]
    public async Task Recorded_mbox_messages_are_skipped()
    {
        const string first = "From a Mon\nSubject: One\n\nBody\n";
        _workspace.Write("inbox/takeout.mbox", Encoding.ASCII.GetBytes(first + "From b Tue\nSubject: Two\n\nBody\n"));
        var mailbox = new FolderMailbox(Inbox);
        await ListAsync(mailbox);

        await mailbox.ApplyAsync(Group("Work", "takeout.mbox#0"), Ct);

        Assert.Equal([$"takeout.mbox#{first.Length}"], (await ListAsync(new FolderMailbox(Inbox))).Select(i => i.Id));
    }

    [Fact]
    public async Task Dry_run_preparation_creates_nothing()
    {
        Add("1.eml", "One");
        var mailbox = new FolderMailbox(Inbox);

        await mailbox.PrepareAsync(TestLabels.Standard, dryRun: true, Ct);

        Assert.False(Directory.Exists(Path.Combine(Inbox, ".emailtriage")));
        Assert.Empty(mailbox.ReadRecord());
    }
}
