using EmailTriage.Configuration;
using EmailTriage.Gmail.Api;
using EmailTriage.Labels;

namespace EmailTriage.Gmail;

/// <summary>
/// Gmail's own labels (INBOX, SPAM, CATEGORY_SOCIAL, ...). Their names are reserved: labels.create refuses them
/// with "Invalid label name", and a configured label must never be matched to one, or triage would move mail into
/// the spam folder or the trash instead of labelling it.
/// </summary>
internal static class GmailSystemLabels
{
    private static readonly HashSet<string> Reserved = new(
        ["INBOX", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "SENT", "DRAFT", "CHAT"],
        StringComparer.OrdinalIgnoreCase);

    private const string CategoryPrefix = "CATEGORY_";

    public static bool IsReserved(string name) =>
        Reserved.Contains(name.Trim()) || name.Trim().StartsWith(CategoryPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Only labels the user (or a run) made can be a configured label; system ones never are.</summary>
    public static bool IsUserLabel(Label label) => string.Equals(label.Type, "user", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stops before any call when a configured label has a name Gmail keeps for itself.</summary>
    public static void ThrowIfAnyReserved(LabelConfig labels)
    {
        var reserved = labels.AllNames.Where(IsReserved).ToList();
        if (reserved.Count > 0)
        {
            var one = reserved.Count == 1;
            throw new SettingsException(
                $"{(one ? "Label" : "Labels")} {string.Join(", ", reserved.Select(n => $"'{n}'"))} in {labels.SourcePath} " +
                $"{(one ? "is the name of a Gmail system label" : "are names of Gmail system labels")} " +
                "(INBOX, SPAM, TRASH, UNREAD, STARRED, IMPORTANT, SENT, DRAFT, CHAT, CATEGORY_*), which Gmail does not allow as a label name. " +
                $"Rename {(one ? "it" : "them")} in the label file (LABEL_CONFIG_FILE), e.g. 'Spam' to 'Junk', and run again.");
        }
    }
}
