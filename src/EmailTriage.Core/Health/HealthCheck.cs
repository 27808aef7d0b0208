namespace EmailTriage.Health;

/// <summary>Runs every registered probe: the CLI's <c>check</c> and the Functions host's <c>/api/health</c>.</summary>
public sealed class HealthCheck(IEnumerable<IHealthProbe> probes)
{
    public async Task<HealthReport> RunAsync(HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        var items = new List<HealthItem>();
        foreach (var probe in probes)
        {
            items.AddRange(await probe.ProbeAsync(depth, cancellationToken));
        }

        return new HealthReport(items);
    }
}
