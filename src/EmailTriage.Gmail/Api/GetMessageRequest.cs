using Google.Apis.Util;

namespace EmailTriage.Gmail.Api;

/// <summary>users.messages.get, as <c>raw</c> (the RFC 822 bytes) or <c>metadata</c> (chosen headers).</summary>
internal sealed class GetMessageRequest(GmailApi api, string userId, string id) : GmailRequest<Message>(api, userId)
{
    [RequestParameter("id", RequestParameterType.Path)]
    public string Id { get; } = id;

    [RequestParameter("format", RequestParameterType.Query)]
    public MessageFormat? Format { get; set; }

    /// <summary>With <see cref="MessageFormat.Metadata"/>: only these headers.</summary>
    [RequestParameter("metadataHeaders", RequestParameterType.Query)]
    public Repeatable<string>? MetadataHeaders { get; set; }

    public override string MethodName => "get";

    public override string HttpMethod => "GET";

    public override string RestPath => "gmail/v1/users/{userId}/messages/{id}";

    protected override void InitParameters()
    {
        base.InitParameters();
        AddPath("id");
        AddQuery("format");
        AddQuery("metadataHeaders");
    }
}
