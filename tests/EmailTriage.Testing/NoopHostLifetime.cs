using Microsoft.Extensions.Hosting;

namespace EmailTriage.Testing;

/// <summary>
/// Replaces ConsoleLifetime so that an embedded fake server neither swallows Ctrl+C nor
/// registers signal handlers in the test or benchmark process that hosts it.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
