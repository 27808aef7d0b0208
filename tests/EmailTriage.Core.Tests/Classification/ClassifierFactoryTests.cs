using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Core.Tests.Classification;

public sealed class ClassifierFactoryTests
{
    private static ClassifierFactory Factory(LlmOptions options) => new(Options.Create(options), NullLoggerFactory.Instance);

    [Fact]
    public void Without_base_url_there_is_no_connection_and_the_error_says_how_to_set_one()
    {
        var factory = Factory(new LlmOptions());

        Assert.Null(factory.Connection);
        Assert.False(factory.Create(TestLabels.Standard).HasLlm);
        var error = Assert.Throws<SettingsException>(factory.RequireConnection);
        Assert.StartsWith("LLM_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_base_url_one_connection_is_shared()
    {
        var factory = Factory(new LlmOptions { BaseUrl = "http://127.0.0.1:9/v1", Model = "m" });

        Assert.Same(factory.Connection, factory.RequireConnection());
        Assert.Equal(new Uri("http://127.0.0.1:9/v1"), factory.Connection!.Endpoint);
        Assert.True(factory.Create(TestLabels.Standard).HasLlm);
    }
}
