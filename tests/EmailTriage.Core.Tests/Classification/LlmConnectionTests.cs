using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Core.Tests.Classification;

public sealed class LlmConnectionTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeLlmServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Lists_the_models_in_order()
    {
        _server.Models.Add("alpha");

        var models = await LlmSetup.Connection(_server.BaseUrl).ListModelsAsync(Ct);

        Assert.Equal(["alpha", "test-model"], models);
    }

    [Fact]
    public async Task Listing_with_a_wrong_key_is_authentication_failed()
    {
        _server.RequiredApiKey = "right";

        var error = await Assert.ThrowsAsync<LlmException>(() => LlmSetup.Connection(_server.BaseUrl, o => o.ApiKey = "wrong").ListModelsAsync(Ct));

        Assert.Equal(LlmFailure.AuthenticationFailed, error.Failure);
    }

    [Fact]
    public async Task Base_url_without_v1_is_explained()
    {
        var error = await Assert.ThrowsAsync<LlmException>(() => LlmSetup.Connection(_server.RootUrl).ListModelsAsync(Ct));

        Assert.Equal(LlmFailure.ModelNotFound, error.Failure);
        Assert.Contains("ends with /v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_an_unreachable_server_says_so()
    {
        var error = await Assert.ThrowsAsync<LlmException>(() => LlmSetup.Connection(LlmSetup.Unreachable()).ListModelsAsync(Ct));

        Assert.Equal(LlmFailure.Unreachable, error.Failure);
        Assert.Contains("LLM_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_a_placeholder_is_sent()
    {
        var connection = LlmSetup.Connection(_server.BaseUrl);

        await LlmSetup.Classifier(connection, TestLabels.Standard).ClassifyAsync(new EmailTriage.Mail.MailMessage { Id = "m", Subject = "s" }, Ct);

        Assert.Equal("Bearer not-needed", _server.Requests[0].Authorization);
    }
}
