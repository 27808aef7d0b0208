using EmailTriage.Gmail;
using EmailTriage.Mailboxes;

namespace EmailTriage.Functions;

/// <summary>In Azure the sign-in comes from settings (GMAIL_REFRESH_TOKEN, GMAIL_CLIENT_ID, GMAIL_CLIENT_SECRET via Key Vault).</summary>
internal sealed class GmailMailboxSource(GmailMailboxFactory gmail) : IMailboxSource
{
    public async Task<IMailbox> OpenAsync(string? query, CancellationToken cancellationToken) =>
        await gmail.CreateAsync(cancellationToken, query);
}
