using Google.Apis.Util;

namespace EmailTriage.Gmail.Api;

/// <summary>users.messages.list: ids only, up to 500 a page.</summary>
internal sealed class ListMessagesRequest(GmailApi api, string userId) : GmailRequest<ListMessagesResponse>(api, userId)
{
    public const int MaxPageSize = 500;

    [RequestParameter("q", RequestParameterType.Query)]
    public string? Q { get; set; }

    /// <summary>Only messages carrying all of these label ids.</summary>
    [RequestParameter("labelIds", RequestParameterType.Query)]
    public Repeatable<string>? LabelIds { get; set; }

    [RequestParameter("maxResults", RequestParameterType.Query)]
    public long? MaxResults { get; set; }

    [RequestParameter("pageToken", RequestParameterType.Query)]
    public string? PageToken { get; set; }

    public override string MethodName => "list";

    public override string HttpMethod => "GET";

    public override string RestPath => "gmail/v1/users/{userId}/messages";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQuery("q");
        AddQuery("labelIds");
        AddQuery("maxResults");
        AddQuery("pageToken");
    }
}
