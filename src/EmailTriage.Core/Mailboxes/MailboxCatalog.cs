using EmailTriage.Evaluation;

namespace EmailTriage.Mailboxes;

/// <summary>
/// Every mailbox a host can work on: the mailbox list (read and checked once per process, secrets included), the flat
/// settings of each registered kind, and folders by path; and the way to open any of them, through its kind.
/// </summary>
public sealed class MailboxCatalog(MailboxListLoader loader, MailboxKinds kinds)
{
    private readonly Lazy<MailboxList?> _list = new(loader.Load);

    public MailboxKinds Kinds => kinds;

    /// <summary>The list, or null when there is none (one mailbox from the flat settings). A file that is no list throws.</summary>
    public MailboxList? Load() => _list.Value;

    /// <summary>The list, or a <see cref="MailboxListException"/> saying that <paramref name="what"/> needs one.</summary>
    public MailboxList Require(string what) =>
        Load() ?? throw new MailboxListException($"{what} needs a mailbox list: create {loader.Path} (see config/mailboxes.example.json) or set {MailboxListOptions.SettingName}.");

    /// <summary>
    /// What <paramref name="name"/> means, <paramref name="where"/> it was given (<c>--mailbox</c>, <c>MAILBOX</c>): a
    /// mailbox of the list, a kind's flat settings (<c>gmail</c>, <c>imap</c>), else a folder of mail by path. Null names
    /// the default: the flat settings of the first kind that is set up to be one (Gmail once signed in), or null when none is.
    /// </summary>
    public MailboxDefinition? Choose(string? name, string where)
    {
        if (name is null)
        {
            return kinds.All.FirstOrDefault(k => k.IsDefault) is { } kind ? MailboxDefinition.Flat(kind.Name, where) : null;
        }

        if (Load()?.Find(name) is { } listed)
        {
            return listed;
        }

        return kinds.Find(name) is { } named && named.Name != FolderKind.KindName
            ? MailboxDefinition.Flat(named.Name, where)
            : MailboxDefinition.Folder(name, where);
    }

    /// <summary>The mailbox <paramref name="definition"/> describes; an entry of the list that is wrong throws its problem.</summary>
    public Task<IMailbox> OpenAsync(MailboxDefinition definition, CancellationToken cancellationToken) =>
        KindOf(definition).OpenAsync(definition, cancellationToken);

    /// <summary>The mail already filed in that mailbox, read only, as the truth for learn and eval.</summary>
    public Task<ILabelledMailbox> OpenLabelledAsync(MailboxDefinition definition, CancellationToken cancellationToken) =>
        KindOf(definition).OpenLabelledAsync(definition, cancellationToken);

    public IMailboxKind KindOf(MailboxDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Problem is { } problem ? throw new MailboxListException(problem) : kinds.For(definition);
    }
}
