using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests.Core;

/// <summary>infra/core/monitoring.bicep.</summary>
public sealed class MonitoringTests(CompiledTemplate template)
{
    [Fact]
    public void Application_Insights_accepts_only_Entra_signed_telemetry()
    {
        var insights = template.Arm.Resource("Microsoft.Insights/components");

        Assert.True(insights.Flag("properties.DisableLocalAuth"));
    }

    [Fact]
    public void Application_Insights_stores_its_data_in_the_Log_Analytics_workspace()
    {
        var insights = template.Arm.Resource("Microsoft.Insights/components");
        var workspace = template.Arm.Resource("Microsoft.OperationalInsights/workspaces");

        Assert.Equal("[parameters('logAnalyticsName')]", (string?)workspace.At("name"));
        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]", insights.Resolve("properties.WorkspaceResourceId"));
    }
}
