namespace EmailTriage.Learning;

/// <summary>What one sender's mail did: the newest filings, and the user's last correction if it still holds.</summary>
internal sealed class SenderHistory
{
    public List<SenderFiling> Filings { get; init; } = [];

    public SenderFiling? Correction { get; set; }
}
