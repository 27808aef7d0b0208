using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EmailTriage.Testing;

/// <summary>
/// POST /batch/gmail/v1 (and /batch): multipart/mixed whose parts are <c>application/http</c> requests,
/// answered with one <c>application/http</c> part per request, in order, Content-ID echoed as <c>response-…</c>.
/// </summary>
public sealed partial class FakeGmailServer
{
    private const int MaxBatchParts = 100;

    private async Task HandleBatchAsync(HttpContext context, string path)
    {
        if (!IsAuthorized(context))
        {
            Log(FakeGmailCall.Batch, "POST", path, "", inBatch: false, null, 401);
            await WriteAsync(context, Unauthorized());
            return;
        }

        var fault = NextFault(FakeGmailCall.Batch, null);
        if (fault is not null and not FakeGmailFault.Slow and not FakeGmailFault.EveryPart)
        {
            var error = FakeGmailResponse.From(fault);
            Log(FakeGmailCall.Batch, "POST", path, "", inBatch: false, null, error.Status);
            await WriteAsync(context, error);
            return;
        }

        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            Log(FakeGmailCall.Batch, "POST", path, "", inBatch: false, null, 400);
            await WriteAsync(context, FakeGmailResponse.BadRequest("A batch request must be multipart/mixed with a boundary."));
            return;
        }

        var parts = new List<(string? ContentId, string Request)>();
        var reader = new MultipartReader(boundary, context.Request.Body);
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            using var body = new StreamReader(section.Body, Encoding.UTF8);
            var contentId = section.Headers is { } headers && headers.TryGetValue("Content-ID", out var id) ? id.ToString() : null;
            parts.Add((contentId, await body.ReadToEndAsync(context.RequestAborted)));
        }

        // A message whose answer a batch cannot carry (see RefuseBatchesAsking): the batch fails as a whole.
        var poisoned = parts.Select(p => Route(ParseInnerRequest(p.Request).Method, ParseInnerRequest(p.Request).Target.Path).MessageId)
            .Any(id => id is not null && _refusedInBatches.ContainsKey(id));
        if (poisoned)
        {
            Log(FakeGmailCall.Batch, "POST", path, "", inBatch: false, $"{parts.Count} parts", 500);
            await WriteAsync(context, FakeGmailResponse.From(new FakeGmailFault.ServerError()));
            return;
        }

        var tooMany = parts.Count > MaxBatchParts;
        Log(FakeGmailCall.Batch, "POST", path, "", inBatch: false, $"{parts.Count} parts", tooMany ? 400 : 200);
        if (tooMany)
        {
            await WriteAsync(context, FakeGmailResponse.BadRequest($"A batch may hold at most {MaxBatchParts} calls."));
            return;
        }

        var answer = new StringBuilder();
        var outerBoundary = "batch_" + Guid.NewGuid().ToString("N");
        foreach (var (contentId, request) in parts)
        {
            var (method, target, innerBody) = ParseInnerRequest(request);
            var response = await ExecuteAsync(method, target.Path, target.Query, innerBody, inBatch: true, context.RequestAborted, (fault as FakeGmailFault.EveryPart)?.Part);
            AppendPart(answer, outerBoundary, contentId, response);
        }

        answer.Append("--").Append(outerBoundary).Append("--\r\n");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = $"multipart/mixed; boundary={outerBoundary}";
        await context.Response.WriteAsync(answer.ToString(), Encoding.UTF8, context.RequestAborted);
    }

    private static (string Method, (string Path, string Query) Target, string? Body) ParseInnerRequest(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\n');
        var headerEnd = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? normalized : normalized[..headerEnd];
        var body = headerEnd < 0 ? null : normalized[(headerEnd + 2)..].Trim();
        var requestLine = head.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var method = requestLine.Length > 0 ? requestLine[0] : "GET";
        var target = requestLine.Length > 1 ? requestLine[1] : "/";

        // Clients write either an absolute URL or a path.
        var uri = new Uri(new Uri("http://fake.invalid/"), target);
        return (method, (uri.AbsolutePath.TrimStart('/'), uri.Query), string.IsNullOrEmpty(body) ? null : body);
    }

    private static void AppendPart(StringBuilder answer, string boundary, string? contentId, FakeGmailResponse response)
    {
        answer.Append("--").Append(boundary).Append("\r\n");
        answer.Append("Content-Type: application/http\r\n");
        if (!string.IsNullOrEmpty(contentId))
        {
            var bare = contentId.Trim().TrimStart('<').TrimEnd('>');
            answer.Append("Content-ID: <response-").Append(bare).Append(">\r\n");
        }

        answer.Append("\r\n");
        answer.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {ReasonPhrases.GetReasonPhrase(response.Status)}\r\n");
        if (response.RetryAfterSeconds is { } retryAfter)
        {
            answer.Append(CultureInfo.InvariantCulture, $"Retry-After: {retryAfter}\r\n");
        }

        if (response.Body is null)
        {
            answer.Append("\r\n\r\n");
            return;
        }

        answer.Append("Content-Type: application/json; charset=UTF-8\r\n\r\n");
        answer.Append(response.Body.ToJsonString()).Append("\r\n");
    }
}
