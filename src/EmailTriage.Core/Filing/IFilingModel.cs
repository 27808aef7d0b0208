using EmailTriage.Mail;

namespace EmailTriage.Filing;

/// <summary>
/// One mailbox's model learned from the user's own filing (EmailTriage.Learning implements it). It is asked after the
/// rules and before the LLM, learns from each filing and correction at once, and retrains on its own cadence.
/// </summary>
public interface IFilingModel
{
    /// <summary>The labels the model was built for: the label file's, when it was loaded or trained.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>What it was trained on and measured on held-out mail.</summary>
    FilingModelReport Report { get; }

    /// <summary>
    /// The model's guess. A guess that decides alone (or would have, but its label is paused) is remembered until the user's
    /// later filing or correction of the message shows whether it was right: that is what keeps the gate honest on later mail.
    /// </summary>
    FilingGuess Guess(MailMessage message);

    /// <summary>
    /// The run applied <paramref name="label"/> to <paramref name="message"/>, whichever source decided it. Lets the model
    /// judge a guess it held back (its label paused) once that label stood; hosts that never call it lose only that.
    /// </summary>
    void Applied(MailMessage message, string label)
    {
    }

    /// <summary>
    /// The user filed or corrected this message: sender and thread memory learn it now, the text model at the next retrain.
    /// Under a label the model was not built for (not in the label file), it is kept aside in the model, teaching nothing
    /// until a label file has that label again. False when it was known already (or the model cannot keep it).
    /// </summary>
    bool Learn(FiledMessage filing);

    /// <summary>Retrains when enough was learned (see LEARNED_RETRAIN_EVERY), at most LEARNED_MAX_RETRAINS_PER_RUN times per run; true when it did.</summary>
    bool RetrainIfDue(CancellationToken cancellationToken);

    /// <summary>A new run starts (eval's replay treats each message as one): the per-run retrain limit counts from here.</summary>
    void BeginRun();

    /// <summary>How many times this model retrained since it was opened.</summary>
    int Retrains { get; }

    /// <summary>Whether something was learned since the model was opened or saved.</summary>
    bool Changed { get; }
}
