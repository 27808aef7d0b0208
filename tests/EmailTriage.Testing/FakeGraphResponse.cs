using System.Text.Json.Nodes;

namespace EmailTriage.Testing;

/// <summary>What one call answers, before it is written to HTTP or into a $batch answer: JSON, or bytes (a message's MIME).</summary>
internal sealed record FakeGraphResponse(int Status, JsonNode? Json = null, byte[]? Bytes = null, int? RetryAfterSeconds = null)
{
    public static FakeGraphResponse Ok(JsonNode json, int status = 200) => new(status, json);

    /// <summary>Graph's error envelope: <c>{"error": {"code", "message", "innerError"}}</c>.</summary>
    public static FakeGraphResponse Error(int status, string code, string message, int? retryAfterSeconds = null) => new(
        status,
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject { ["request-id"] = Guid.NewGuid().ToString(), ["date"] = DateTimeOffset.UtcNow.ToString("s") },
            },
        },
        RetryAfterSeconds: retryAfterSeconds);

    public static FakeGraphResponse NotFound(string message = "The specified object was not found in the store.") => Error(404, "ErrorItemNotFound", message);

    public static FakeGraphResponse BadRequest(string message) => Error(400, "BadRequest", message);

    public static FakeGraphResponse From(FakeGraphFault.Status fault) => Error(
        fault.Code,
        fault.ErrorCode.Length > 0 ? fault.ErrorCode : fault.Code switch
        {
            429 => "ApplicationThrottled",
            503 => "ServiceUnavailable",
            403 => "ErrorAccessDenied",
            _ => "InternalServerError",
        },
        fault.Code == 429 ? "Application is over its MailboxConcurrency limit." : $"The fake Graph server answered {fault.Code} as asked.",
        fault.RetryAfterSeconds);
}
