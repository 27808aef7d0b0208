using EmailTriage.Mailboxes;
using Microsoft.Extensions.DependencyInjection;

namespace EmailTriage.Cli;

/// <summary>
/// Which mailbox a command works on: <c>--mailbox NAME</c> (an entry of mailboxes.json), <c>--mailbox KIND</c> (a kind's
/// flat settings, such as IMAP_*), <c>--mailbox PATH</c> (a folder of mail), or by default the mailbox a kind's settings
/// make the default (Gmail once signed in), else a bundled sample folder.
/// </summary>
internal static class MailboxChoice
{
    public const string Option = "--mailbox";
    public const string SampleMailbox = "samples/inbox";

    /// <summary>The chosen mailbox, or <paramref name="sample"/> when none is named and no kind's settings make one the default.</summary>
    public static (MailboxDefinition Definition, bool Sample) Choose(string? option, IServiceProvider services, string sample = SampleMailbox) =>
        services.GetRequiredService<MailboxCatalog>().Choose(option, Option) is { } chosen ? (chosen, false) : (MailboxDefinition.Folder(sample, Option), true);

    /// <summary>The chosen mailbox, opened, with a note for the user when it was not named (<paramref name="doing"/>: "triaging").</summary>
    public static async Task<(MailboxDefinition Definition, IMailbox Mailbox, string? Note)> OpenAsync(string? option, IServiceProvider services, string doing, CancellationToken cancellationToken)
    {
        var (definition, sample) = Choose(option, services);
        var mailbox = await services.GetRequiredService<MailboxCatalog>().OpenAsync(definition, cancellationToken);
        return (definition, mailbox, option is null ? DefaultNote(services, definition, mailbox.Description, sample, doing) : null);
    }

    /// <summary>What a command says when it chose the mailbox itself: which one, and how to name another.</summary>
    public static string DefaultNote(IServiceProvider services, MailboxDefinition definition, string description, bool sample, string doing, string sampleName = "the bundled sample mailbox")
    {
        if (!sample)
        {
            return $"No mailbox given: {doing} {description}, the {definition.Kind} mailbox of your settings. Use {Option} PATH for a folder of mail.";
        }

        var signIns = services.GetRequiredService<MailboxCatalog>().Kinds.All.Where(k => k.SignIn is not null).Select(k => $"'emailtriage auth {k.Name}'").ToList();
        return $"No mailbox given: {doing} {sampleName} {definition.Setting("path")} (use {Option} PATH for your own mail" +
            (signIns.Count > 0 ? $", or sign in with {string.Join(" or ", signIns)})." : ").");
    }
}
