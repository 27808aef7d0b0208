namespace EmailTriage.Learning;

/// <summary>A label and how likely the model finds it for one message.</summary>
public sealed record LabelProbability(string Label, double Probability);
