namespace EmailTriage.Evaluation;

/// <summary>The messages a <see cref="ISamplingLabelledMailbox"/> chose, and how many labelled messages it had to choose from.</summary>
public sealed record LabelledSample(IReadOnlyList<LabelledMessage> Messages, int Available);
