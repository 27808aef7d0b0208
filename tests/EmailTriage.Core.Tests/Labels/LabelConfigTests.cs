using EmailTriage.Core.Tests.Support;

namespace EmailTriage.Core.Tests.Labels;

public sealed class LabelConfigTests
{
    [Fact]
    public void Fallback_that_is_a_label_is_listed_once()
    {
        var config = TestLabels.Parse("""{ "labels": [ { "name": "Work", "description": "d" }, { "name": "Other", "description": "d" } ], "fallback": "other" }""");

        Assert.Equal(["Work", "Other"], config.AllNames);
    }

    [Fact]
    public void Canonical_returns_configured_spelling_or_null()
    {
        var config = TestLabels.Standard;

        Assert.Equal("Finance", config.Canonical("FINANCE"));
        Assert.Equal("Review", config.Canonical("review"));
        Assert.Null(config.Canonical("Spam"));
    }

    [Fact]
    public void Find_returns_only_real_labels_not_the_fallback()
    {
        var config = TestLabels.Standard;

        Assert.NotNull(config.Find("work"));
        Assert.Null(config.Find("Review"));
    }
}
