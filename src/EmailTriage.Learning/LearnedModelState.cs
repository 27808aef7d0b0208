namespace EmailTriage.Learning;

/// <summary>Our part of the model file, as JSON: everything but the ML.NET model itself.</summary>
internal sealed class LearnedModelState
{
    // 2: our own TF-IDF vocabulary and the kept examples; version 1 files cannot be retrained, so they are refused.
    public const int CurrentVersion = 2;

    public int Version { get; set; } = CurrentVersion;

    public string LabelSetIdentity { get; set; } = string.Empty;

    public List<string> Labels { get; set; } = [];

    public BlendWeights Weights { get; set; } = BlendWeights.None;

    public ConfidenceGate Gate { get; set; } = new();

    /// <summary>The gate for mail nothing filed speaks for; null in files written before it existed (the main gate then serves for all mail).</summary>
    public ConfidenceGate? NovelGate { get; set; }

    /// <summary>The held-out decisions the gates were chosen on; null in files written before they were kept.</summary>
    public List<HeldOutDecision>? HeldOut { get; set; }

    /// <summary>How the labels' recent lone decisions fared and which wait for the user; null in files written before the monitor existed.</summary>
    public GateMonitor? Monitor { get; set; }

    public TrainingReport Report { get; set; } = new();

    public SenderMemory Senders { get; set; } = new();

    public ThreadMemory Threads { get; set; } = new();

    public int BodyChars { get; set; }

    /// <summary>How the SVMs' margins become probabilities; null for trainers that give probabilities.</summary>
    public PlattCalibration? Calibration { get; set; }

    public TfidfVocabulary Vocabulary { get; set; } = new();

    public List<FiledExample> Examples { get; set; } = [];

    /// <summary>Examples under labels the model does not have, kept for when the label file has them again; null in files written before they were kept.</summary>
    public List<FiledExample>? Aside { get; set; }

    /// <summary>Keys of the examples added or changed since the text model was fitted.</summary>
    public List<string> Pending { get; set; } = [];
}
