using EmailTriage.Infrastructure.Tests.Support;

namespace EmailTriage.Infrastructure.Tests.Core;

/// <summary>infra/core/plan.bicep.</summary>
public sealed class PlanTests(CompiledTemplate template)
{
    [Fact]
    public void Is_the_Linux_Flex_Consumption_FC1_plan()
    {
        var plan = template.Arm.Resource("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan.Resolve("sku.name"));
        Assert.Equal("FlexConsumption", plan.Resolve("sku.tier"));
        Assert.True(plan.Flag("properties.reserved"), "reserved: true is what makes an App Service plan Linux");
    }
}
