using System.Globalization;
using EmailTriage.Filing;
using EmailTriage.Labels;
using EmailTriage.Mail;

namespace EmailTriage.Classification;

/// <summary>
/// The one classifier chain, for triage, eval, <c>classify</c> and <c>POST /api/classify</c> alike: unreadable mail gets
/// the fallback, rules decide for free, the model learned from the user's filing decides when it is sure enough (at or
/// above the gate measured on held-out mail), the LLM decides the rest, and an LLM answer outside the labels gets the
/// fallback. Without an LLM the rest is deferred, not failed. An LLM that cannot be reached throws (<see cref="LlmException"/>):
/// whether that stops a run or fails one message is the caller's to say.
/// </summary>
internal sealed class MessageClassifier(LabelConfig labels, LlmClassifier? llm, IFilingModel? learned = null)
{
    private readonly RuleClassifier _rules = new(labels);

    public LabelConfig Labels => labels;

    public bool HasLlm => llm is not null;

    public IFilingModel? Learned => learned;

    public Task<Decision> ClassifyAsync(MailMessage message, CancellationToken cancellationToken) => ClassifyAsync(message, llmStopped: null, cancellationToken);

    /// <param name="llmStopped">Why the LLM may not be asked any more in this run (it cannot be reached): what the rules
    /// and the learned model decide is still decided, and the rest is deferred with this reason.</param>
    public async Task<Decision> ClassifyAsync(MailMessage message, string? llmStopped, CancellationToken cancellationToken)
    {
        if (message.Problem is { } problem && message.Subject.Length == 0 && message.FromAddress.Length == 0 && message.Body.Length == 0)
        {
            return Fallback(Decision.Failed($"message could not be read: {problem}"));
        }

        if (_rules.Classify(message) is { } byRule)
        {
            return byRule;
        }

        var guess = learned?.Guess(message);
        if (guess is { Decided: true } && labels.Canonical(guess.Label) is { } known)
        {
            return With(new Decision(known, DecisionSource.Learned, $"learned: {guess.Evidence}, confidence {Format(guess.Confidence)}"), guess);
        }

        if (llm is not null && llmStopped is not null)
        {
            return With(Decision.Deferred($"left for the next run: {llmStopped}"), guess);
        }

        if (llm is null)
        {
            var waiting = guess is null
                ? "left for an LLM: LLM_BASE_URL is not set"
                : $"left for an LLM: the learned model is not sure enough ({guess.Label} at {Format(guess.Confidence)}, gate {Format(guess.Gate)}) and LLM_BASE_URL is not set";
            return With(Decision.Deferred(waiting), guess);
        }

        var decision = await llm.ClassifyAsync(message, cancellationToken);
        return With(decision.Label is null ? Fallback(decision) : decision, guess);
    }

    /// <summary>The configured fallback label for a message that could not be decided, with the reason; without one it stays failed.</summary>
    private Decision Fallback(Decision failed) =>
        labels.Fallback is { } fallback ? failed with { Label = fallback, Source = DecisionSource.Fallback } : failed;

    // What the learned model thought goes with every decision it was asked for: a reviewer sees its likely labels.
    private static Decision With(Decision decision, FilingGuess? guess) =>
        guess is null ? decision : decision with { Confidence = guess.Confidence, Gate = guess.Gate, Likely = guess.Likely };

    private static string Format(double confidence) =>
        double.IsFinite(confidence) ? confidence.ToString("0.00", CultureInfo.InvariantCulture) : "closed";
}
