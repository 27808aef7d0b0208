namespace EmailTriage.Health;

/// <summary>One part of the health check; each area (labels, LLM, a mailbox) adds its own.</summary>
public interface IHealthProbe
{
    /// <summary>Runs in registration order; a probe may add several items.</summary>
    Task<IReadOnlyList<HealthItem>> ProbeAsync(HealthCheckDepth depth, CancellationToken cancellationToken);
}

public enum HealthCheckDepth
{
    /// <summary>Settings and files, and whether services answer.</summary>
    Quick,

    /// <summary>Also one tiny real classification.</summary>
    Full,
}
