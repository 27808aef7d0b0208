using EmailTriage.Gmail;
using EmailTriage.Imap;
using EmailTriage.MailboxList;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Cli;

/// <summary>
/// Which mailbox a command works on: <c>--mailbox NAME</c> (an entry of mailboxes.json, for triage), <c>--mailbox gmail</c>, <c>--mailbox imap</c> (the IMAP_* settings), <c>--mailbox PATH</c>, or by default Gmail when a sign-in
/// exists (GMAIL_TOKEN_FILE or GMAIL_REFRESH_TOKEN) and the bundled sample mailbox otherwise.
/// </summary>
internal static class MailboxChoice
{
    public const string Gmail = "gmail";
    public const string Imap = "imap";
    public const string SampleMailbox = "samples/inbox";

    /// <summary>The entry of mailboxes.json that <paramref name="option"/> names, or null (a path, <c>gmail</c>, or no list).</summary>
    public static MailboxDefinition? Named(string? option, IServiceProvider services) =>
        option is null ? null : services.GetRequiredService<MailboxCatalog>().Load()?.Find(option);

    public static async Task<(IMailbox Mailbox, string? Note)> OpenAsync(string? option, CliEnvironment environment, IServiceProvider services, CancellationToken cancellationToken)
    {
        var gmail = services.GetRequiredService<GmailMailboxFactory>();
        if (string.Equals(option, Gmail, StringComparison.OrdinalIgnoreCase))
        {
            return (await gmail.CreateAsync(cancellationToken), null);
        }

        if (string.Equals(option, Imap, StringComparison.OrdinalIgnoreCase))
        {
            return (services.GetRequiredService<ImapMailboxFactory>().Create(), null);
        }

        if (option is not null)
        {
            return (new FolderMailbox(Path.Combine(environment.WorkingDirectory, option), services.GetRequiredService<ILogger<FolderMailbox>>()), null);
        }

        if (gmail.HasSignIn)
        {
            return (await gmail.CreateAsync(cancellationToken), $"Gmail sign-in found: triaging Gmail ({gmail.Options.User}). Use --mailbox PATH for a folder of mail.");
        }

        return (
            new FolderMailbox(Path.Combine(environment.WorkingDirectory, SampleMailbox), services.GetRequiredService<ILogger<FolderMailbox>>()),
            $"No mailbox given: triaging the bundled sample mailbox {SampleMailbox} (use --mailbox PATH for your own mail, or sign in with 'emailtriage auth gmail').");
    }
}
