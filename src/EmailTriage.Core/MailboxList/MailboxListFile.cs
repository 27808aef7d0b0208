using System.Text.Json.Serialization;

namespace EmailTriage.MailboxList;

/// <summary>The JSON shape of <c>mailboxes.json</c>; <see cref="MailboxListLoader"/> checks it and turns it into a <see cref="MailboxList"/>.</summary>
internal sealed class MailboxListFile
{
    public List<MailboxEntry>? Mailboxes { get; set; }
}

/// <summary>
/// One mailbox. Fields ending in <c>Setting</c> name the setting (environment variable, Key Vault reference) that holds a
/// secret, so the file itself can be shared and committed.
/// </summary>
internal sealed class MailboxEntry
{
    public string? Name { get; set; }

    public string? Kind { get; set; }

    public string? Labels { get; set; }

    public string? Query { get; set; }

    // folder
    public string? Path { get; set; }

    // gmail
    public string? User { get; set; }

    public string? TokenFile { get; set; }

    public string? ApiBaseUrl { get; set; }

    public string? RefreshTokenSetting { get; set; }

    public string? ClientIdSetting { get; set; }

    public string? ClientSecretSetting { get; set; }

    // imap
    public string? Host { get; set; }

    public int? Port { get; set; }

    public string? Username { get; set; }

    public string? PasswordSetting { get; set; }
}

// Unknown fields are errors: a misspelt "tokenfile" or a pasted "password" would otherwise be ignored without a word.
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(MailboxListFile))]
internal sealed partial class MailboxListFileJsonContext : JsonSerializerContext;
