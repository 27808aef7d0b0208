using EmailTriage.Filing;
using EmailTriage.Testing;
using EmailTriage.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EmailTriage.Gmail.Tests;

/// <summary>The real runner, rules and LLM classifier over a real <see cref="GmailMailbox"/>, both servers on loopback.</summary>
public sealed class GmailTriageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gmail-triage-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_run_labels_everything_and_second_run_does_nothing()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = request => request.User.Contains("invoice", StringComparison.OrdinalIgnoreCase) ? "Receipts" : "Review";
        gmail.RequireAccessToken = true;
        gmail.AddRefreshToken("refresh", "client", "secret");
        var own = gmail.AddLabel("Family");
        var mine = gmail.AddMessage(Mail(0, "lunch on sunday", from: "mum@example.com"), null, "INBOX", own);
        var fromRule = gmail.AddMessage(Mail(1, "Weekly digest", from: "digest@news.example.com"));
        var invoice = gmail.AddMessage(Mail(2, "Your invoice #42", from: "billing@shop.example"));
        var other = gmail.AddMessage(Mail(3, "Hello there", from: "someone@example.org"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "labels.json"), """
            {
              "labels": [
                { "name": "Receipts", "description": "Invoices and receipts." },
                { "name": "Newsletters", "description": "Digests.", "rules": [{ "domain": "news.example.com" }], "action": "archive" },
                { "name": "Family", "description": "Family mail." }
              ],
              "fallback": "Review"
            }
            """, Ct);
        using var services = Services(gmail, llm);
        var runner = services.GetRequiredService<TriageRunner>();
        var factory = services.GetRequiredService<GmailMailboxFactory>();

        var first = await runner.RunAsync(await factory.CreateAsync(Ct), new TriageRequest(), Ct);
        var llmCalls = llm.ChatRequestCount;
        var second = await runner.RunAsync(await factory.CreateAsync(Ct), new TriageRequest(), Ct);

        Assert.Equal((3, 3), (first.Candidates, first.Applied));
        Assert.Equal(["EmailTriage/Triaged", "Newsletters", "UNREAD"], gmail.LabelNamesOf(fromRule));
        Assert.Equal(["EmailTriage/Triaged", "INBOX", "Receipts", "UNREAD"], gmail.LabelNamesOf(invoice));
        Assert.Equal(["EmailTriage/Triaged", "INBOX", "Review", "UNREAD"], gmail.LabelNamesOf(other));
        Assert.Equal(["Family", "INBOX"], gmail.LabelNamesOf(mine));
        Assert.Equal(2, llmCalls);
        Assert.Equal(0, second.Candidates);
        Assert.Equal(llmCalls, llm.ChatRequestCount);
        Assert.All([fromRule, invoice, other], id => Assert.Equal(1, gmail.ModifyCountOf(id)));
    }

    [Fact]
    public async Task Dry_run_changes_nothing_in_gmail()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        gmail.RequireAccessToken = true;
        gmail.AddRefreshToken("refresh", "client", "secret");
        var id = gmail.AddMessage(Mail(1, "Hello", from: "a@example.com"));
        await WriteReceiptsLabelsAsync();
        using var services = Services(gmail, llm);

        var summary = await services.GetRequiredService<TriageRunner>().RunAsync(
            await services.GetRequiredService<GmailMailboxFactory>().CreateAsync(Ct), new TriageRequest { DryRun = true }, Ct);

        Assert.Equal((1, 0), (summary.Classified, summary.Applied));
        Assert.Equal(["INBOX", "UNREAD"], gmail.LabelNamesOf(id));
        Assert.Equal(0, gmail.CountOf(FakeGmailCall.LabelsCreate));
        Assert.Equal(0, gmail.CountOf(FakeGmailCall.MessagesBatchModify));
    }

    [Fact]
    public async Task A_message_that_cannot_be_fetched_is_reported_as_failed_and_left_unmarked()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Receipts";
        gmail.AddRefreshToken("refresh", "client", "secret");
        var good = gmail.AddMessage(Mail(1, "Invoice", from: "a@example.com"));
        var broken = gmail.AddMessage(Mail(2, "Invoice too", from: "b@example.com"));

        // Not a rate limit, so after the batch the part is fetched alone once more, and fails again.
        gmail.EnqueueMessageFault(broken, new FakeGmailFault.Forbidden());
        gmail.EnqueueMessageFault(broken, new FakeGmailFault.Forbidden());
        await WriteReceiptsLabelsAsync();
        using var services = Services(gmail, llm);
        var results = new List<MessageResult>();

        var summary = await services.GetRequiredService<TriageRunner>().RunAsync(
            await services.GetRequiredService<GmailMailboxFactory>().CreateAsync(Ct), new TriageRequest { OnResult = o => results.Add(MessageResult.Of(o)) }, Ct);

        Assert.Equal((2, 1, 1, 0), (summary.Candidates, summary.Applied, summary.FailureCount, summary.NotStarted));
        Assert.Equal(broken, Assert.Single(summary.Failures).Id);
        Assert.Contains(results, r => r.Id == broken && r.Source == "failed" && !r.Applied);
        Assert.Contains(GmailMailbox.MarkerLabel, gmail.LabelNamesOf(good));
        Assert.DoesNotContain(GmailMailbox.MarkerLabel, gmail.LabelNamesOf(broken));
    }

    [Fact]
    public async Task A_run_stopped_at_max_fetches_no_batch_beyond_the_messages_it_takes()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = _ => "Receipts";
        gmail.AddRefreshToken("refresh", "client", "secret");
        for (var n = 0; n < 200; n++)
        {
            gmail.AddMessage(Mail(n, $"Invoice {n}", from: "a@example.com"));
        }

        await WriteReceiptsLabelsAsync();
        using var services = Services(gmail, llm);

        var summary = await services.GetRequiredService<TriageRunner>().RunAsync(
            await services.GetRequiredService<GmailMailboxFactory>().CreateAsync(Ct), new TriageRequest { Max = 60 }, Ct);

        // Two batches (50 + 10 gets) for 60 messages; before, a third batch of 50 went out after the run had stopped.
        Assert.Equal((60, 60), (summary.Candidates, summary.Applied));
        Assert.Equal(60, gmail.CountOf(FakeGmailCall.MessagesGet));
        Assert.Equal(2, gmail.CountOf(FakeGmailCall.Batch));
    }

    [Fact]
    public async Task Decisions_are_applied_when_the_timer_comes_round_not_only_at_the_end()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        gmail.AddRefreshToken("refresh", "client", "secret");
        for (var n = 0; n < 120; n++)
        {
            gmail.AddMessage(Mail(n, $"Invoice {n}", from: "a@example.com"));
        }

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var asked = 0;
        llm.Answer = _ =>
        {
            // Halfway through, the label timer comes round: what is decided so far goes out while the run goes on.
            if (Interlocked.Increment(ref asked) == 60)
            {
                time.Advance(GmailMailbox.MaxLabelWait);
            }

            return "Receipts";
        };
        await WriteReceiptsLabelsAsync();
        using var services = Services(gmail, llm, time);

        var summary = await services.GetRequiredService<TriageRunner>().RunAsync(
            await services.GetRequiredService<GmailMailboxFactory>().CreateAsync(Ct), new TriageRequest(), Ct);

        // Two groups for one label: the timer's (the first 59 or so) and the rest at the end, one batchModify each.
        Assert.Equal(120, summary.Applied);
        var modifies = gmail.Requests.Where(r => r.Call == FakeGmailCall.MessagesBatchModify).ToList();
        Assert.Equal(2, modifies.Count);
    }

    [Fact]
    public async Task What_the_user_relabels_in_gmail_reaches_the_learned_model_on_the_next_run()
    {
        await using var gmail = await FakeGmailServer.StartAsync(Ct);
        await using var llm = await FakeLlmServer.StartAsync(Ct);
        llm.Answer = request => request.User.Contains("invoice", StringComparison.OrdinalIgnoreCase) ? "Receipts" : "Review";
        gmail.RequireAccessToken = true;
        gmail.AddRefreshToken("refresh", "client", "secret");
        var invoice = gmail.AddMessage(Mail(1, "Your invoice #42", from: "billing@shop.example"));
        var other = gmail.AddMessage(Mail(2, "Hello there", from: "someone@example.org"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "labels.json"), """
            { "labels": [{ "name": "Receipts", "description": "Invoices." }, { "name": "Travel", "description": "Trips." }], "fallback": "Review" }
            """, Ct);
        var model = new RecordingFilingModel();
        using var services = Services(gmail, llm, models: new RecordingFilingModels(model));
        var runner = services.GetRequiredService<TriageRunner>();
        var factory = services.GetRequiredService<GmailMailboxFactory>();

        var first = await runner.RunAsync(await factory.CreateAsync(Ct), new TriageRequest(), Ct);
        gmail.UserRelabel(invoice, remove: "Receipts", add: "Travel");
        var booking = gmail.AddMessage(Mail(3, "Your flight booking", from: "airline@example.com"));
        gmail.UserRelabel(booking, add: "Travel");
        var second = await runner.RunAsync(await factory.CreateAsync(Ct), new TriageRequest(), Ct);
        var third = await runner.RunAsync(await factory.CreateAsync(Ct), new TriageRequest(), Ct);

        Assert.Equal(2, first.Applied);
        Assert.Equal((0, 0), (first.Learning!.Filed, first.Learning.Corrected));
        Assert.Equal((1, 1), (second.Learning!.Filed, second.Learning.Corrected));
        Assert.Equal(
            [("Your invoice #42", "Travel", FilingKind.Corrected), ("Your flight booking", "Travel", FilingKind.Filed)],
            model.Learned.Select(f => (f.Message.Subject, f.Label, f.Kind)));
        Assert.Equal((0, 0, 0), (second.Candidates, third.Learning!.Filed, third.Learning.Corrected));
        Assert.Equal(["EmailTriage/Triaged", "INBOX", "Review", "UNREAD"], gmail.LabelNamesOf(other));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>One label, Receipts, and the Review fallback.</summary>
    private Task WriteReceiptsLabelsAsync() =>
        File.WriteAllTextAsync(Path.Combine(_folder, "labels.json"), """{ "labels": [{ "name": "Receipts", "description": "Invoices." }], "fallback": "Review" }""", Ct);

    private ServiceProvider Services(FakeGmailServer gmail, FakeLlmServer llm, TimeProvider? time = null, IFilingModels? models = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_BASE_URL"] = llm.BaseUrl.ToString(),
            ["LLM_MODEL"] = "test-model",
            ["LABEL_CONFIG_FILE"] = "labels.json",
            ["GMAIL_API_BASE_URL"] = gmail.BaseUrl.ToString(),
            ["GMAIL_REFRESH_TOKEN"] = "refresh",
            ["GMAIL_CLIENT_ID"] = "client",
            ["GMAIL_CLIENT_SECRET"] = "secret",
            ["GMAIL_TOKEN_URI"] = gmail.TokenUrl.ToString(),
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(_folder, "state"),
        }).Build();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (models is not null)
        {
            services.AddSingleton(models);
        }

        return services
            .AddLogging()
            .AddEmailTriage(configuration, _folder)
            .AddLlm()
            .AddGmail(configuration)
            .BuildServiceProvider();
    }

    private static string Mail(int n, string subject, string from) =>
        $"From: {from}\r\nTo: me@example.com\r\nSubject: {subject}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <t{n}@example.com>\r\n" +
        $"Content-Type: text/plain; charset=utf-8\r\n\r\n{subject}: the body of message {n}.\r\n";
}
