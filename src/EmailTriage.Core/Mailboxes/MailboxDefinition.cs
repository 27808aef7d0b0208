namespace EmailTriage.Mailboxes;

/// <summary>
/// One mailbox to work on: an entry of the mailbox list, or the flat settings of a kind (<c>--mailbox gmail</c>,
/// <c>MAILBOX=imap</c>), or a folder named on the command line. <see cref="Settings"/> holds the entry's own fields by
/// name (the kind takes the flat settings for the rest); <see cref="Secrets"/> the secrets read from the settings the
/// entry names. An entry that could not be read carries its <see cref="Problem"/> instead, so the others still work.
/// </summary>
public sealed record MailboxDefinition
{
    public required string Name { get; init; }

    /// <summary>The kind's name (<see cref="IMailboxKind.Name"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The mailbox's own label file (full path), or null for LABEL_CONFIG_FILE.</summary>
    public string? LabelFile { get; init; }

    /// <summary>Which mail is a candidate (a Gmail search), or null for the kind's default.</summary>
    public string? Query { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Secret by role (refreshToken, clientSecret, password, ...): never printed or logged.</summary>
    public IReadOnlyDictionary<string, MailboxSecret> Secrets { get; init; } = new Dictionary<string, MailboxSecret>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where it was given, for messages about it: "mailboxes.json line 7", "--mailbox", "MAILBOX".</summary>
    public string Where { get; init; } = string.Empty;

    /// <summary>Why this entry of the list cannot be used (with the fix), or null when it can.</summary>
    public string? Problem { get; init; }

    /// <summary>True for an entry of the mailbox list, false for the flat settings or a folder on the command line.</summary>
    public bool Listed { get; init; }

    public string? Setting(string name) => Settings.TryGetValue(name, out var value) ? value : null;

    public string? Secret(string role) => Secrets.TryGetValue(role, out var secret) ? secret.Value : null;

    /// <summary>The mailbox a kind's flat settings describe (GMAIL_*, IMAP_*), named after the kind.</summary>
    public static MailboxDefinition Flat(string kind, string where) => new() { Name = kind, Kind = kind, Where = where };

    /// <summary>A folder of mail (or one .eml/.mbox file) named by path, relative to the app folder.</summary>
    public static MailboxDefinition Folder(string path, string where) => new()
    {
        Name = path,
        Kind = FolderKind.KindName,
        Where = where,
        Settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = path },
    };

    public override string ToString() => Name;
}

/// <summary>A secret and the setting it came from (the name is safe to print; the value never is).</summary>
public sealed record MailboxSecret(string SettingName, string Value)
{
    public override string ToString() => SettingName;
}
