namespace EmailTriage.Gmail;

/// <summary>What <see cref="GmailLabelledMailbox"/> found: how much of the mailbox could serve as truth, and why the rest could not.</summary>
/// <param name="Labelled">Messages carrying exactly one configured label: the truth set before sampling.</param>
/// <param name="Ambiguous">Messages carrying two or more configured labels, left out because their truth is unclear.</param>
/// <param name="NotInGmail">Configured labels that do not exist in Gmail, so no message has them as truth.</param>
/// <param name="Chosen">Messages chosen to fetch (all, or the sample).</param>
/// <param name="Unreadable">Chosen messages whose content could not be fetched; they are left out.</param>
internal sealed record GmailTruthSummary(int Labelled, int Ambiguous, IReadOnlyList<string> NotInGmail, int Chosen, int Unreadable)
{
    /// <summary>The line <c>eval --mailbox gmail</c> prints before the figures.</summary>
    public string Describe()
    {
        var note = $"Gmail truth: {Labelled} message(s) carry exactly one configured label";
        if (Ambiguous > 0)
        {
            note += $"; {Ambiguous} carrying two or more were left out";
        }

        if (NotInGmail.Count > 0)
        {
            note += $"; not in Gmail, so without truth: {string.Join(", ", NotInGmail)}";
        }

        if (Unreadable > 0)
        {
            note += $"; {Unreadable} of the {Chosen} chosen could not be fetched and were left out";
        }

        return note + ".";
    }
}
