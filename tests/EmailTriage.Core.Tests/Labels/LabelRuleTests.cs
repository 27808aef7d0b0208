using EmailTriage.Labels;

namespace EmailTriage.Core.Tests.Labels;

public sealed class LabelRuleTests
{
    [Fact]
    public void Describes_every_condition_joined_by_and()
    {
        var rule = new LabelRule(null, "planwise.example", null, null, "X-Planwise-Type", "reminder");

        Assert.Equal("domain planwise.example and header X-Planwise-Type contains 'reminder'", rule.ToString());
    }

    [Fact]
    public void Describes_header_presence_rule()
    {
        Assert.Equal("header List-Unsubscribe", new LabelRule(null, null, null, null, "List-Unsubscribe", null).ToString());
    }
}
