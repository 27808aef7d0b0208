namespace EmailTriage.Learning;

/// <summary>The multiclass trainers the text model can use; all give probabilities that sum to one.</summary>
public enum TextTrainer
{
    /// <summary>Maximum entropy (softmax regression) by stochastic dual coordinate ascent.</summary>
    SdcaMaximumEntropy,

    /// <summary>Maximum entropy by L-BFGS.</summary>
    LbfgsMaximumEntropy,

    /// <summary>One linear SVM per label, each calibrated to a probability (Platt), normalised over labels.</summary>
    OneVersusAllSvm,
}
