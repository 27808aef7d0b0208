using System.ClientModel;
using System.ClientModel.Primitives;
using System.Security.Authentication;
using System.Text.Json;
using EmailTriage.Configuration;
using OpenAI;
using OpenAI.Chat;

namespace EmailTriage.Classification;

/// <summary>
/// One OpenAI-compatible server, reached through the official SDK, and the translation of its failures into
/// errors a person can act on. The SDK retries 408/429/5xx itself (LLM_MAX_RETRIES), so we do not stack a second loop.
/// </summary>
internal sealed class LlmConnection
{
    private readonly OpenAIClient _client;

    public LlmConnection(LlmOptions options)
    {
        Endpoint = options.Endpoint;
        Model = options.Model ?? throw new SettingsException("LLM_MODEL environment variable must be set.");
        Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        MaxRetries = options.MaxRetries;
        _client = new OpenAIClient(
            new ApiKeyCredential(options.EffectiveApiKey),
            new OpenAIClientOptions
            {
                Endpoint = Endpoint,
                NetworkTimeout = Timeout,
                RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
                UserAgentApplicationId = "EmailTriage",
            });
        Chat = _client.GetChatClient(Model);
    }

    public Uri Endpoint { get; }

    /// <summary>The endpoint for messages and logs, without credentials a URL may carry.</summary>
    public string DisplayEndpoint => LlmOptions.Redact(Endpoint);

    public string Model { get; }

    public TimeSpan Timeout { get; }

    public int MaxRetries { get; }

    public ChatClient Chat { get; }

    /// <summary>Cleared when the server rejects response_format, so later requests go without it.</summary>
    public bool UseJsonSchema { get; set; } = true;

    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var models = await _client.GetOpenAIModelClient().GetModelsAsync(cancellationToken);
            return [.. models.Value.Select(m => m.Id).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Translate(ex, cancellationToken, listing: true);
        }
    }

    /// <summary>Adds the models the server does offer to a "Model not found" error, when it will say.</summary>
    public async Task<LlmException> WithModelListAsync(LlmException error, CancellationToken cancellationToken)
    {
        if (error.Failure != LlmFailure.ModelNotFound)
        {
            return error;
        }

        try
        {
            var models = await ListModelsAsync(cancellationToken);
            var offered = models.Count == 0 ? "none" : string.Join(", ", models.Take(20)) + (models.Count > 20 ? ", ..." : string.Empty);
            return new LlmException(error.Failure, $"{error.Message} Models it offers: {offered}.", error.InnerException);
        }
        catch (LlmException listing) when (listing.Failure == LlmFailure.ModelNotFound)
        {
            // Chat and the models list both 404: the path is wrong, not the model; say what check says.
            return new LlmException(listing.Failure, listing.Message, error.InnerException);
        }
        catch (LlmException)
        {
            return error;
        }
    }

    public LlmException Translate(Exception exception, CancellationToken cancellationToken, bool listing = false)
    {
        var where = DisplayEndpoint;

        // After its retries fail without any response, the SDK throws them all together; the last one speaks.
        if (exception is AggregateException { InnerExceptions.Count: > 0 } all)
        {
            exception = all.InnerExceptions[^1];
        }

        if (Endpoint.Scheme == Uri.UriSchemeHttps && Has<AuthenticationException>(exception))
        {
            var plain = new UriBuilder(Endpoint) { Scheme = Uri.UriSchemeHttp, Port = Endpoint.Port, UserName = string.Empty, Password = string.Empty }.Uri;
            return new LlmException(
                LlmFailure.Unreachable,
                $"LLM_BASE_URL uses https but the server at {Endpoint.Host}:{Endpoint.Port} answers plain http (the TLS handshake failed: {Innermost(exception)}). " +
                $"Use {LlmOptions.Redact(plain)} in LLM_BASE_URL; local servers such as mlx_lm.server and Ollama speak plain http.",
                exception);
        }

        return exception switch
        {
            ClientResultException { Status: 0 } e => new LlmException(
                LlmFailure.Unreachable,
                $"Cannot connect to LLM API at {where}: {Innermost(e)}. Start the server (for MLX: mlx_lm.server --model mlx-community/Llama-3.2-3B-Instruct-4bit --port 8080) or fix LLM_BASE_URL.",
                e),
            ClientResultException { Status: 401 or 403 } e => new LlmException(
                LlmFailure.AuthenticationFailed,
                $"Authentication failed: {where} answered HTTP {e.Status} ({ServerMessage(e)}). Check LLM_API_KEY; local servers accept any key, cloud providers need yours.",
                e),
            ClientResultException { Status: 429 } e => new LlmException(
                LlmFailure.RateLimited,
                $"Rate limit exceeded: {where} still answered HTTP 429 after {MaxRetries} retries ({ServerMessage(e)}). Wait, or lower LLM_MAX_CONCURRENCY; unclassified mail is left for the next run.",
                e),
            ClientResultException { Status: 404 } e when !listing => new LlmException(
                LlmFailure.ModelNotFound,
                $"Model not found: {where} does not serve '{Model}' ({ServerMessage(e)}). Set LLM_MODEL to one of the models it offers.",
                e),
            ClientResultException { Status: 404 } e => new LlmException(
                LlmFailure.ModelNotFound,
                $"Model not found: {where} has no models list (HTTP 404). Check that LLM_BASE_URL ends with /v1.",
                e),
            ClientResultException e => new LlmException(
                LlmFailure.ServerError,
                $"LLM server error: {where} answered HTTP {e.Status} ({ServerMessage(e)}).",
                e),
            OperationCanceledException e when !cancellationToken.IsCancellationRequested => new LlmException(
                LlmFailure.ServerError,
                $"LLM request timed out after {Timeout.TotalSeconds:0} s (LLM_TIMEOUT_SECONDS) at {where}.",
                e),
            HttpRequestException e => new LlmException(
                LlmFailure.Unreachable,
                $"Cannot connect to LLM API at {where}: {Innermost(e)}. Start the server or fix LLM_BASE_URL.",
                e),
            _ => new LlmException(
                LlmFailure.ServerError,
                $"LLM server at {where} answered something that is not an OpenAI chat completion ({exception.GetType().Name}).",
                exception),
        };
    }

    private static bool Has<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception.Message.TrimEnd('.');
    }

    private static string ServerMessage(ClientResultException exception)
    {
        try
        {
            var body = exception.GetRawResponse()?.Content?.ToString();
            if (!string.IsNullOrEmpty(body))
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("error", out var error))
                {
                    var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                    return Shorten(message ?? string.Empty);
                }
            }
        }
        catch (JsonException)
        {
            // Not an OpenAI error body; the status says enough.
        }

        return exception.GetRawResponse()?.ReasonPhrase ?? $"HTTP {exception.Status}";
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
