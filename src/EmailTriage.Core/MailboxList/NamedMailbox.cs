using EmailTriage.Mailboxes;
using EmailTriage.Triage;

namespace EmailTriage.MailboxList;

/// <summary>An opened mailbox of the list with its entry, which says which label file its runs use.</summary>
public sealed record NamedMailbox(MailboxDefinition Definition, IMailbox Mailbox)
{
    public string Name => Definition.Name;

    /// <summary><paramref name="request"/> with this mailbox's own label file.</summary>
    public TriageRequest Apply(TriageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Definition.LabelFile is null ? request : request with { LabelFile = Definition.LabelFile };
    }
}
