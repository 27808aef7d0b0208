using Google.Apis.Util;

namespace EmailTriage.Gmail.Api;

/// <summary>users.history.list: changes after <see cref="StartHistoryId"/>, oldest first; 404 when that id has expired.</summary>
internal sealed class ListHistoryRequest(GmailApi api, string userId) : GmailRequest<ListHistoryResponse>(api, userId)
{
    public const int MaxPageSize = 500;

    public const string LabelAdded = "labelAdded";
    public const string LabelRemoved = "labelRemoved";

    [RequestParameter("startHistoryId", RequestParameterType.Query)]
    public ulong? StartHistoryId { get; set; }

    /// <summary>Only records of these kinds: messageAdded, messageDeleted, labelAdded, labelRemoved.</summary>
    [RequestParameter("historyTypes", RequestParameterType.Query)]
    public Repeatable<string>? HistoryTypes { get; set; }

    /// <summary>Only changes to messages carrying this label.</summary>
    [RequestParameter("labelId", RequestParameterType.Query)]
    public string? LabelId { get; set; }

    [RequestParameter("maxResults", RequestParameterType.Query)]
    public long? MaxResults { get; set; }

    [RequestParameter("pageToken", RequestParameterType.Query)]
    public string? PageToken { get; set; }

    public override string MethodName => "list";

    public override string HttpMethod => "GET";

    public override string RestPath => "gmail/v1/users/{userId}/history";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQuery("startHistoryId");
        AddQuery("historyTypes");
        AddQuery("labelId");
        AddQuery("maxResults");
        AddQuery("pageToken");
    }
}
