using Microsoft.Extensions.Configuration;

namespace EmailTriage.Learning;

/// <summary>How the learned model is trained and how sure it must be to decide alone.</summary>
public sealed class LearningOptions
{
    /// <summary>
    /// The precision the model's lone decisions must reach on held-out mail. 1 means it never decides alone;
    /// 0 means it decides everything (for measuring, or for users without an LLM).
    /// </summary>
    [ConfigurationKeyName("LEARNED_TARGET_PRECISION")]
    public double TargetPrecision { get; set; } = 0.95;

    /// <summary>The newest share of the training mail (by Date) held out to choose the blend and the gate.</summary>
    public double HoldoutShare { get; set; } = 0.2;

    /// <summary>Labels with fewer examples than this are named in the report as too few to learn well.</summary>
    public int FewestExamplesPerLabel { get; set; } = 5;

    public TextTrainer Trainer { get; set; } = TextTrainer.OneVersusAllSvm;

    /// <summary>The trainer's L2 regularisation (the SVM's lambda, 0.001 when null); null lets the other trainers choose.</summary>
    public float? L2Regularization { get; set; }
}
