using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EmailTriage.Testing;

/// <summary>Writes response bodies in OpenAI's wire format.</summary>
internal static class OpenAiResponses
{
    // Keeps non-ASCII labels readable in captured bodies; the output is still valid JSON.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions NodeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="body"/> (JSON <c>null</c> when null) with the same escaping as every other body.</summary>
    public static async Task NodeAsync(HttpContext context, int status, JsonNode? body)
    {
        var bytes = Encoding.UTF8.GetBytes(body?.ToJsonString(NodeOptions) ?? "null");
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>The content a structured-output model would produce for <paramref name="answer"/>.</summary>
    public static string LabelObject(string answer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("label", answer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Task ModelsAsync(HttpContext context, IEnumerable<string> models) =>
        JsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var model in models)
            {
                w.WriteStartObject();
                w.WriteString("id", model);
                w.WriteString("object", "model");
                w.WriteNumber("created", 0);
                w.WriteString("owned_by", "fake");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

    public static Task HealthAsync(HttpContext context) =>
        JsonAsync(context, StatusCodes.Status200OK, w => w.WriteString("status", "ok"));

    public static Task UnauthorizedAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status401Unauthorized,
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error", "invalid_api_key");

    public static Task ModelNotFoundAsync(HttpContext context, string model) =>
        ErrorAsync(context, StatusCodes.Status404NotFound,
            $"The model `{model}` does not exist or you do not have access to it.",
            "invalid_request_error", "model_not_found");

    public static Task RateLimitedAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ErrorAsync(context, StatusCodes.Status429TooManyRequests,
            $"Rate limit reached for requests. Please try again in {retryAfterSeconds}s.",
            "requests", "rate_limit_exceeded");
    }

    public static Task ServerErrorAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status500InternalServerError,
            "The server had an error while processing your request. Sorry about that!",
            "server_error", "server_error");

    public static Task BadRequestAsync(HttpContext context, string message) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, message, "invalid_request_error", "invalid_request_error");

    public static Task GarbageAsync(HttpContext context)
    {
        // Claims to be JSON so clients that trust Content-Type actually try to parse it.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>", context.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string type, string code) =>
        JsonAsync(context, status, w =>
        {
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            w.WriteNull("param");
            w.WriteString("code", code);
            w.WriteEndObject();
        });

    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
