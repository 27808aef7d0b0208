namespace EmailTriage.Mailboxes;

/// <summary>
/// What <c>labels.jsonl</c> holds: its records in order, the lines that are not records (kept, and named in a warning),
/// and where a torn last write of the app's own starts (null when there is none).
/// </summary>
internal sealed record LabelRecordContents(IReadOnlyList<FolderRecord> Records, IReadOnlyList<UnreadableRecordLine> Unreadable, long? TornAt)
{
    public static LabelRecordContents Empty { get; } = new([], [], null);
}
