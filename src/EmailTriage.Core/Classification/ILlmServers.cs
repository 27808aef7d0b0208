namespace EmailTriage.Classification;

/// <summary>
/// The OpenAI-compatible servers of this process as the chain's LLM step sees them: a chat goes in, an answer comes back
/// with the server that gave it. EmailTriage.Llm implements it (servers, pools, the fallback provider, dialects).
/// </summary>
public interface ILlmServers
{
    /// <summary>The primary model, for reports.</summary>
    string Model { get; }

    /// <summary>The primary servers' endpoints without credentials, for reports.</summary>
    string DisplayEndpoints { get; }

    /// <param name="labelSchema">The JSON schema the answer must follow: an object whose label is one of the configured names.</param>
    /// <param name="continuing">An earlier reply in this conversation: the next turn goes to the provider that gave it.</param>
    Task<LlmReply> CompleteAsync(IReadOnlyList<ChatTurn> turns, string labelSchema, LlmReply? continuing, CancellationToken cancellationToken);
}
