using EmailTriage.Errors;
using EmailTriage.Health;

namespace EmailTriage.Azure;

/// <summary>Does the account EMAILTRIAGE_STORAGE names let us in: one cheap request for the state container's properties.</summary>
internal sealed class StorageHealthProbe(StorageClients clients) : IHealthProbe
{
    public async Task<IReadOnlyList<HealthItem>> ProbeAsync(HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        var container = clients.StateContainer;
        var where = $"blob container {container.Name} in storage account {container.AccountName}";
        try
        {
            var exists = await container.ExistsAsync(cancellationToken);
            return [new HealthItem("state", HealthStatus.Ok, exists.Value ? $"mailbox state in {where}" : $"mailbox state in {where} (created on first use)")];
        }
        catch (Exception ex) when (StorageFailures.Is(ex))
        {
            var failure = StorageFailures.From(ex, "checking the state container", where);
            return [new HealthItem("state", failure.Kind == FailureKind.BadConfiguration ? HealthStatus.BadConfiguration : HealthStatus.Unavailable, failure.Message)];
        }
    }
}
