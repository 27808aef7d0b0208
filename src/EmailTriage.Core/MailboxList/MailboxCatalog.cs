namespace EmailTriage.MailboxList;

/// <summary>The named mailboxes and how to open each, by the opener its kind's project registered.</summary>
public sealed class MailboxCatalog(MailboxListLoader loader, IEnumerable<IMailboxOpener> openers)
{
    private readonly Dictionary<MailboxKind, IMailboxOpener> _openers = openers.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>The list, or null when there is none (one mailbox from the flat settings).</summary>
    public MailboxList? Load() => loader.Load();

    /// <inheritdoc cref="MailboxListLoader.Require"/>
    public MailboxList Require(string what) => loader.Require(what);

    public async Task<NamedMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        if (!_openers.TryGetValue(mailbox.Kind, out var opener))
        {
            // The IMAP mailbox is a project of its own: until it registers its opener, say so plainly.
            throw new MailboxListException(
                $"{mailbox.Where}: mailbox \"{mailbox.Name}\" is of kind {mailbox.Kind.ToString().ToLowerInvariant()}, which this build cannot open yet. Remove it from the list or use a build with that mailbox kind.");
        }

        return new NamedMailbox(mailbox, await opener.OpenAsync(mailbox, cancellationToken));
    }
}
