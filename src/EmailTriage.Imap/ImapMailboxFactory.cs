using EmailTriage.Configuration;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Imap;

/// <summary>Builds the <see cref="ImapMailbox"/> the settings describe, saying which setting is missing when one is.</summary>
internal sealed class ImapMailboxFactory(IOptions<ImapOptions> options, IOptions<LlmOptions> llm, AppPaths paths, ILoggerFactory loggers, ImapAccessTokenSources tokens)
{
    public ImapOptions Options => options.Value;

    /// <summary>True when IMAP_HOST is set: the user means to use IMAP.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Options.Host);

    public ImapMailbox Create() => Create(Options);

    /// <summary>The mailbox <paramref name="settings"/> describe (one entry of the mailbox list, or the flat settings).</summary>
    public ImapMailbox Create(ImapOptions settings) =>
        new(Resolve(settings), llm.Value.MaxBodyChars, loggers.CreateLogger<ImapMailbox>());

    /// <summary>The account's label folders (or keywords) as a read-only truth set for eval and learn.</summary>
    public ImapLabelledMailbox CreateLabelled(ImapOptions settings) =>
        new(Resolve(settings), llm.Value.MaxBodyChars, loggers.CreateLogger<ImapLabelledMailbox>());

    /// <summary>The settings of <paramref name="mailbox"/>: the flat IMAP_* settings with an entry's own host, port, user and password on top.</summary>
    public ImapOptions OptionsFor(MailboxDefinition mailbox) => OptionsFor(mailbox, Options);

    internal static ImapOptions OptionsFor(MailboxDefinition mailbox, ImapOptions flat)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var own = flat.With(flat.TrustCertificateFile);
        own.Host = mailbox.Setting("host") ?? flat.Host;
        own.Port = mailbox.Setting("port") is { } port ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : flat.Port;
        own.Username = mailbox.Setting("username") ?? flat.Username;
        own.Password = mailbox.Secret("password") ?? flat.Password;
        return own;
    }

    private ImapOptions Resolve(ImapOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var needed = settings.EffectiveAuth == ImapAuth.Password
            ? new[] { ("IMAP_HOST", settings.Host), ("IMAP_USERNAME", settings.Username), ("IMAP_PASSWORD", settings.Password) }
            : [("IMAP_HOST", settings.Host), ("IMAP_USERNAME", settings.Username)];
        var missing = needed
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => s.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new SettingsException(
                $"The IMAP mailbox needs {string.Join(", ", missing)}: set them in .env or the environment (see docs/imap_setup.md for your provider's host and app passwords).");
        }

        var resolved = settings.With(trustCertificateFile: settings.TrustCertificateFile is { Length: > 0 } file ? paths.Resolve(file) : null);
        resolved.AccessTokens ??= tokens.For(resolved);
        return resolved;
    }
}
