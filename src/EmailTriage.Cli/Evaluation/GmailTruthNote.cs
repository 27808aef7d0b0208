using EmailTriage.Gmail;

namespace EmailTriage.Cli.Evaluation;

/// <summary>The line <c>eval --mailbox gmail</c> prints before the figures: what the Gmail truth left out, so a small set is not mistaken for a good one.</summary>
internal static class GmailTruthNote
{
    public static string Describe(GmailTruthSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var note = $"Gmail truth: {summary.Labelled} message(s) carry exactly one configured label";
        if (summary.Ambiguous > 0)
        {
            note += $"; {summary.Ambiguous} carrying two or more were left out";
        }

        if (summary.NotInGmail.Count > 0)
        {
            note += $"; not in Gmail, so without truth: {string.Join(", ", summary.NotInGmail)}";
        }

        if (summary.Unreadable > 0)
        {
            note += $"; {summary.Unreadable} of the {summary.Chosen} chosen could not be fetched and were left out";
        }

        return note + ".";
    }
}
