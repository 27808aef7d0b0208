using EmailTriage.Evaluation;
using EmailTriage.Health;

namespace EmailTriage.Mailboxes;

/// <summary>
/// A kind of mailbox (folder, gmail, imap, ...) as a plug-in: its name in <c>mailboxes.json</c> and <c>--mailbox</c>,
/// the fields of its entries, and how to open one for triage, as a labelled set for learning and eval, for a health
/// check, and to sign in. Each adapter project registers its own with one line in each host's composition root; the
/// hosts and Core know a kind only through this.
/// </summary>
public interface IMailboxKind
{
    /// <summary>The kind's word, lower case: <c>"kind": "gmail"</c> in the list, <c>--mailbox gmail</c> for its flat settings.</summary>
    string Name { get; }

    /// <summary>The fields an entry of this kind takes besides name, kind, labels and query; checked when the list is read.</summary>
    IReadOnlyList<MailboxField> Fields { get; }

    /// <summary>Whether an entry may narrow its mail with a <c>query</c> (a Gmail search).</summary>
    bool TakesQuery { get; }

    /// <summary>
    /// Whether the flat settings hold a mailbox of this kind to triage when none is named (Gmail once signed in). The
    /// first kind that says so, in registration order, is the default; without one it is the bundled sample folder.
    /// </summary>
    bool IsDefault { get; }

    /// <summary>The mailbox for triage, watch and classify; throws a <see cref="Configuration.SettingsException"/> naming the setting when one is wrong.</summary>
    Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken);

    /// <summary>The mail the user already filed there, read only, as the truth for learn and eval.</summary>
    Task<ILabelledMailbox> OpenLabelledAsync(MailboxDefinition mailbox, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the mailbox can be used: settings and sign-in present (quick), and (full) the service answers. For the
    /// flat settings' mailbox of a kind that is not set up, an optional kind says so as a warning or says nothing.
    /// </summary>
    Task<IReadOnlyList<HealthItem>> ProbeAsync(MailboxDefinition mailbox, HealthCheckDepth depth, CancellationToken cancellationToken);

    /// <summary>The kind's interactive sign-in (<c>auth NAME</c>), or null when it needs none.</summary>
    IMailboxSignIn? SignIn { get; }
}
