namespace EmailTriage.Gmail.Api;

/// <summary>users.labels.*, users.messages.* and users.history.list, the way the generated clients spell them.</summary>
internal sealed class GmailUsers(GmailApi api)
{
    public GmailLabels Labels { get; } = new(api);

    public GmailMessages Messages { get; } = new(api);

    public GmailHistory History { get; } = new(api);

    public GetProfileRequest GetProfile(string userId) => new(api, userId);
}

internal sealed class GmailLabels(GmailApi api)
{
    public ListLabelsRequest List(string userId) => new(api, userId);

    public CreateLabelRequest Create(Label body, string userId) => new(api, userId, body);
}

internal sealed class GmailMessages(GmailApi api)
{
    public ListMessagesRequest List(string userId) => new(api, userId);

    public GetMessageRequest Get(string userId, string id) => new(api, userId, id);

    public BatchModifyRequest BatchModify(BatchModifyMessagesRequest body, string userId) => new(api, userId, body);
}

internal sealed class GmailHistory(GmailApi api)
{
    public ListHistoryRequest List(string userId) => new(api, userId);
}
