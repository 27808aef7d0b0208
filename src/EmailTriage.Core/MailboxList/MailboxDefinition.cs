namespace EmailTriage.MailboxList;

/// <summary>
/// One checked entry of the mailbox list. <see cref="Settings"/> holds the kind's plain settings by their field name
/// (path, user, tokenFile, host, ...); <see cref="Secrets"/> the secrets read from the settings the entry names.
/// </summary>
public sealed record MailboxDefinition
{
    public required string Name { get; init; }

    public required MailboxKind Kind { get; init; }

    /// <summary>The mailbox's own label file (full path), or null for LABEL_CONFIG_FILE.</summary>
    public string? LabelFile { get; init; }

    /// <summary>Which mail is a candidate (a Gmail search), or null for the kind's default.</summary>
    public string? Query { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Secret by role (refreshToken, clientSecret, password, ...): never printed or logged.</summary>
    public IReadOnlyDictionary<string, MailboxSecret> Secrets { get; init; } = new Dictionary<string, MailboxSecret>(StringComparer.OrdinalIgnoreCase);

    /// <summary>"mailboxes.json line 7", for messages about this entry.</summary>
    public string Where { get; init; } = string.Empty;

    public string? Setting(string name) => Settings.TryGetValue(name, out var value) ? value : null;

    public string? Secret(string role) => Secrets.TryGetValue(role, out var secret) ? secret.Value : null;
}

/// <summary>A secret and the setting it came from (the name is safe to print; the value never is).</summary>
public sealed record MailboxSecret(string SettingName, string Value)
{
    public override string ToString() => SettingName;
}
