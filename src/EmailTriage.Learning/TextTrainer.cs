namespace EmailTriage.Learning;

/// <summary>The multiclass trainers the text model can use; all give probabilities that sum to one.</summary>
public enum TextTrainer
{
    /// <summary>
    /// One linear SVM per label (hinge loss) solved to its optimum by stochastic dual coordinate ascent, their
    /// margins turned into probabilities by a softmax whose scale is measured on held-out mail: LinearSVC, in ML.NET.
    /// </summary>
    SdcaSvm,

    /// <summary>As <see cref="SdcaSvm"/> with the smoothed hinge loss (closer to LinearSVC's squared hinge).</summary>
    SdcaSmoothedSvm,

    /// <summary>Maximum entropy (softmax regression) by stochastic dual coordinate ascent.</summary>
    SdcaMaximumEntropy,

    /// <summary>Maximum entropy by L-BFGS.</summary>
    LbfgsMaximumEntropy,

    /// <summary>ML.NET's LinearSvm (Pegasos, a fixed number of stochastic passes) per label, Platt-calibrated.</summary>
    OneVersusAllSvm,
}
