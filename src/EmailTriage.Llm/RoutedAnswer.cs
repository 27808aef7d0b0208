namespace EmailTriage.Llm;

/// <summary>An answer and where it came from: the provider (for the corrective turn) and the server (for the record).</summary>
internal sealed record RoutedAnswer(ChatAnswer Answer, LlmServerPool Provider, LlmServer Server);
