namespace EmailTriage.Filing;

/// <summary>
/// One label of a learned model as it stands now: its examples, how its recent lone decisions fared with the user (the
/// monitor's window), whether it may decide alone, and why not.
/// </summary>
/// <param name="Judged">Lone decisions of this label whose fate the user's later acts showed, the last 20 at most.</param>
/// <param name="Right">How many of those were right.</param>
/// <param name="Because">Why the label does not decide alone; null when it may.</param>
public sealed record FilingLabelStatus(string Label, int Examples, int Judged, int Right, bool MayDecideAlone, string? Because)
{
    /// <summary>Right over judged: the label's live precision; null before any lone decision was judged.</summary>
    public double? LivePrecision => Judged == 0 ? null : (double)Right / Judged;
}
