namespace EmailTriage.Classification;

/// <summary>One message of a chat: who speaks (system, user, assistant) and what they say.</summary>
public readonly record struct ChatTurn(string Role, string Content)
{
    public static ChatTurn System(string content) => new("system", content);

    public static ChatTurn User(string content) => new("user", content);

    public static ChatTurn Assistant(string content) => new("assistant", content);
}
