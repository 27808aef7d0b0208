namespace EmailTriage.Testing;

/// <summary>A thinking model: it spends <paramref name="Tokens"/> tokens reasoning before it answers, unless the request switches thinking off.</summary>
/// <param name="Tokens">Reasoning tokens, counted against the answer budget like answer tokens.</param>
/// <param name="Placement">Where the reasoning goes; null means where the server's <see cref="FakeLlmShape"/> puts it.</param>
public sealed record FakeLlmThinking(int Tokens, FakeLlmReasoningPlacement? Placement = null);
