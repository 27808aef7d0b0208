using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace EmailTriage.Testing;

/// <summary>Routing, bearer tokens, latency, faults and the answer to one call, whether it came alone or inside a $batch.</summary>
public sealed partial class FakeGraphServer
{
    private const string Version = "v1.0/";

    private async Task HandleHttpAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").TrimStart('/');
        path = path.StartsWith(Version, StringComparison.Ordinal) ? path[Version.Length..] : path;
        var method = context.Request.Method;
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, aborted.Token);
        }

        if (!IsAuthorized(context.Request.Headers.Authorization))
        {
            Log(new FakeGraphRequest(path == "$batch" ? FakeGraphCall.Batch : Route(method, path).Call, method, path, context.Request.QueryString.Value ?? "", InBatch: false, 401));
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"invalid_token\"";
            await WriteAsync(context, FakeGraphResponse.Error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid."));
            return;
        }

        string? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(aborted.Token);
        }

        if (HttpMethods.IsPost(method) && path == "$batch")
        {
            await HandleBatchAsync(context, body, aborted.Token);
            return;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var (response, after) = await ExecuteAsync(method, path, context.Request.QueryString.Value ?? "", headers, body, inBatch: false, aborted.Token);
        if (response is null)
        {
            return;
        }

        await FinishAsync(context, after, () => WriteAsync(context, response), aborted.Token);
    }

    /// <summary>Answers, or acts out what a fault asks for after the call was applied: a dropped connection, or no answer until the client leaves.</summary>
    private static async Task FinishAsync(HttpContext context, FakeGraphFault? after, Func<Task> answer, CancellationToken aborted)
    {
        switch (after)
        {
            case FakeGraphFault.DropAfterApplying:
                context.Abort();
                return;
            case FakeGraphFault.HangAfterApplying hang:
                hang.Reached.TrySetResult();
                await WaitForeverAsync(aborted);
                return;
            default:
                await answer();
                return;
        }
    }

    private static async Task WaitForeverAsync(CancellationToken aborted)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away (or the server is stopping): nothing is answered.
        }
    }

    /// <summary>
    /// One call: its fault if one is queued, else its answer. Null when the call hung before it was applied and the client
    /// left; <c>After</c> is a fault to act out once the call was applied.
    /// </summary>
    private async Task<(FakeGraphResponse? Response, FakeGraphFault? After)> ExecuteAsync(
        string method, string path, string query, IReadOnlyDictionary<string, string> headers, string? body, bool inBatch, CancellationToken aborted, int batch = 0)
    {
        var (call, user, rest) = Route(method, path);
        var fault = call == FakeGraphCall.Unknown ? null : NextFault(call);
        switch (fault)
        {
            case FakeGraphFault.Status status:
                var refused = FakeGraphResponse.From(status);
                Log(new FakeGraphRequest(call, method, path, query, inBatch, refused.Status, Batch: batch));
                return (refused, null);
            case FakeGraphFault.HangBeforeApplying hang:
                Log(new FakeGraphRequest(call, method, path, query, inBatch, 0, Batch: batch));
                hang.Reached.TrySetResult();
                await WaitForeverAsync(aborted);
                return (null, null);
        }

        FakeGraphResponse response;
        if (user is not null && !string.Equals(user, MailboxAddress, StringComparison.OrdinalIgnoreCase))
        {
            response = FakeGraphResponse.Error(404, "ErrorInvalidUser", $"The requested user '{user}' is invalid.");
        }
        else
        {
            try
            {
                response = Answer(call, method, user is null ? "me" : $"users/{Uri.EscapeDataString(user)}", rest, QueryHelpers.ParseQuery(query), headers, body);
            }
            catch (System.Text.Json.JsonException ex)
            {
                response = FakeGraphResponse.BadRequest("Invalid JSON in the request body. " + ex.Message);
            }
            catch (FormatException ex)
            {
                response = FakeGraphResponse.BadRequest(ex.Message);
            }
        }

        Log(new FakeGraphRequest(call, method, path, query, inBatch, response.Status, Batch: batch));
        return (response, fault);
    }

    /// <summary>The call a path names, the user it names when not <c>me</c>, and the path after the user.</summary>
    private static (FakeGraphCall Call, string? User, string[] Segments) Route(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        (string? user, string[] rest) = segments switch
        {
            ["me", .. var r] => ((string?)null, r),
            ["users", var u, .. var r] => (u, r),
            _ => (null, ["?"]),
        };
        var get = HttpMethods.IsGet(method);
        var post = HttpMethods.IsPost(method);
        var call = rest switch
        {
            [] when get => FakeGraphCall.GetUser,
            ["mailFolders"] when get => FakeGraphCall.ListFolders,
            ["mailFolders"] when post => FakeGraphCall.CreateFolder,
            ["mailFolders", _] when get => FakeGraphCall.GetFolder,
            ["mailFolders", _, "childFolders"] when get => FakeGraphCall.ListFolders,
            ["mailFolders", _, "childFolders"] when post => FakeGraphCall.CreateFolder,
            ["mailFolders", _, "messages"] when get => FakeGraphCall.ListMessages,
            ["mailFolders", _, "messages", "delta"] when get => FakeGraphCall.Delta,
            ["messages"] when get => FakeGraphCall.ListMessages,
            ["messages", _] when get => FakeGraphCall.GetMessage,
            ["messages", _] when HttpMethods.IsPatch(method) => FakeGraphCall.PatchMessage,
            ["messages", _, "$value"] when get => FakeGraphCall.GetValue,
            ["messages", _, "move"] when post => FakeGraphCall.MoveMessage,
            ["outlook", "masterCategories"] when get => FakeGraphCall.ListCategories,
            ["outlook", "masterCategories"] when post => FakeGraphCall.CreateCategory,
            _ => FakeGraphCall.Unknown,
        };
        return (call, user, rest);
    }

    /// <param name="userPath"><c>me</c> or <c>users/{id}</c>, as the request named the mailbox, for the links in the answer.</param>
    private FakeGraphResponse Answer(FakeGraphCall call, string method, string userPath, string[] rest, Dictionary<string, StringValues> query, IReadOnlyDictionary<string, string> headers, string? body)
    {
        var immutable = Prefers(headers, "IdType=\"ImmutableId\"");
        lock (_gate)
        {
            return call switch
            {
                FakeGraphCall.GetUser => FakeGraphResponse.Ok(new JsonObject { ["id"] = "00000000-0000-0000-0000-00000000beef", ["mail"] = MailboxAddress, ["userPrincipalName"] = MailboxAddress }),
                FakeGraphCall.GetFolder => GetFolderLocked(rest[1]),
                FakeGraphCall.ListFolders => ListFoldersLocked(userPath, rest.Length == 1 ? null : rest[1], query),
                FakeGraphCall.CreateFolder => CreateFolderLocked(rest.Length == 1 ? null : rest[1], body),
                FakeGraphCall.ListMessages => ListMessagesLocked(userPath, rest.Length == 1 ? null : rest[1], query, headers, immutable),
                FakeGraphCall.Delta => DeltaLocked(userPath, rest[1], query, headers, immutable),
                FakeGraphCall.GetMessage => GetMessageLocked(rest[1], query, immutable),
                FakeGraphCall.GetValue => GetValueLocked(rest[1]),
                FakeGraphCall.PatchMessage => PatchLocked(rest[1], headers, body, immutable),
                FakeGraphCall.MoveMessage => MoveByClientLocked(rest[1], body, immutable),
                FakeGraphCall.ListCategories => ListCategoriesLocked(),
                FakeGraphCall.CreateCategory => CreateCategoryLocked(body),
                _ => FakeGraphResponse.Error(400, "BadRequest", $"Resource not found for the segment '{string.Join('/', rest)}' ({method})."),
            };
        }
    }

    private bool IsAuthorized(StringValues authorization)
    {
        var value = authorization.ToString();
        if (!value.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        lock (_gate)
        {
            return _tokens.Contains(value["Bearer ".Length..].Trim());
        }
    }

    /// <summary>Whether a Prefer header (several may be given, or one with commas) asks for <paramref name="preference"/>.</summary>
    private static bool Prefers(IReadOnlyDictionary<string, string> headers, string preference) =>
        headers.TryGetValue("Prefer", out var prefer) && prefer.Split(',').Any(p => string.Equals(p.Trim(), preference, StringComparison.OrdinalIgnoreCase));

    /// <summary>odata.maxpagesize from Prefer, else Graph's default of 10.</summary>
    private static int PageSize(IReadOnlyDictionary<string, string> headers, Dictionary<string, StringValues> query)
    {
        if (query.TryGetValue("$top", out var top) && int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return n;
        }

        if (headers.TryGetValue("Prefer", out var prefer))
        {
            foreach (var part in prefer.Split(','))
            {
                var p = part.Trim();
                if (p.StartsWith("odata.maxpagesize=", StringComparison.OrdinalIgnoreCase) && int.TryParse(p["odata.maxpagesize=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                {
                    return size;
                }
            }
        }

        return DefaultPageSize;
    }

    private static async Task WriteAsync(HttpContext context, FakeGraphResponse response)
    {
        context.Response.StatusCode = response.Status;
        if (response.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        if (response.Bytes is { } bytes)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }
        else if (response.Json is { } json)
        {
            context.Response.ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
            await context.Response.WriteAsync(json.ToJsonString(), Encoding.UTF8, context.RequestAborted);
        }
    }

    private static JsonNode? ParseBody(string? body) => string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
}
