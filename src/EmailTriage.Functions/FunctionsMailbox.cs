using EmailTriage.Mailboxes;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>The one mailbox of the flat settings, the kind MAILBOX names (gmail by default), as this host triages it without a list.</summary>
internal sealed class FunctionsMailbox(IOptions<FunctionsOptions> options, MailboxCatalog catalog)
{
    /// <summary>The flat settings' mailbox of MAILBOX's kind, narrowed to <paramref name="query"/> where the kind takes one.</summary>
    public MailboxDefinition Definition(string? query = null) =>
        (catalog.Choose(options.Value.Mailbox.Trim(), FunctionsOptions.MailboxSetting) ?? throw new InvalidOperationException("MAILBOX names no mailbox.")) with { Query = query };

    public IMailboxKind Kind => catalog.KindOf(Definition());
}
