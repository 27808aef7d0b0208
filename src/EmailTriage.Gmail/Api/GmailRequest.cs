using Google.Apis.Discovery;
using Google.Apis.Requests;
using Google.Apis.Util;

namespace EmailTriage.Gmail.Api;

/// <summary>A request under <c>gmail/v1/users/{userId}/</c>; every Gmail call has the user in its path.</summary>
internal abstract class GmailRequest<TResponse> : ClientServiceRequest<TResponse>
{
    protected GmailRequest(GmailApi api, string userId)
        : base(api)
    {
        UserId = userId;

        // Google.Apis builds the URL from this table, and (like the generated clients) fills it on construction.
        // The overrides only add names, so running them before a subclass's constructor body is safe.
        InitParameters();
    }

    [RequestParameter("userId", RequestParameterType.Path)]
    public string UserId { get; }

    protected override void InitParameters()
    {
        base.InitParameters();
        AddPath("userId", defaultValue: "me");
    }

    protected void AddPath(string name, string? defaultValue = null) =>
        RequestParameters.Add(name, new Parameter { Name = name, IsRequired = true, ParameterType = "path", DefaultValue = defaultValue });

    protected void AddQuery(string name) =>
        RequestParameters.Add(name, new Parameter { Name = name, IsRequired = false, ParameterType = "query" });
}
