using System.Collections.Concurrent;
using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using EmailTriage.MailboxList;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail;

/// <summary>
/// A <c>"kind": "gmail"</c> entry: the flat Gmail settings with the entry's own account on top (its user, token file or
/// refresh token, query). One signed-in API client per named mailbox per process.
/// </summary>
public sealed class GmailMailboxOpener(IOptions<GmailOptions> options, AppPaths paths, TimeProvider time, ILoggerFactory loggers) : IMailboxOpener, IDisposable
{
    private readonly ConcurrentDictionary<string, GmailMailboxFactory> _factories = new(StringComparer.OrdinalIgnoreCase);

    public MailboxKind Kind => MailboxKind.Gmail;

    public async Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var factory = _factories.GetOrAdd(mailbox.Name, _ => new GmailMailboxFactory(Options.Create(OptionsFor(mailbox, options.Value)), paths, time, loggers));
        return await factory.CreateAsync(cancellationToken);
    }

    /// <summary>The settings of one named Gmail mailbox: what its entry says, the flat settings for the rest.</summary>
    public static GmailOptions OptionsFor(MailboxDefinition mailbox, GmailOptions flat)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(flat);
        var own = flat.WithQuery(mailbox.Query ?? flat.Query);
        own.User = mailbox.Setting("user") ?? flat.User;
        own.ApiBaseUrl = mailbox.Setting("apiBaseUrl") ?? flat.ApiBaseUrl;
        if (mailbox.Setting("tokenFile") is { } tokenFile)
        {
            own.TokenFile = tokenFile;
            own.RefreshToken = null;
        }

        if (mailbox.Secret("refreshToken") is { } refreshToken)
        {
            own.RefreshToken = refreshToken;
        }

        own.ClientId = mailbox.Secret("clientId") ?? flat.ClientId;
        own.ClientSecret = mailbox.Secret("clientSecret") ?? flat.ClientSecret;
        return own;
    }

    public void Dispose()
    {
        foreach (var factory in _factories.Values)
        {
            factory.Dispose();
        }
    }
}
