using EmailTriage.Labels;
using EmailTriage.State;
using EmailTriage.Testing;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace EmailTriage.Imap.Tests.Support;

/// <summary>What the IMAP tests share: the test account's label file, made-up mail, a client of our own, and the app's services.</summary>
internal static class ImapTestAccount
{
    /// <summary>Three labels decided by rules on the sender's domain, so no LLM is needed.</summary>
    public const string Labels = """
        {
          "labels": [
            { "name": "Shopping/Receipts", "description": "Invoices.", "rules": [{ "domain": "shop.example" }] },
            { "name": "Newsletters", "description": "Digests.", "rules": [{ "domain": "news.example.com" }] },
            { "name": "Review", "description": "Everything else.", "rules": [{ "domain": "example.org" }] }
          ]
        }
        """;

    /// <summary>The same labels with Newsletters archiving and Review as the fallback.</summary>
    public const string ArchivingLabels = """
        {
          "labels": [
            { "name": "Shopping/Receipts", "description": "Invoices.", "rules": [{ "domain": "shop.example" }] },
            { "name": "Newsletters", "description": "Digests.", "rules": [{ "domain": "news.example.com" }], "action": "archive" },
            { "name": "Review", "description": "Everything else.", "rules": [{ "domain": "example.org" }] }
          ],
          "fallback": "Review"
        }
        """;

    /// <summary>Message n, Message-ID &lt;m<paramref name="n"/>@example.com&gt;.</summary>
    public static MimeMessage Mail(int n, string from) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: me@example.com\r\nSubject: Message {n}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{n}@example.com>\r\n\r\nBody of message {n}.\r\n")));

    /// <summary>Message n from a shop (n % 3 == 1), a newsletter (2) or a person (0): <see cref="LabelOf"/> by the rules.</summary>
    public static MimeMessage Numbered(int n) => Mail(n, ((n - 1) % 3) switch
    {
        0 => "billing@shop.example",
        1 => "news@news.example.com",
        _ => "someone@example.org",
    });

    /// <summary>The label the rules give <see cref="Numbered"/> message n.</summary>
    public static string LabelOf(int n) => ((n - 1) % 3) switch { 0 => "Shopping/Receipts", 1 => "Newsletters", _ => "Review" };

    /// <summary>One session's feedback for learning as "Kind Label message" (m2 for &lt;m2@example.com&gt;), sorted; committed as the runner does after learning it.</summary>
    public static async Task<List<string>> FeedbackAsync(ServiceProvider services, CancellationToken cancellationToken, bool commit = true)
    {
        var labels = services.GetRequiredService<LabelConfigLoader>().Load();
        var mailbox = services.GetRequiredService<ImapMailboxFactory>().Create();
        await using var session = await mailbox.OpenAsync(services, labels, dryRun: false, cancellationToken);
        var events = new List<string>();
        await foreach (var filing in session.ReadFilingAsync(cancellationToken))
        {
            await using var content = await filing.Item.OpenAsync(cancellationToken);
            var message = await MimeMessage.LoadAsync(content, cancellationToken);
            events.Add($"{filing.Kind} {filing.Label} {(message.MessageId ?? "none").Split('@')[0]}");
        }

        if (commit)
        {
            await session.CommitFilingAsync(cancellationToken);
        }

        events.Sort(StringComparer.Ordinal);
        return events;
    }

    /// <summary>"label:message" for every truth message, read through the reader the way eval and learn read it, sorted.</summary>
    public static async Task<List<string>> TruthAsync(ServiceProvider services, CancellationToken cancellationToken)
    {
        var labels = services.GetRequiredService<LabelConfigLoader>().Load();
        var truths = new List<string>();
        await foreach (var labelled in services.GetRequiredService<ImapMailboxFactory>().CreateLabelled(services.GetRequiredService<ImapMailboxFactory>().Options).ListAsync(labels, cancellationToken))
        {
            await using var content = await labelled.Item.OpenAsync(cancellationToken);
            var message = await MimeMessage.LoadAsync(content, cancellationToken);
            truths.Add($"{labelled.Truth}:{(message.MessageId ?? "none").Split('@')[0]}");
        }

        truths.Sort(StringComparer.Ordinal);
        return truths;
    }

    /// <summary>A client of the test's own (the user's mail program), straight to Dovecot.</summary>
    public static async Task<ImapClient> ConnectAsync(DovecotServer dovecot, CancellationToken cancellationToken)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", dovecot.Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password, cancellationToken);
        return client;
    }

    /// <summary>
    /// The app's services for the test account on <paramref name="port"/>, with state and the label file in
    /// <paramref name="folder"/>; <paramref name="replace"/> may register its own (a clock, say) over the app's.
    /// </summary>
    public static ServiceProvider Services(
        string folder, int port, string labelsAs, string labels = Labels, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null)
    {
        File.WriteAllText(Path.Combine(folder, "labels.json"), labels);
        var values = new Dictionary<string, string?>
        {
            ["LLM_MODEL"] = "test-model",
            ["LABEL_CONFIG_FILE"] = "labels.json",
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(folder, "state"),
            ["IMAP_HOST"] = "127.0.0.1",
            ["IMAP_PORT"] = $"{port}",
            ["IMAP_SECURITY"] = "none",
            ["IMAP_USERNAME"] = DovecotServer.User,
            ["IMAP_PASSWORD"] = DovecotServer.Password,
            ["IMAP_LABELS_AS"] = labelsAs,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddEmailTriage(configuration, folder).AddLlm().AddImap(configuration);
        replace?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
