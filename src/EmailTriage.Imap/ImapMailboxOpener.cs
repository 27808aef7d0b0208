using System.Globalization;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using EmailTriage.MailboxList;
using Microsoft.Extensions.Options;

namespace EmailTriage.Imap;

/// <summary>
/// A <c>"kind": "imap"</c> entry of the mailbox list: the flat IMAP_* settings with the entry's own host, port, user
/// and password (read from the setting its <c>passwordSetting</c> names) on top.
/// </summary>
public sealed class ImapMailboxOpener(ImapMailboxFactory factory) : IMailboxOpener
{
    public MailboxKind Kind => MailboxKind.Imap;

    public Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return Task.FromResult<IMailbox>(factory.Create(OptionsFor(mailbox, factory.Options)));
    }

    public static ImapOptions OptionsFor(MailboxDefinition mailbox, ImapOptions flat)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(flat);
        var own = flat.With(flat.TrustCertificateFile);
        own.Host = mailbox.Setting("host") ?? flat.Host;
        own.Port = mailbox.Setting("port") is not { } port ? flat.Port
            : int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536 ? number
            : throw new SettingsException($"{mailbox.Where}: \"port\" of mailbox \"{mailbox.Name}\" is \"{port}\", not a port number. Use a number such as 993, or leave it out.");
        own.Username = mailbox.Setting("username") ?? flat.Username;
        own.Password = mailbox.Secret("password") ?? flat.Password;
        return own;
    }
}
