namespace EmailTriage.Learning;

/// <summary>Our part of the model file, as JSON: everything but the ML.NET model itself.</summary>
internal sealed class LearnedModelState
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public string LabelSetIdentity { get; set; } = string.Empty;

    public List<string> Labels { get; set; } = [];

    public BlendWeights Weights { get; set; } = BlendWeights.None;

    public ConfidenceGate Gate { get; set; } = new();

    public TrainingReport Report { get; set; } = new();

    public SenderMemory Senders { get; set; } = new();

    public ThreadMemory Threads { get; set; } = new();
}
