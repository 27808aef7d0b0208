using Microsoft.AspNetCore.Http;

namespace EmailTriage.Testing;

/// <summary>POST /v1/chat/completions.</summary>
public sealed partial class FakeLlmServer
{
    private async Task HandleChatAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        string rawBody;
        using (var reader = new StreamReader(context.Request.Body))
        {
            rawBody = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var request = ChatRequestParser.Parse(rawBody, authorization.Length == 0 ? null : authorization, out var error);
        lock (_requestsLock)
        {
            _requestCount++;
            if (RecordRequests)
            {
                _requests.Add(request);
            }
        }

        var released = _gate.Arrive();

        var fault = _faults.TryDequeue(out var queued) ? queued : PersistentFault;
        if (fault is not (null or FakeLlmFault.Slow))
        {
            await ApplyFaultAsync(context, request, fault);
            return;
        }

        if (!IsAuthorized(context))
        {
            await OpenAiResponses.UnauthorizedAsync(context);
        }
        else if (error is not null)
        {
            await OpenAiResponses.BadRequestAsync(context, error);
        }
        else if (!Models.Contains(request.Model))
        {
            await OpenAiResponses.ModelNotFoundAsync(context, request.Model);
        }
        else
        {
            await AnswerAsync(context, request, (fault as FakeLlmFault.Slow)?.Delay ?? TimeSpan.Zero, released);
        }
    }

    private async Task AnswerAsync(HttpContext context, FakeLlmRequest request, TimeSpan extraDelay, Task released)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await released.WaitAsync(cancellation.Token);
            using var slot = await _concurrency.EnterAsync(cancellation.Token);
            var delay = Latency + extraDelay;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellation.Token);
            }

            var answer = Answer(request);
            var content = Style == FakeLlmStyle.JsonSchema && request.HasJsonSchema
                ? OpenAiResponses.LabelObject(answer)
                : answer;
            await OpenAiResponses.ChatCompletionAsync(context, request, content);
            lock (_requestsLock)
            {
                _answeredCount++;
                if (RecordRequests)
                {
                    _answered.Add(request);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Either the client gave up or the server is being disposed; nobody is waiting for a response.
            context.Abort();
        }
    }

    private static Task ApplyFaultAsync(HttpContext context, FakeLlmRequest request, FakeLlmFault fault)
    {
        switch (fault)
        {
            case FakeLlmFault.Unauthorized:
                return OpenAiResponses.UnauthorizedAsync(context);
            case FakeLlmFault.ModelNotFound:
                return OpenAiResponses.ModelNotFoundAsync(context, request.Model);
            case FakeLlmFault.RateLimited rateLimited:
                return OpenAiResponses.RateLimitedAsync(context, rateLimited.RetryAfterSeconds);
            case FakeLlmFault.ServerError:
                return OpenAiResponses.ServerErrorAsync(context);
            case FakeLlmFault.Garbage:
                return OpenAiResponses.GarbageAsync(context);
            case FakeLlmFault.BadRequest badRequest:
                return OpenAiResponses.BadRequestAsync(context, badRequest.Message);
            case FakeLlmFault.Disconnect:
                context.Abort();
                return Task.CompletedTask;
            default:
                throw new InvalidOperationException($"Unhandled fault {fault}.");
        }
    }
}
