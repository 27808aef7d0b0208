namespace EmailTriage.Health;

public sealed record HealthReport(IReadOnlyList<HealthItem> Items)
{
    public bool Healthy => Items.All(i => i.Status is HealthStatus.Ok or HealthStatus.Warning);

    public HealthStatus Worst => Items.Count == 0 ? HealthStatus.Ok : Items.Max(i => i.Status);
}
