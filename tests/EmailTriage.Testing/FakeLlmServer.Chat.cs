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

        var shape = Shape;
        var reasoningModel = ReasoningModel;
        var request = ChatRequestParser.Parse(rawBody, authorization.Length == 0 ? null : authorization, out var error);
        if (error is null)
        {
            request = ShapeRules.Interpret(request, shape, reasoningModel);
        }

        ShapeResponses.SetServerHeader(context, shape);
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
            await ApplyFaultAsync(context, request, fault, shape);
            return;
        }

        if (!IsAuthorized(context))
        {
            await OpenAiResponses.UnauthorizedAsync(context);
        }
        else if (error is not null)
        {
            await ShapeResponses.BadRequestAsync(context, shape, error);
        }
        else if (ShapeRules.Reject(request, shape, reasoningModel) is { } rejection)
        {
            await ShapeResponses.RejectionAsync(context, rejection);
        }
        else if (!ShapeRules.Serves(shape, [.. Models], request.Model))
        {
            await ShapeResponses.ModelNotFoundAsync(context, shape, request.Model);
        }
        else
        {
            await AnswerAsync(context, request, (fault as FakeLlmFault.Slow)?.Delay ?? TimeSpan.Zero, released, AnswerOptions());
        }
    }

    private async Task AnswerAsync(HttpContext context, FakeLlmRequest request, TimeSpan extraDelay, Task released, ChatAnswerOptions options)
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
            var content = Style == FakeLlmStyle.JsonSchema && request.HasJsonSchema && ShapeRules.HonoursJsonSchema(options.Shape)
                ? OpenAiResponses.LabelObject(answer)
                : answer;
            await OpenAiResponses.NodeAsync(context, StatusCodes.Status200OK, ChatCompletionBody.Build(request, content, options));
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

    private static Task ApplyFaultAsync(HttpContext context, FakeLlmRequest request, FakeLlmFault fault, FakeLlmShape shape)
    {
        switch (fault)
        {
            case FakeLlmFault.Unauthorized:
                return OpenAiResponses.UnauthorizedAsync(context);
            case FakeLlmFault.ModelNotFound:
                return ShapeResponses.ModelNotFoundAsync(context, shape, request.Model);
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
