using System.Text.Json;
using EmailTriage.State;

namespace EmailTriage.Imap;

/// <summary>
/// What the feedback for learning needs to tell the user's filing from ours (folders mode), kept in the mailbox's state
/// store as <c>imap-filing.json</c>: the label each message was filed under by the app, by Message-ID, and per label folder
/// the UIDVALIDITY and UIDNEXT up to which its arrivals were read (keywords mode: the triaged folder's MODSEQ). Bounded like <see cref="ImapTriagedState"/>.
/// </summary>
internal sealed class ImapFilingState
{
    public const string Name = "imap-filing.json";

    /// <summary>Label by Message-ID, oldest first; at most <see cref="ImapTriagedState.MaxEntries"/>.</summary>
    public List<ImapFiled> Filed { get; set; } = [];

    /// <summary>Where each label folder was read up to, by the folder's full name.</summary>
    public Dictionary<string, ImapFolderCursor> Folders { get; set; } = [];

    private Dictionary<string, string>? _index;

    public string? LabelOf(string messageId) => Index.GetValueOrDefault(messageId);

    /// <summary>Records that <paramref name="messageId"/> is now under <paramref name="label"/> (ours or the user's correction).</summary>
    public void Record(string messageId, string label, int max = ImapTriagedState.MaxEntries)
    {
        if (Index.ContainsKey(messageId))
        {
            Filed.RemoveAll(f => f.MessageId == messageId);
        }

        Filed.Add(new ImapFiled(messageId, label));
        Index[messageId] = label;
        if (Filed.Count > max)
        {
            foreach (var dropped in Filed[..(Filed.Count - max)])
            {
                Index.Remove(dropped.MessageId);
            }

            Filed.RemoveRange(0, Filed.Count - max);
        }
    }

    private Dictionary<string, string> Index => _index ??= Filed.GroupBy(f => f.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Label, StringComparer.Ordinal);

    public static async Task<ImapFilingState> ReadAsync(IStateStore store, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(Name, cancellationToken);
        return stream is null
            ? new ImapFilingState()
            : await JsonSerializer.DeserializeAsync(stream, ImapJsonContext.Default.ImapFilingState, cancellationToken) ?? new ImapFilingState();
    }

    public async Task WriteAsync(IStateStore store, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        await JsonSerializer.SerializeAsync(content, this, ImapJsonContext.Default.ImapFilingState, cancellationToken);
        content.Position = 0;
        await store.WriteAsync(Name, content, cancellationToken);
    }
}

/// <summary>A message the app (or the user, by a correction) filed under a label.</summary>
internal sealed record ImapFiled(string MessageId, string Label);

/// <summary>
/// A label folder's arrivals were read up to, not including, <see cref="NextUid"/> while its UIDVALIDITY was
/// <see cref="UidValidity"/>; in keywords mode, the triaged folder's changes up to <see cref="ModSeq"/> (CONDSTORE).
/// </summary>
internal sealed record ImapFolderCursor(uint UidValidity, uint NextUid, ulong? ModSeq = null);
