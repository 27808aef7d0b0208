namespace EmailTriage.Gmail.Api;

/// <summary>users.labels.create; answers 409 when a label of that name exists, whatever its case.</summary>
internal sealed class CreateLabelRequest(GmailApi api, string userId, Label body) : GmailRequest<Label>(api, userId)
{
    public override string MethodName => "create";

    public override string HttpMethod => "POST";

    public override string RestPath => "gmail/v1/users/{userId}/labels";

    protected override object GetBody() => body;
}
