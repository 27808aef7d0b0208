using EmailTriage.Llm;
using EmailTriage.Classification;
using EmailTriage.Core.Tests.Support;
using EmailTriage.Testing;

namespace EmailTriage.Llm.Tests;

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
    public async Task Chat_at_a_base_url_without_v1_gives_the_listing_words_not_a_model_error()
    {
        var connection = LlmSetup.Connection(_server.RootUrl);

        var error = await Assert.ThrowsAsync<LlmException>(() => LlmSetup.Classifier(connection, TestLabels.Standard)
            .ClassifyAsync(new EmailTriage.Mail.MailMessage { Id = "m", Subject = "s" }, Ct));

        Assert.Equal(LlmFailure.ModelNotFound, error.Failure);
        Assert.Equal($"Model not found: {connection.DisplayEndpoint} has no models list (HTTP 404). Check that LLM_BASE_URL ends with /v1.", error.Message);
    }

    [Fact]
    public async Task Https_against_a_plain_http_server_says_to_use_http()
    {
        var https = new UriBuilder(_server.BaseUrl) { Scheme = Uri.UriSchemeHttps, Port = _server.BaseUrl.Port }.Uri;

        var error = await Assert.ThrowsAsync<LlmException>(() => LlmSetup.Connection(https, o => o.MaxRetries = 0).ListModelsAsync(Ct));

        Assert.Equal(LlmFailure.Unreachable, error.Failure);
        Assert.StartsWith($"LLM_BASE_URL uses https but the server at 127.0.0.1:{_server.BaseUrl.Port} answers plain http", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Use {_server.BaseUrl.ToString().TrimEnd('/')} in LLM_BASE_URL", error.Message, StringComparison.Ordinal);
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
