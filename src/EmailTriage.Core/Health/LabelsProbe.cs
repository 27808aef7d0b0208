using EmailTriage.Labels;

namespace EmailTriage.Health;

internal sealed class LabelsProbe(LabelConfigLoader loader) : IHealthProbe
{
    public Task<IReadOnlyList<HealthItem>> ProbeAsync(HealthCheckDepth depth, CancellationToken cancellationToken)
    {
        HealthItem item;
        try
        {
            var labels = loader.Load();
            item = new HealthItem(
                "labels",
                HealthStatus.Ok,
                $"{Path.GetFileName(labels.SourcePath)}: {labels.Labels.Count} labels ({string.Join(", ", labels.Labels.Select(l => l.Name))}), " +
                $"fallback {labels.Fallback ?? "(none: unclassifiable mail waits)"}, {labels.Labels.Sum(l => l.Rules.Count)} rules");
        }
        catch (LabelConfigException ex)
        {
            item = new HealthItem("labels", HealthStatus.BadConfiguration, ex.Message);
        }

        return Task.FromResult<IReadOnlyList<HealthItem>>([item]);
    }
}
