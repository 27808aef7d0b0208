using EmailTriage.Configuration;
using EmailTriage.Evaluation;
using EmailTriage.Graph.Auth;
using EmailTriage.Health;
using EmailTriage.Mailboxes;

namespace EmailTriage.Graph;

/// <summary>
/// The <c>graph</c> kind: Outlook.com and Microsoft 365 over Microsoft Graph. Its flat settings are GRAPH_*; an entry of
/// the mailbox list names its own mailbox (user), folder, label mode or API address on top of them. No entry holds a
/// secret: a person's sign-in is in the keyring, the app's own is its managed identity.
/// </summary>
internal sealed class GraphKind(GraphMailboxFactory factory, GraphMailboxSignIn signIn) : IMailboxKind
{
    public const string KindName = "graph";

    public string Name => KindName;

    public IReadOnlyList<MailboxField> Fields { get; } =
    [
        new("user", "the mailbox's address, for the app's own access (GRAPH_AUTH managed-identity or app-registration); with a device-code sign-in, whose sign-in"),
        new("folder", "the folder whose new mail is triaged: a well-known name (inbox) or a folder's name ('Parent/Child'); inbox unless GRAPH_FOLDER says otherwise"),
        new("labelsAs", "categories (a label is an Outlook category) or folders (a label is a folder the message moves to)"),
        new("apiBaseUrl", "where Microsoft Graph is, for a national cloud or a proxy"),
    ];

    public bool TakesQuery => false;

    /// <summary>Graph is triaged when asked for (<c>--mailbox graph</c>, <c>MAILBOX=graph</c>), never by default.</summary>
    public bool IsDefault => false;

    public IMailboxSignIn? SignIn => signIn;

    public Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<IMailbox>(factory.Create(factory.OptionsFor(mailbox)));

    public Task<ILabelledMailbox> OpenLabelledAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<ILabelledMailbox>(factory.CreateLabelled(factory.OptionsFor(mailbox)));

    /// <summary>Settings and sign-in present (quick), and (full) Graph answers for the folder. The flat settings' Graph is optional: unset, it says nothing.</summary>
    public async Task<IReadOnlyList<HealthItem>> ProbeAsync(MailboxDefinition mailbox, HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var name = mailbox.Listed ? $"mailbox {mailbox.Name}" : KindName;
        if (!mailbox.Listed && !factory.Options.IsConfigured)
        {
            // Folders, Gmail and IMAP work without Graph.
            return [];
        }

        try
        {
            var settings = GraphMailboxFactory.Check(factory.OptionsFor(mailbox));
            if (!factory.HasSignIn(settings))
            {
                return [new HealthItem(name, HealthStatus.BadConfiguration, "no Graph sign-in on this machine yet. Run 'emailtriage auth graph' (see docs/graph_setup.md).")];
            }

            var graph = factory.Create(settings, interactive: false);
            if (depth == HealthCheckDepth.Quick)
            {
                return [new HealthItem(name, HealthStatus.Ok, $"{graph.Description}: settings and sign-in present (GRAPH_AUTH={GraphAuthNames.Name(settings.EffectiveAuth)})")];
            }

            return [new HealthItem(name, HealthStatus.Ok, $"{graph.Description}: {await graph.ProbeAsync(cancellationToken)}")];
        }
        catch (SettingsException ex)
        {
            return [new HealthItem(name, HealthStatus.BadConfiguration, ex.Message)];
        }
        catch (MailboxUnavailableException ex)
        {
            return [new HealthItem(name, HealthStatus.Unavailable, ex.Message)];
        }
    }
}
