namespace EmailTriage.Testing;

/// <summary>One chat message as received; array-of-parts content is flattened to its text.</summary>
public sealed record FakeLlmChatMessage(string Role, string Content);
