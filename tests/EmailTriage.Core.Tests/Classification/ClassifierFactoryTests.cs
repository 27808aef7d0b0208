using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Llm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailTriage.Core.Tests.Classification;

public sealed class ClassifierFactoryTests
{
    private static ClassifierFactory Factory(LlmOptions options, ILlmTransport? transport = null) =>
        new(Options.Create(options), NullLoggerFactory.Instance, transport ?? new LlmTransport(NullLoggerFactory.Instance, TimeProvider.System));

    [Fact]
    public void Without_base_url_there_are_no_servers_and_the_error_says_how_to_set_one()
    {
        var factory = Factory(new LlmOptions());

        Assert.Null(factory.Servers);
        Assert.False(factory.Create(TestLabels.Standard).HasLlm);
        var error = Assert.Throws<SettingsException>(factory.RequireServers);
        Assert.StartsWith("LLM_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_base_url_the_servers_are_connected_once_and_shared()
    {
        var factory = Factory(new LlmOptions { BaseUrl = "http://127.0.0.1:9/v1", Model = "m" });

        Assert.Same(factory.Servers, factory.RequireServers());
        Assert.Equal("m", factory.Servers!.Model);
        Assert.Equal("http://127.0.0.1:9/v1", factory.Servers.DisplayEndpoints);
        Assert.True(factory.Create(TestLabels.Standard).HasLlm);
    }

    [Fact]
    public void A_host_that_registered_no_transport_is_told_to_call_AddLlm()
    {
        var factory = new ClassifierFactory(Options.Create(new LlmOptions { BaseUrl = "http://127.0.0.1:9/v1", Model = "m" }), NullLoggerFactory.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => factory.Servers);
        Assert.Contains("AddLlm", error.Message, StringComparison.Ordinal);
    }
}
