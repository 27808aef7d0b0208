namespace EmailTriage.Learning;

/// <summary>A label and its probability.</summary>
public sealed record LabelScore(string Label, double Probability);
