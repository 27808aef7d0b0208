using EmailTriage.Configuration;
using EmailTriage.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailTriage.Imap;

/// <summary>Builds the <see cref="ImapMailbox"/> the settings describe, saying which setting is missing when one is.</summary>
public sealed class ImapMailboxFactory(IOptions<ImapOptions> options, IOptions<LlmOptions> llm, AppPaths paths, IStateStores stores, ILoggerFactory loggers, ImapAccessTokenSources tokens)
{
    public ImapOptions Options => options.Value;

    /// <summary>True when IMAP_HOST is set: the user means to use IMAP.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Options.Host);

    public ImapMailbox Create() => Create(Options);

    /// <summary>The mailbox <paramref name="settings"/> describe (one entry of the mailbox list, or the flat settings).</summary>
    public ImapMailbox Create(ImapOptions settings) =>
        new(Resolve(settings), stores, llm.Value.MaxBodyChars, loggers.CreateLogger<ImapMailbox>());

    /// <summary>The account's label folders (or keywords) as a read-only truth set for eval and learn.</summary>
    public ImapLabelledMailbox CreateLabelled() =>
        new(Resolve(Options), llm.Value.MaxBodyChars, loggers.CreateLogger<ImapLabelledMailbox>());

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
