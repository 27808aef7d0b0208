using System.Text.Json.Nodes;

namespace EmailTriage.Testing;

/// <summary>What one call answers, before it is written to HTTP directly or as a part of a batch answer.</summary>
internal sealed record FakeGmailResponse(int Status, JsonNode? Body, int? RetryAfterSeconds = null)
{
    public static FakeGmailResponse Ok(JsonNode body) => new(200, body);

    public static FakeGmailResponse NoContent { get; } = new(204, null);

    /// <summary>Google's error envelope: <c>{"error": {"code", "message", "errors": [{"domain", "reason", "message"}], "status"}}</c>.</summary>
    public static FakeGmailResponse Error(int code, string status, string reason, string message, int? retryAfterSeconds = null, string domain = "global") =>
        new(code, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = domain, ["reason"] = reason }),
                ["status"] = status,
            },
        }, retryAfterSeconds);

    public static FakeGmailResponse NotFound(string message = "Requested entity was not found.") => Error(404, "NOT_FOUND", "notFound", message);

    public static FakeGmailResponse BadRequest(string message) => Error(400, "INVALID_ARGUMENT", "invalidArgument", message);

    public static FakeGmailResponse From(FakeGmailFault fault) => fault switch
    {
        FakeGmailFault.TooManyRequests f => Error(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Resource has been exhausted (e.g. check quota).", f.RetryAfterSeconds),
        FakeGmailFault.RateLimitExceeded f => Error(403, "PERMISSION_DENIED", f.PerUser ? "userRateLimitExceeded" : "rateLimitExceeded", f.PerUser ? "User Rate Limit Exceeded" : "Rate Limit Exceeded", domain: "usageLimits"),
        FakeGmailFault.Forbidden => Error(403, "PERMISSION_DENIED", "forbidden", "The caller does not have permission"),
        FakeGmailFault.ServerError => Error(500, "INTERNAL", "backendError", "Internal error encountered."),
        FakeGmailFault.Unavailable f => Error(503, "UNAVAILABLE", "backendError", "The service is currently unavailable.", f.RetryAfterSeconds),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Not an error fault."),
    };
}
