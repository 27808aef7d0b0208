using EmailTriage.Mailboxes;

namespace EmailTriage.Health;

/// <summary>The flat settings' mailbox of each registered kind (GMAIL_*, IMAP_*): each kind says whether it is set up and works.</summary>
internal sealed class MailboxesProbe(MailboxKinds kinds) : IHealthProbe
{
    public async Task<IReadOnlyList<HealthItem>> ProbeAsync(HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        var items = new List<HealthItem>();
        foreach (var kind in kinds.All.Where(k => k.Name != FolderKind.KindName))
        {
            items.AddRange(await kind.ProbeAsync(MailboxDefinition.Flat(kind.Name, "the settings"), depth, cancellationToken));
        }

        return items;
    }
}
