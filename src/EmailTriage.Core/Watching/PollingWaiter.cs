namespace EmailTriage.Watching;

/// <summary>Gmail, folders, and IMAP servers without IDLE: look again every interval.</summary>
internal sealed class PollingWaiter(TimeSpan interval, TimeProvider time) : IMailWaiter
{
    public Task ReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(interval, time, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
