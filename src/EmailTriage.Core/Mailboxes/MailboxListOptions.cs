using Microsoft.Extensions.Configuration;

namespace EmailTriage.Mailboxes;

internal sealed class MailboxListOptions
{
    public const string SettingName = "MAILBOXES_FILE";
    public const string DefaultFile = "config/mailboxes.json";

    /// <summary>The list of named mailboxes; unset and absent, the app serves one mailbox from the flat settings.</summary>
    [ConfigurationKeyName(SettingName)]
    public string? File { get; set; }
}
