using System.Collections.Concurrent;
using EmailTriage.Configuration;
using EmailTriage.Evaluation;
using EmailTriage.Gmail.Auth;
using EmailTriage.Health;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Gmail;

/// <summary>
/// The <c>gmail</c> kind. Its flat settings are GMAIL_* (the default mailbox once signed in); an entry of the mailbox list
/// gives its own account on top of them (its user, token file or refresh token, query). One signed-in API client per
/// mailbox per process.
/// </summary>
internal sealed class GmailKind(GmailMailboxFactory flat, IOptions<GmailOptions> options, AppPaths paths, TimeProvider time, ILoggerFactory loggers) : IMailboxKind, IDisposable
{
    private readonly ConcurrentDictionary<string, GmailMailboxFactory> _listed = new(StringComparer.OrdinalIgnoreCase);

    public string Name => "gmail";

    public IReadOnlyList<MailboxField> Fields { get; } =
    [
        new("user", "the account, as Gmail's API names it; \"me\" is the signed-in account"),
        new("tokenFile", "the sign-in file 'emailtriage auth gmail' wrote for this account"),
        new("apiBaseUrl", "where the Gmail API is, for a proxy"),
        new("refreshTokenSetting", "the setting that holds this account's refresh token (hosts without files)"),
        new("clientIdSetting", "the setting that holds the OAuth client id, when not GMAIL_CLIENT_ID"),
        new("clientSecretSetting", "the setting that holds the OAuth client secret, when not GMAIL_CLIENT_SECRET"),
    ];

    public bool TakesQuery => true;

    /// <summary>A Gmail sign-in in the flat settings makes Gmail the mailbox triaged when none is named.</summary>
    public bool IsDefault => flat.HasSignIn;

    public IMailboxSignIn? SignIn { get; } = new GmailMailboxSignIn(flat.Options, paths, time);

    public async Task<IMailbox> OpenAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        await FactoryFor(mailbox).CreateAsync(cancellationToken, mailbox.Listed ? null : mailbox.Query);

    public async Task<ILabelledMailbox> OpenLabelledAsync(MailboxDefinition mailbox, CancellationToken cancellationToken) =>
        await FactoryFor(mailbox).CreateLabelledAsync(cancellationToken);

    /// <summary>Is there a sign-in, and (full) does Gmail accept it. The flat settings' Gmail is optional: without a sign-in this only warns.</summary>
    public async Task<IReadOnlyList<HealthItem>> ProbeAsync(MailboxDefinition mailbox, HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var name = mailbox.Listed ? $"mailbox {mailbox.Name}" : "gmail";
        var factory = FactoryFor(mailbox);
        var settings = factory.Options;
        if (!factory.HasSignIn)
        {
            return [new HealthItem(name, mailbox.Listed ? HealthStatus.BadConfiguration : HealthStatus.Warning,
                $"no Gmail sign-in: {paths.Resolve(settings.TokenFile)} (GMAIL_TOKEN_FILE) does not exist and GMAIL_REFRESH_TOKEN is not set. " +
                "Run 'emailtriage auth gmail' to triage Gmail (see docs/gmail_setup.md); folder mailboxes work without it.")];
        }

        var source = string.IsNullOrWhiteSpace(settings.RefreshToken) ? "token file present" : "refresh token from settings";
        if (depth == HealthCheckDepth.Quick)
        {
            return [new HealthItem(name, HealthStatus.Ok, $"sign-in: {source}")];
        }

        try
        {
            var api = await factory.GetApiAsync(cancellationToken);
            var labels = await api.Users.Labels.List(settings.User).ExecuteAsync(cancellationToken);
            return [new HealthItem(name, HealthStatus.Ok, $"{source}; Gmail answers for {settings.User} with {labels.Labels?.Count ?? 0} labels")];
        }
        catch (GmailSignInException ex)
        {
            return [new HealthItem(name, HealthStatus.Unavailable, ex.Message)];
        }
        catch (SettingsException ex)
        {
            return [new HealthItem(name, HealthStatus.BadConfiguration, ex.Message)];
        }
        catch (MailboxUnavailableException ex)
        {
            // The token endpoint did not answer.
            return [new HealthItem(name, HealthStatus.Unavailable, ex.Message)];
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            return [new HealthItem(name, HealthStatus.Unavailable, $"Cannot reach Gmail at {settings.EffectiveApiBaseUrl}: {GmailErrors.Describe(ex)}")];
        }
    }

    /// <summary>The flat settings' factory, or one per listed mailbox with its own account on top of them.</summary>
    private GmailMailboxFactory FactoryFor(MailboxDefinition mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return mailbox.Listed
            ? _listed.GetOrAdd(mailbox.Name, _ => new GmailMailboxFactory(Options.Create(OptionsFor(mailbox, options.Value)), paths, time, loggers))
            : flat;
    }

    /// <summary>The settings of one listed Gmail mailbox: what its entry says, the flat settings for the rest.</summary>
    internal static GmailOptions OptionsFor(MailboxDefinition mailbox, GmailOptions flatOptions)
    {
        var own = flatOptions.WithQuery(mailbox.Query ?? flatOptions.Query);
        own.User = mailbox.Setting("user") ?? flatOptions.User;
        own.ApiBaseUrl = mailbox.Setting("apiBaseUrl") ?? flatOptions.ApiBaseUrl;
        if (mailbox.Setting("tokenFile") is { } tokenFile)
        {
            own.TokenFile = tokenFile;
            own.RefreshToken = null;
        }

        if (mailbox.Secret("refreshToken") is { } refreshToken)
        {
            own.RefreshToken = refreshToken;
        }

        own.ClientId = mailbox.Secret("clientId") ?? flatOptions.ClientId;
        own.ClientSecret = mailbox.Secret("clientSecret") ?? flatOptions.ClientSecret;
        return own;
    }

    public void Dispose()
    {
        foreach (var factory in _listed.Values)
        {
            factory.Dispose();
        }
    }
}
