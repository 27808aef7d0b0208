namespace EmailTriage.Mailboxes;

/// <summary>The mailbox kinds this host registered, by name, in registration order (folder first: it is Core's own).</summary>
public sealed class MailboxKinds(IEnumerable<IMailboxKind> kinds)
{
    private readonly IReadOnlyList<IMailboxKind> _kinds = [.. kinds.DistinctBy(k => k.Name, StringComparer.OrdinalIgnoreCase)];

    public IReadOnlyList<IMailboxKind> All => _kinds;

    /// <summary>"folder", "gmail" or "imap": the names to offer in a message.</summary>
    public string Names => string.Join(", ", _kinds.Select(k => $"\"{k.Name}\""));

    public IMailboxKind? Find(string? name) => _kinds.FirstOrDefault(k => string.Equals(k.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The kind <paramref name="definition"/> names; one this host has not registered is an error naming those it has.</summary>
    public IMailboxKind For(MailboxDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Find(definition.Kind) ?? throw new MailboxListException(
            $"{definition.Where}: mailbox \"{definition.Name}\" is of kind \"{definition.Kind}\", which this build does not have. Use one of: {Names}.");
    }
}
