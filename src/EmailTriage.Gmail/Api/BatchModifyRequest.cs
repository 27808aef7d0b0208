namespace EmailTriage.Gmail.Api;

/// <summary>users.messages.batchModify: add and remove label ids on up to 1,000 messages; answers 204.</summary>
internal sealed class BatchModifyRequest(GmailApi api, string userId, BatchModifyMessagesRequest body) : GmailRequest<string>(api, userId)
{
    public const int MaxIds = 1000;

    public override string MethodName => "batchModify";

    public override string HttpMethod => "POST";

    public override string RestPath => "gmail/v1/users/{userId}/messages/batchModify";

    protected override object GetBody() => body;
}
