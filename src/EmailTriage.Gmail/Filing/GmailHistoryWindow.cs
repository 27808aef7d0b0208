using EmailTriage.Gmail.Api;

namespace EmailTriage.Gmail.Filing;

/// <summary>
/// The records of one users.history.list read (labelAdded and labelRemoved), collapsed per message. A change that adds
/// the marker is ours: <see cref="GmailSession.ApplyAsync"/> adds the chosen label and the marker in one batchModify,
/// which Gmail records as one change. A configured label added in a change without the marker is the user's.
/// </summary>
internal sealed class GmailHistoryWindow(IReadOnlySet<string> configuredIds, string? markerId)
{
    private readonly Dictionary<string, GmailMessageChanges> _messages = new(StringComparer.Ordinal);

    public int Records { get; private set; }

    /// <summary>The highest history id seen in a record.</summary>
    public ulong LastRecord { get; private set; }

    /// <summary>Every message the read touched, in the order of its last change.</summary>
    public IEnumerable<GmailMessageChanges> Messages => _messages.Values.OrderBy(m => m.LastChange);

    /// <summary>Records must come oldest first, as Gmail lists them.</summary>
    public void Add(History record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records++;
        var at = record.Id ?? LastRecord;
        LastRecord = Math.Max(LastRecord, at);
        foreach (var added in record.LabelsAdded ?? [])
        {
            if (Changes(added, at) is not { } changes)
            {
                continue;
            }

            var ids = added.LabelIds ?? [];
            if (markerId is not null && ids.Contains(markerId))
            {
                changes.AppliedLabelId = ids.FirstOrDefault(configuredIds.Contains) ?? changes.AppliedLabelId;
            }
            else
            {
                changes.AddedByHand.UnionWith(ids.Where(configuredIds.Contains));
            }
        }

        foreach (var removed in record.LabelsRemoved ?? [])
        {
            // A removal alone teaches nothing, but it changes what the message carries in the end.
            Changes(removed, at);
        }
    }

    private GmailMessageChanges? Changes(HistoryLabelChange change, ulong at)
    {
        if (change.Message?.Id is not { } id)
        {
            return null;
        }

        if (!_messages.TryGetValue(id, out var changes))
        {
            _messages[id] = changes = new GmailMessageChanges(id);
        }

        // A record lists the message's labels as of that change (or of now): either way the last record's are where it ended up.
        changes.LabelsAfter = change.Message.LabelIds is { } labels ? [.. labels] : null;
        changes.LastChange = at;
        return changes;
    }
}
