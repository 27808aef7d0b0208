using System.Globalization;
using EmailTriage.Testing;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Benchmarks;

/// <summary>The throw-away Dovecot account the IMAP benchmarks use: the app's services for it, and a client of our own.</summary>
internal static class DovecotAccount
{
    /// <summary>Services with the label file <c>labels.json</c> and the state in <paramref name="folder"/>, for the account on <paramref name="port"/>.</summary>
    public static ServiceProvider Services(string folder, int port, string labelsAs = "folders")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LLM_MODEL"] = "test-model",
            ["LABEL_CONFIG_FILE"] = "labels.json",
            ["EMAILTRIAGE_STATE_DIR"] = Path.Combine(folder, "state"),
            ["IMAP_HOST"] = "127.0.0.1",
            ["IMAP_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["IMAP_SECURITY"] = "none",
            ["IMAP_USERNAME"] = DovecotServer.User,
            ["IMAP_PASSWORD"] = DovecotServer.Password,
            ["IMAP_LABELS_AS"] = labelsAs,
        }).Build();
        return new ServiceCollection().AddLogging().AddEmailTriage(configuration, folder).AddLlm().AddImap(configuration).BuildServiceProvider();
    }

    public static async Task<ImapClient> ConnectAsync(int port)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.AuthenticateAsync(DovecotServer.User, DovecotServer.Password);
        return client;
    }
}
