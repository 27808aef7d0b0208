using System.ClientModel.Primitives;

namespace EmailTriage.Llm;

/// <summary>
/// The SDK's retries for a server that has others beside it: 408/429/5xx are retried on the server as ever, but no
/// response at all (refused, dropped, timed out) is not, so the request goes to another server at once instead of
/// after seconds of back-off against a server that has gone away.
/// </summary>
internal sealed class ElsewhereRetryPolicy(int maxRetries) : ClientRetryPolicy(maxRetries)
{
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) =>
        exception is null && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
        exception is null ? base.ShouldRetryAsync(message, exception) : ValueTask.FromResult(false);
}
