namespace EmailTriage.Gmail.Api;

/// <summary>users.labels.list: every label of the mailbox, system and user, in one page.</summary>
internal sealed class ListLabelsRequest(GmailApi api, string userId) : GmailRequest<ListLabelsResponse>(api, userId)
{
    public override string MethodName => "list";

    public override string HttpMethod => "GET";

    public override string RestPath => "gmail/v1/users/{userId}/labels";
}
