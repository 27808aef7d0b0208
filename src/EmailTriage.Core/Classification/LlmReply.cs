namespace EmailTriage.Classification;

/// <summary>One answer and who gave it: the server (<c>model@host:port</c>), its model, and its thinking budget.</summary>
public sealed record LlmReply(ChatAnswer Answer, string Server, string Model, int ThinkingBudget)
{
    /// <summary>The provider that answered, so a later turn of the same conversation goes to it; opaque outside the transport.</summary>
    public object? Route { get; init; }
}
