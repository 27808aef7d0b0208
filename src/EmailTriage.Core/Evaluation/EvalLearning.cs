namespace EmailTriage.Evaluation;

/// <summary>
/// How eval uses a learned model: trained on the oldest <see cref="Split"/> of the truth set by Date and measured on the
/// rest; with <see cref="Replay"/>, the rest is replayed in date order and each message's truth is revealed after it is
/// decided, as a user's filing would be. <see cref="ModelFile"/> names a model to measure as it is instead.
/// </summary>
public sealed record EvalLearning(double? Split, bool Replay, string? ModelFile)
{
    public static EvalLearning None { get; } = new(null, false, null);

    public bool Trains => Split is not null;
}
