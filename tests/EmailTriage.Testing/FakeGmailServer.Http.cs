using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace EmailTriage.Testing;

/// <summary>Routing, faults, quota and the answer to one call, whether it came alone or inside a batch.</summary>
public sealed partial class FakeGmailServer
{
    private const string ApiPrefix = "gmail/v1/users/";

    /// <summary>When set, calls beyond this many quota units in the last minute get 429, as Gmail's per-user limit does.</summary>
    public int? QuotaUnitsPerMinute { get; set; }

    /// <summary>How many calls were answered 429 because of <see cref="QuotaUnitsPerMinute"/>.</summary>
    public int QuotaRejections { get; private set; }

    private readonly Queue<(long At, int Units)> _spent = new();

    private async Task HandleHttpAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").TrimStart('/');
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method) && path is "batch" or "batch/gmail/v1")
        {
            await HandleBatchAsync(context, path);
            return;
        }

        if (HttpMethods.IsPost(method) && path == "token")
        {
            await HandleTokenAsync(context);
            return;
        }

        string? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var query = context.Request.QueryString.Value ?? "";
        if (!IsAuthorized(context))
        {
            Log(Route(method, path).Call, method, path, query, inBatch: false, body, 401);
            await WriteAsync(context, Unauthorized());
            return;
        }

        var response = await ExecuteAsync(method, path, query, body, inBatch: false, context.RequestAborted);
        await WriteAsync(context, response);
    }

    /// <param name="forced">A fault to answer instead of whatever is queued (every part of a batch faulted at once).</param>
    private async Task<FakeGmailResponse> ExecuteAsync(string method, string path, string query, string? body, bool inBatch, CancellationToken cancellationToken, FakeGmailFault? forced = null)
    {
        var (call, messageId) = Route(method, path);
        var fault = forced ?? (call == FakeGmailCall.Unknown ? null : NextFault(call, call == FakeGmailCall.MessagesGet ? messageId : null));
        if (fault is FakeGmailFault.Slow slow)
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            await Task.Delay(slow.Delay, cancellation.Token);
            fault = null;
        }

        FakeGmailResponse response;
        if (fault is not null)
        {
            response = FakeGmailResponse.From(fault);
        }
        else if (!SpendQuota(call))
        {
            response = FakeGmailResponse.Error(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'.", 1);
        }
        else
        {
            try
            {
                response = Answer(call, messageId, QueryHelpers.ParseQuery(query), body);
            }
            catch (FormatException ex)
            {
                response = FakeGmailResponse.BadRequest(ex.Message);
            }
            catch (System.Text.Json.JsonException ex)
            {
                response = FakeGmailResponse.BadRequest("Invalid JSON payload received. " + ex.Message);
            }
        }

        Log(call, method, path, query, inBatch, body, response.Status);
        return response;
    }

    private static (FakeGmailCall Call, string? MessageId) Route(string method, string path)
    {
        var segments = path.StartsWith(ApiPrefix, StringComparison.Ordinal) ? path[ApiPrefix.Length..].Split('/') : [];
        var get = HttpMethods.IsGet(method);
        var post = HttpMethods.IsPost(method);
        return segments switch
        {
            [_, "profile"] when get => (FakeGmailCall.GetProfile, null),
            [_, "labels"] when get => (FakeGmailCall.LabelsList, null),
            [_, "labels"] when post => (FakeGmailCall.LabelsCreate, null),
            [_, "messages"] when get => (FakeGmailCall.MessagesList, null),
            [_, "messages", "batchModify"] when post => (FakeGmailCall.MessagesBatchModify, null),
            [_, "messages", var id] when get => (FakeGmailCall.MessagesGet, Uri.UnescapeDataString(id)),
            [_, "messages", var id, "modify"] when post => (FakeGmailCall.MessagesModify, Uri.UnescapeDataString(id)),
            [_, "history"] when get => (FakeGmailCall.HistoryList, null),
            _ => (FakeGmailCall.Unknown, null),
        };
    }

    private FakeGmailResponse Answer(FakeGmailCall call, string? messageId, Dictionary<string, StringValues> query, string? body)
    {
        lock (_gate)
        {
            return call switch
            {
                FakeGmailCall.GetProfile => ProfileLocked(),
                FakeGmailCall.LabelsList => ListLabelsLocked(),
                FakeGmailCall.LabelsCreate => CreateLabelLocked(body),
                FakeGmailCall.MessagesList => ListMessagesLocked(query),
                FakeGmailCall.MessagesGet => GetMessageLocked(messageId!, query),
                FakeGmailCall.MessagesBatchModify => BatchModifyLocked(body),
                FakeGmailCall.MessagesModify => ModifyLocked(messageId!, body),
                FakeGmailCall.HistoryList => ListHistoryLocked(query),
                _ => FakeGmailResponse.NotFound("Not found: the fake Gmail server does not serve this path."),
            };
        }
    }

    // Gmail's published costs per call; a batch costs what its parts cost.
    private static int Units(FakeGmailCall call) => call switch
    {
        FakeGmailCall.LabelsList => 1,
        FakeGmailCall.GetProfile => 1,
        FakeGmailCall.HistoryList => 2,
        FakeGmailCall.MessagesBatchModify => 50,
        FakeGmailCall.LabelsCreate or FakeGmailCall.MessagesList or FakeGmailCall.MessagesGet or FakeGmailCall.MessagesModify => 5,
        _ => 0,
    };

    private bool SpendQuota(FakeGmailCall call)
    {
        if (QuotaUnitsPerMinute is not { } limit || Units(call) == 0)
        {
            return true;
        }

        lock (_gate)
        {
            var now = Environment.TickCount64;
            while (_spent.TryPeek(out var oldest) && now - oldest.At >= 60_000)
            {
                _spent.Dequeue();
            }

            if (_spent.Sum(s => s.Units) + Units(call) > limit)
            {
                QuotaRejections++;
                return false;
            }

            _spent.Enqueue((now, Units(call)));
            return true;
        }
    }

    private static async Task WriteAsync(HttpContext context, FakeGmailResponse response)
    {
        context.Response.StatusCode = response.Status;
        if (response.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=UTF-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(), Encoding.UTF8, context.RequestAborted);
        }
    }

    private static JsonNode? ParseBody(string? body) => string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
}
