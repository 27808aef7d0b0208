namespace EmailTriage.Azure.Tests.Support;

internal static class CancellationTokens
{
    /// <summary>Completes when <paramref name="token"/> is cancelled; the test's own token (its timeout) ends the wait otherwise.</summary>
    public static async Task WhenCancelledAsync(this CancellationToken token, CancellationToken testToken)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30), testToken);
    }
}
