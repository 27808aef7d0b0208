using EmailTriage.Classification;
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
        await using var session = await mailbox.OpenAsync(TestLabels.Standard, dryRun: false, Ct);
        var items = new List<MailboxItem>();
        await foreach (var item in session.ListNewAsync(max: null, Ct))
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task<IMailboxSession> OpenAsync(FolderMailbox mailbox) =>
        await mailbox.OpenAsync(TestLabels.Standard, dryRun: false, Ct);

    private static async Task<MailMessage> ReadAsync(MailboxItem item)
    {
        await using var stream = await item.OpenAsync(Ct);
        return await new MailReader(800).ReadAsync(item.Id, stream, Ct);
    }

    private static LabelGroup Group(string label, params string[] ids) =>
        new(label, LabelAction.None, [.. ids.Select(id => new LabelAssignment(id, DecisionSource.Llm, "llm: test-model"))]);

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
    public async Task A_missing_folder_is_a_setting_to_fix_that_names_the_path_and_where_it_was_given()
    {
        var missing = _workspace.PathOf("nope");
        var kind = new FolderKind(new EmailTriage.Configuration.AppPaths(_workspace.Root), Microsoft.Extensions.Logging.Abstractions.NullLogger<FolderMailbox>.Instance);

        var error = await Assert.ThrowsAsync<EmailTriage.Configuration.SettingsException>(() => kind.OpenAsync(MailboxDefinition.Folder("nope", "--mailbox"), Ct));

        Assert.Equal($"--mailbox: the mail folder {missing} does not exist. Give a folder of .eml files or an .mbox file.", error.Message);
        Assert.Contains(missing, Assert.Throws<DirectoryNotFoundException>(() => new FolderMailbox(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applied_labels_are_recorded_and_skipped_next_time()
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        var mailbox = new FolderMailbox(Inbox);
        await using var session = await OpenAsync(mailbox);

        var failed = await session.ApplyAsync(new LabelGroup("Newsletters", LabelAction.Archive, [new LabelAssignment("1.eml", DecisionSource.Rule, "rule: listId x")]), Ct);

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
        await using var session = await OpenAsync(mailbox);

        await session.ApplyAsync(Group("Work", "1.eml"), Ct);
        await session.ApplyAsync(Group("Finance", "2.eml"), Ct);

        var lines = await File.ReadAllLinesAsync(mailbox.RecordPath, Ct);
        Assert.Equal(2, lines.Length);
        // The source first: a line of the app's cut short by an interrupted write is told from a user's by how it starts.
        Assert.StartsWith("{\"source\":\"llm\",\"id\":\"1.eml\",\"label\":\"Work\"", lines[0], StringComparison.Ordinal);
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
        await using var session = await OpenAsync(mailbox);
        await session.ApplyAsync(Group("Work", "2.eml"), Ct);

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
        await using var session = await OpenAsync(mailbox);

        await session.ApplyAsync(Group("Work", "2.eml"), Ct);

        var lines = await File.ReadAllLinesAsync(mailbox.RecordPath, Ct);
        Assert.Equal(mine, lines[0]);
        Assert.Equal([("1.eml", "Personal"), ("2.eml", "Work")], mailbox.ReadRecord().Select(r => (r.Id, r.Label)));
    }

    [Theory]
    [InlineData("null", "it is null, not an object")]
    [InlineData("{}", "it has no \"id\"")]
    [InlineData("{\"label\":\"Work\"}", "it has no \"id\"")]
    [InlineData("{\"id\":\"2.eml\"}", "it has no \"label\"")]
    [InlineData("[1, 2]", "it is a JSON array, not an object")]
    [InlineData("{\"id\": 2, \"label\": \"Work\"}", "a value has the wrong type")]
    [InlineData("not json", "it is not JSON")]
    public async Task A_line_that_is_not_a_record_is_kept_read_as_nothing_and_named(string line, string problem)
    {
        Add("1.eml", "One");
        Add("3.eml", "Three");
        var text = $"{{\"id\":\"1.eml\",\"label\":\"Work\"}}\n\n{line}\n";
        _workspace.Write("inbox/.emailtriage/labels.jsonl", text);
        var logger = new ListLogger();
        var mailbox = new FolderMailbox(Inbox, logger);

        Assert.Equal(["1.eml"], mailbox.ReadRecord().Select(r => r.Id));
        await using (var session = await OpenAsync(mailbox))
        {
            await session.ApplyAsync(Group("Finance", "3.eml"), Ct);
        }

        Assert.StartsWith(text, await File.ReadAllTextAsync(mailbox.RecordPath, Ct), StringComparison.Ordinal);
        Assert.Equal(["1.eml", "3.eml"], mailbox.ReadRecord().Select(r => r.Id));
        var warning = Assert.Single(logger.Messages);
        Assert.Contains($"{mailbox.RecordPath} line 3 is not a label record ({problem}", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_named_by_a_line_that_is_not_a_record_is_left_alone_and_says_which_line()
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        _workspace.Write("inbox/takeout.mbox", Encoding.ASCII.GetBytes("From a Mon\nMessage-ID: <m@example.com>\nSubject: M\n\nBody\n"));
        _workspace.Write("inbox/.emailtriage/labels.jsonl", "{\"id\":\"2.eml\",\"label\":Work}\n{\"id\": \"takeout.mbox#<m@example.com>\", \"label\": \"Work\",}");
        var mailbox = new FolderMailbox(Inbox);
        await using var session = await OpenAsync(mailbox);

        var items = new List<MailboxItem>();
        await foreach (var item in session.ListNewAsync(max: null, Ct))
        {
            items.Add(item);
        }

        Assert.Equal(["1.eml"], items.Select(i => i.Id));
        Assert.Equal(3, session.ListedCount);
        Assert.Equal(
            [("2.eml", 1), ("takeout.mbox#<m@example.com>", 2)],
            session.ListingFailures.Select(f => (f.Id, int.Parse(f.Reason.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(session.ListingFailures, f => Assert.True(f.Skipped));
        Assert.All(session.ListingFailures, f => Assert.Contains("names this message but is not a label record", f.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mbox_messages_are_listed_by_lasting_ids_and_read_without_the_separator_line()
    {
        const string first = "From a@example.com Mon Nov  2 10:00:00 2026\nFrom: a@example.com\nSubject: One\n\nBody one.\n";
        const string second = "From b@example.com Mon Nov  2 11:00:00 2026\nFrom: b@example.com\nSubject: Two\n\n>From the archive.\n";
        _workspace.Write("inbox/takeout.mbox", Encoding.ASCII.GetBytes(first + second));

        var items = await ListAsync(new FolderMailbox(Inbox));

        Assert.Equal(2, items.Select(i => i.Id).Distinct().Count());
        Assert.All(items, i => Assert.StartsWith("takeout.mbox#h:", i.Id, StringComparison.Ordinal));
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
        await using var session = await OpenAsync(mailbox);

        await session.ApplyAsync(Group("Work", "takeout.mbox#0"), Ct);

        // A record written before lasting ids (by offset) still counts.
        var left = Assert.Single(await ListAsync(new FolderMailbox(Inbox)));
        Assert.Equal("Two", (await ReadAsync(left)).Subject);
    }

    [Fact]
    public async Task Dry_run_preparation_creates_nothing()
    {
        Add("1.eml", "One");
        var mailbox = new FolderMailbox(Inbox);

        await using (await mailbox.OpenAsync(TestLabels.Standard, dryRun: true, Ct))
        {
        }

        Assert.False(Directory.Exists(Path.Combine(Inbox, ".emailtriage")));
        Assert.Empty(mailbox.ReadRecord());
    }

    [Fact]
    public async Task Mbox_ids_survive_a_rewrite_of_the_file()
    {
        const string one = "From a Mon Nov  2 10:00:00 2026\nMessage-ID: <one@example.com>\nSubject: One\n\nBody\n";
        const string two = "From b Tue Nov  3 10:00:00 2026\nMessage-ID: <two@example.com>\nSubject: Two\n\nBody\n";
        const string three = "From c Wed Nov  4 10:00:00 2026\nSubject: Three, no Message-ID\n\nBody\n";
        _workspace.Write("inbox/takeout.mbox", Encoding.ASCII.GetBytes(one + two));
        var mailbox = new FolderMailbox(Inbox);
        var before = await ListAsync(mailbox);
        await using (var session = await OpenAsync(mailbox))
        {
            await session.ApplyAsync(Group("Work", [.. before.Select(i => i.Id)]), Ct);
        }

        // One message removed, one added where it was: only the new one is new.
        _workspace.Write("inbox/takeout.mbox", Encoding.ASCII.GetBytes(three + two));
        var after = await ListAsync(new FolderMailbox(Inbox));

        Assert.Equal(["takeout.mbox#<one@example.com>", "takeout.mbox#<two@example.com>"], before.Select(i => i.Id));
        var added = Assert.Single(after);
        Assert.Equal("Three, no Message-ID", (await ReadAsync(added)).Subject);
    }

    [Theory]
    [InlineData("{\"source\":\"llm\",\"id\":\"2.eml\",\"lab")]
    [InlineData("{\"source\":\"rule\",")]
    [InlineData("{\"so")]
    public async Task A_torn_write_of_the_apps_own_is_ignored_and_cut_off_before_the_next_record(string torn)
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        _workspace.Write("inbox/.emailtriage/labels.jsonl", "{\"id\":\"1.eml\",\"label\":\"Work\"}\n" + torn);
        var logger = new ListLogger();
        var mailbox = new FolderMailbox(Inbox, logger);

        Assert.Equal(["1.eml"], mailbox.ReadRecord().Select(r => r.Id));
        var items = await ListAsync(mailbox);
        await using (var session = await OpenAsync(mailbox))
        {
            await session.ApplyAsync(Group("Finance", "2.eml"), Ct);
        }

        Assert.Equal(["2.eml"], items.Select(i => i.Id));
        Assert.Equal([("1.eml", "Work"), ("2.eml", "Finance")], mailbox.ReadRecord().Select(r => (r.Id, r.Label)));
        Assert.Equal(2, (await File.ReadAllLinesAsync(mailbox.RecordPath, Ct)).Length);
        Assert.Contains(logger.Messages, m => m.Contains("cut short by an interrupted write of this app", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"id\":\"2.eml\",\"label\":\"Personal\"")]
    [InlineData("{\"id\":\"2.eml\",\"lab")]
    [InlineData("{\"source\":\"mine\",\"id\":\"2.eml\",\"label\":\"Personal\"")]
    [InlineData("{\"source\":\"llm\",\"id\":\"2.eml\",\"label\":\"Personal\"}}")]
    public async Task An_unfinished_last_line_the_user_wrote_is_kept_and_its_message_left_alone(string typo)
    {
        Add("1.eml", "One");
        Add("2.eml", "Two");
        Add("3.eml", "Three");
        _workspace.Write("inbox/.emailtriage/labels.jsonl", "{\"id\":\"1.eml\",\"label\":\"Work\"}\n" + typo);
        var mailbox = new FolderMailbox(Inbox);

        var items = await ListAsync(mailbox);
        await using (var session = await OpenAsync(mailbox))
        {
            await session.ApplyAsync(Group("Finance", "3.eml"), Ct);
        }

        Assert.Equal(["3.eml"], items.Select(i => i.Id));
        var lines = await File.ReadAllLinesAsync(mailbox.RecordPath, Ct);
        Assert.Equal(typo, lines[1]);
        Assert.Equal([("1.eml", "Work"), ("3.eml", "Finance")], mailbox.ReadRecord().Select(r => (r.Id, r.Label)));
    }

    [Fact]
    public async Task A_record_folder_that_cannot_be_written_is_found_when_the_mailbox_opens()
    {
        Add("1.eml", "One");
        _workspace.Write("inbox/.emailtriage", "a file where the record folder should be");

        var error = await Assert.ThrowsAsync<EmailTriage.Configuration.SettingsException>(() => OpenAsync(new FolderMailbox(Inbox)));

        Assert.Contains(Path.Combine(Inbox, ".emailtriage"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_is_skipped_with_a_reason_not_opened()
    {
        Add("1.eml", "One");
        _workspace.Write("inbox/0-empty.eml", string.Empty);
        var fifo = Path.Combine(Inbox, "0-pipe.eml");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync(Ct);
        }

        await using var session = await OpenAsync(new FolderMailbox(Inbox));
        var items = new List<MailboxItem>();
        await foreach (var item in session.ListNewAsync(max: null, Ct))
        {
            items.Add(item);
        }

        // The empty file is mail that cannot be read (it gets the fallback later); the FIFO is not mail at all.
        Assert.Equal(["0-empty.eml", "1.eml"], items.Select(i => i.Id));
        Assert.Equal("0-pipe.eml", Assert.Single(session.ListingFailures).Id);
        Assert.All(session.ListingFailures, f => Assert.Contains("not a regular file", f.Reason, StringComparison.Ordinal));
        Assert.All(session.ListingFailures, f => Assert.True(f.Skipped));
    }
}
