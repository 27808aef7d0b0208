using EmailTriage.Health;

namespace EmailTriage.Core.Tests.Health;

public sealed class HealthReportTests
{
    [Fact]
    public void Warnings_are_still_healthy()
    {
        var report = new HealthReport([new("a", HealthStatus.Ok, ""), new("b", HealthStatus.Warning, "")]);

        Assert.True(report.Healthy);
        Assert.Equal(HealthStatus.Warning, report.Worst);
    }

    [Fact]
    public void Worst_item_decides()
    {
        var report = new HealthReport([new("a", HealthStatus.Unavailable, ""), new("b", HealthStatus.BadConfiguration, "")]);

        Assert.False(report.Healthy);
        Assert.Equal(HealthStatus.Unavailable, report.Worst);
    }

    [Fact]
    public void Empty_report_is_healthy()
    {
        Assert.True(new HealthReport([]).Healthy);
        Assert.Equal(HealthStatus.Ok, new HealthReport([]).Worst);
    }
}
