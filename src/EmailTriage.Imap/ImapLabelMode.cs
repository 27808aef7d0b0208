namespace EmailTriage.Imap;

/// <summary>What a label is on an IMAP server (IMAP_LABELS_AS).</summary>
internal enum ImapLabelMode
{
    /// <summary>A folder: applying the label moves the message there, out of the triaged folder.</summary>
    Folders,

    /// <summary>An IMAP keyword, shown as a tag by Thunderbird and others; the message stays (unless its label archives).</summary>
    Keywords,
}

internal static class ImapLabelModeNames
{
    public const string Allowed = "folders or keywords";

    public static ImapLabelMode? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "folders" or "folder" => ImapLabelMode.Folders,
        "keywords" or "keyword" => ImapLabelMode.Keywords,
        _ => null,
    };
}
