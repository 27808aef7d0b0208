namespace EmailTriage.Mailboxes;

/// <summary>
/// One field of a mailbox kind's entries in <c>mailboxes.json</c>. A field whose name ends in <c>Setting</c> names the
/// setting (environment variable, Key Vault reference) that holds a secret: the secret itself is never in the file.
/// </summary>
public sealed record MailboxField(string Name, string Description, bool Required = false, bool IsNumber = false)
{
    public const string SettingSuffix = "Setting";

    /// <summary>True for a field that names the setting of a secret.</summary>
    public bool IsSecretSetting => Name.EndsWith(SettingSuffix, StringComparison.Ordinal);

    /// <summary>The secret's role (<c>passwordSetting</c> holds the <c>password</c>).</summary>
    public string SecretRole => IsSecretSetting ? Name[..^SettingSuffix.Length] : Name;
}
