using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EmailTriage.Testing;

/// <summary>
/// POST /$batch: JSON batching of up to <see cref="MaxBatchParts"/> requests, each with its own id, method, relative URL,
/// headers and body, answered with one response per request (status, headers, body), not in the order asked, as Graph
/// allows. A body that is not JSON (a message's MIME) is base64 in the answer, or text with <see cref="BatchValueAsText"/>.
/// </summary>
public sealed partial class FakeGraphServer
{
    private int _batches;

    private async Task HandleBatchAsync(HttpContext context, string? body, CancellationToken aborted)
    {
        var batch = Interlocked.Increment(ref _batches);
        var fault = NextFault(FakeGraphCall.Batch);
        if (fault is FakeGraphFault.Status status)
        {
            Log(new FakeGraphRequest(FakeGraphCall.Batch, "POST", "$batch", "", InBatch: false, status.Code));
            await WriteAsync(context, FakeGraphResponse.From(status));
            return;
        }

        if (fault is FakeGraphFault.HangBeforeApplying hang)
        {
            Log(new FakeGraphRequest(FakeGraphCall.Batch, "POST", "$batch", "", InBatch: false, 0));
            hang.Reached.TrySetResult();
            await WaitForeverAsync(aborted);
            return;
        }

        JsonArray requests;
        try
        {
            requests = ParseBody(body)?["requests"] as JsonArray ?? throw new FormatException("A batch needs a 'requests' array.");
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            Log(new FakeGraphRequest(FakeGraphCall.Batch, "POST", "$batch", "", InBatch: false, 400));
            await WriteAsync(context, FakeGraphResponse.BadRequest(ex.Message));
            return;
        }

        if (requests.Count > MaxBatchParts)
        {
            Log(new FakeGraphRequest(FakeGraphCall.Batch, "POST", "$batch", "", InBatch: false, 400, requests.Count));
            await WriteAsync(context, FakeGraphResponse.Error(400, "BadRequest", $"Number of requests in the batch ({requests.Count}) exceeds the limit of {MaxBatchParts}."));
            return;
        }

        var parts = requests.OfType<JsonObject>().Select(r => (
            Id: r["id"]?.GetValue<string>() ?? "",
            Method: r["method"]?.GetValue<string>() ?? "GET",
            Url: r["url"]?.GetValue<string>() ?? "",
            Headers: (r["headers"] as JsonObject)?.ToDictionary(h => h.Key, h => h.Value?.GetValue<string>() ?? "", StringComparer.OrdinalIgnoreCase) ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            Body: r["body"]?.ToJsonString())).ToList();

        // A message whose answer a batch cannot carry (see RefuseBatchesAsking): the batch fails as a whole.
        if (parts.Any(p => _refusedInBatches.Keys.Any(id => p.Url.Contains(Uri.EscapeDataString(id), StringComparison.Ordinal) || p.Url.Contains(id, StringComparison.Ordinal))))
        {
            Log(new FakeGraphRequest(FakeGraphCall.Batch, "POST", "$batch", "", InBatch: false, 500, parts.Count));
            await WriteAsync(context, FakeGraphResponse.Error(500, "InternalServerError", "The batch could not be completed."));
            return;
        }

        Log(new FakeGraphRequest(FakeGraphCall.Batch, "POST", "$batch", "", InBatch: false, 200, parts.Count, batch));
        var answers = new JsonArray();
        var after = fault;
        foreach (var part in parts)
        {
            var target = new Uri(new Uri("http://fake.invalid/v1.0/"), part.Url.TrimStart('/'));
            var path = target.AbsolutePath.TrimStart('/')[Version.Length..];
            var (response, partAfter) = await ExecuteAsync(part.Method, path, target.Query, part.Headers, part.Body, inBatch: true, aborted, batch);
            if (response is null)
            {
                return;
            }

            after ??= partAfter;
            answers.Insert(0, Part(part.Id, response));
        }

        await FinishAsync(context, after, async () =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["responses"] = answers }.ToJsonString(), Encoding.UTF8, aborted);
        }, aborted);
    }

    /// <summary>The batches whose requests were all calls of <paramref name="call"/>: how many each carried, in order.</summary>
    public IReadOnlyList<int> BatchesOf(FakeGraphCall call) =>
        [.. Requests.Where(r => r.InBatch).GroupBy(r => r.Batch).Where(g => g.All(r => r.Call == call)).Select(g => g.Count())];

    private JsonObject Part(string id, FakeGraphResponse response)
    {
        var headers = new JsonObject();
        if (response.RetryAfterSeconds is { } retryAfter)
        {
            headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        JsonNode? body = response.Json;
        if (response.Bytes is { } bytes)
        {
            headers["Content-Type"] = "text/plain";
            body = BatchValueAsText ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes);
        }
        else if (response.Json is not null)
        {
            headers["Content-Type"] = "application/json";
        }

        var part = new JsonObject { ["id"] = id, ["status"] = response.Status, ["headers"] = headers };
        if (body is not null)
        {
            part["body"] = body;
        }

        return part;
    }
}
