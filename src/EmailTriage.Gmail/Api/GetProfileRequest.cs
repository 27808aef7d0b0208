namespace EmailTriage.Gmail.Api;

/// <summary>users.getProfile: the account's address, which names the mailbox however the API was reached.</summary>
internal sealed class GetProfileRequest(GmailApi api, string userId) : GmailRequest<Profile>(api, userId)
{
    public override string MethodName => "getProfile";

    public override string HttpMethod => "GET";

    public override string RestPath => "gmail/v1/users/{userId}/profile";
}
