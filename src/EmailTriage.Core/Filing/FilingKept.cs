namespace EmailTriage.Filing;

/// <summary>
/// What <c>learn</c> kept of the model it replaced: what the user taught that model in the mailbox, which the mailbox
/// never offers again (it was marked seen), so training afresh on filed mail alone would lose it.
/// </summary>
/// <param name="Corrections">Labels the user changed after the app set them.</param>
/// <param name="Filings">Messages the user filed by hand, learned by triage runs.</param>
/// <param name="OutsideLabelSet">Of those, how many are under labels not in the label file: kept aside until the label is back.</param>
/// <param name="Unreadable">Why the model that was there could not be read, so nothing of it was kept; null when it was read (or there was none).</param>
public sealed record FilingKept(int Corrections, int Filings, int OutsideLabelSet, string? Unreadable = null);
