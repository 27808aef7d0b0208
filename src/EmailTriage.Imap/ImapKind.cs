using EmailTriage.Evaluation;
using EmailTriage.Health;
using EmailTriage.Mailboxes;

namespace EmailTriage.Imap;

/// <summary>
/// The <c>imap</c> kind: any provider that speaks IMAP. Its flat settings are IMAP_*; an entry of the mailbox list gives
/// its own host, port, username and password setting on top of them.
/// </summary>
internal sealed class ImapKind(ImapMailboxFactory factory) : IMailboxKind
{
    public string Name => "imap";

    public IReadOnlyList<MailboxField> Fields { get; } =
    [
        new("host", "the IMAP server, such as imap.fastmail.com", Required: true),
        new("port", "the server's port; 993 unless IMAP_SECURITY says otherwise", IsNumber: true),
        new("username", "the account's user name"),
        new("passwordSetting", "the setting that holds the account's (app) password", Required: true),
    ];

    public bool TakesQuery => false;

    /// <summary>IMAP is triaged when asked for (<c>--mailbox imap</c>, <c>MAILBOX=imap</c>), never by default.</summary>
    public bool IsDefault => false;

    public IMailboxSignIn? SignIn => null;

    public Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<IMailbox>(factory.Create(factory.OptionsFor(mailbox)));

    public Task<ILabelledMailbox> OpenLabelledAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<ILabelledMailbox>(factory.CreateLabelled(factory.OptionsFor(mailbox)));

    public async Task<IReadOnlyList<HealthItem>> ProbeAsync(MailboxDefinition mailbox, HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var name = mailbox.Listed ? $"mailbox {mailbox.Name}" : "imap";

        // The flat settings of a kind nobody set up are no problem: folders and Gmail work without IMAP.
        if (!mailbox.Listed && !factory.IsConfigured)
        {
            return [];
        }

        try
        {
            var imap = factory.Create(factory.OptionsFor(mailbox));
            if (depth == HealthCheckDepth.Quick)
            {
                return [new HealthItem(name, HealthStatus.Ok, $"{imap.Description}: settings present")];
            }

            return [new HealthItem(name, HealthStatus.Ok, $"{imap.Description}: {await imap.ProbeAsync(cancellationToken)}")];
        }
        catch (Configuration.SettingsException ex)
        {
            return [new HealthItem(name, HealthStatus.BadConfiguration, ex.Message)];
        }
        catch (MailboxUnavailableException ex)
        {
            return [new HealthItem(name, HealthStatus.Unavailable, ex.Message)];
        }
    }
}
