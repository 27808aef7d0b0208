using System.ClientModel;
using System.ClientModel.Primitives;
using System.Security.Authentication;
using System.Text.Json;
using EmailTriage.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Chat;

namespace EmailTriage.Llm;

/// <summary>
/// One OpenAI-compatible server, reached through the official SDK, and the translation of its failures into
/// errors a person can act on. The SDK retries 408/429/5xx itself (LLM_MAX_RETRIES), so we do not stack a second loop.
/// </summary>
internal sealed partial class LlmConnection
{
    /// <summary>Output budget of an ordinary answer: {"label": "Notifications"} is about ten tokens; nested names need a few more.</summary>
    public const int AnswerBudget = 32;

    private static readonly TimeSpan IdentifyAgainAfter = TimeSpan.FromMinutes(5);

    private readonly OpenAIClient _client;
    private readonly OpenAIClient _probe;
    private readonly LlmServerKind? _configuredKind;
    private readonly ILogger _logger;
    private LlmServerKind? _kind;
    private ChatDialect? _dialect;
    private int _thinks;
    private long _identifyDue;

    public LlmConnection(LlmOptions options, ILogger? logger = null)
        : this(options, options.Endpoint, options.Model ?? throw new SettingsException("LLM_MODEL environment variable must be set."), options.EffectiveApiKey, options.ServerKind, logger)
    {
    }

    /// <summary>One server of several (LLM_BASE_URL or LLM_FALLBACK_BASE_URL lists): its own endpoint, model, key and kind; timeouts and retries from <paramref name="options"/>.</summary>
    /// <param name="othersBeside">True when other servers can take its requests: no response at all is then not retried here.</param>
    public LlmConnection(LlmOptions options, Uri endpoint, string model, string apiKey, LlmServerKind? kind, ILogger? logger = null, bool othersBeside = false)
    {
        Endpoint = endpoint;
        Model = model;
        Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        MaxRetries = options.MaxRetries;
        ThinkingBudget = options.ThinkingMaxTokens;
        _configuredKind = kind ?? KindOfHost(Endpoint);
        _logger = logger ?? NullLogger.Instance;
        _client = Client(endpoint, apiKey, othersBeside ? new ElsewhereRetryPolicy(options.MaxRetries) : new ClientRetryPolicy(options.MaxRetries), Timeout);

        // Telling what the server is must not cost a user the SDK's back-off on a server that is down.
        _probe = Client(endpoint, apiKey, new ClientRetryPolicy(0), TimeSpan.FromSeconds(Math.Min(10, options.TimeoutSeconds)));
        Chat = _client.GetChatClient(Model);
    }

    public Uri Endpoint { get; }

    /// <summary>The endpoint for messages and logs, without credentials a URL may carry.</summary>
    public string DisplayEndpoint => LlmOptions.Redact(Endpoint);

    public string Model { get; }

    public TimeSpan Timeout { get; }

    public int MaxRetries { get; }

    /// <summary>LLM_THINKING_MAX_TOKENS: the room a model that thinks first gets for its reasoning and answer.</summary>
    public int ThinkingBudget { get; }

    public ChatClient Chat { get; }

    /// <summary>What kind of server this is, once known (LLM_SERVER, the host, or its models list).</summary>
    public LlmServerKind? Kind => _kind ?? _configuredKind;

    /// <summary>True once the model has shown that it reasons before it answers: its requests get <see cref="ThinkingBudget"/>.</summary>
    public bool Thinks => Volatile.Read(ref _thinks) == 1;

    /// <summary>The fields this server is sent now; a field it refused is gone.</summary>
    internal ChatDialect Dialect => Volatile.Read(ref _dialect) ?? KindDialect;

    // What this kind of server documents it reads, before any refusal.
    private ChatDialect KindDialect => ChatDialect.For(Kind ?? LlmServerKind.Unknown);

    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken) =>
        (await GetModelsAsync(cancellationToken)).Ids;

    /// <summary>GET /v1/models, read from the JSON (Ollama's <c>"data": null</c> is an empty list); tells the server's kind on the way.</summary>
    public Task<ServerModels> GetModelsAsync(CancellationToken cancellationToken) => GetModelsAsync(_client, cancellationToken);

    /// <summary>
    /// One chat call. A model that spends the whole ordinary budget thinking is asked once more with room to think
    /// (and every later request starts with that room); the cost of both calls is in the answer's usage.
    /// </summary>
    public async Task<ChatAnswer> CompleteAsync(IReadOnlyList<ChatTurn> turns, BinaryData labelSchema, CancellationToken cancellationToken)
    {
        if (Kind is null)
        {
            await IdentifyAsync(cancellationToken);
        }

        var thinking = Thinks;
        var answer = await SendAsync(turns, thinking ? ThinkingBudget : AnswerBudget, labelSchema, cancellationToken);
        if (!thinking && answer.OnlyThought)
        {
            if (Interlocked.Exchange(ref _thinks, 1) == 0)
            {
                LogThinks(_logger, Model, DisplayEndpoint, AnswerBudget, ThinkingBudget);
            }

            var roomy = await SendAsync(turns, ThinkingBudget, labelSchema, cancellationToken);
            answer = roomy with { Usage = answer.Usage + roomy.Usage };
        }

        return answer;
    }

    private async Task<ChatAnswer> SendAsync(IReadOnlyList<ChatTurn> turns, int budget, BinaryData labelSchema, CancellationToken cancellationToken)
    {
        while (true)
        {
            var dialect = Dialect;
            try
            {
                var body = ChatRequestBody.Write(Model, turns, budget, dialect, labelSchema);
                var result = await Chat.CompleteChatAsync(BinaryContent.Create(body), new RequestOptions { CancellationToken = cancellationToken });
                return ChatAnswerReader.Read(result.GetRawResponse().Content, content => TokenEstimate.For(turns, content))
                    ?? throw new LlmException(
                        LlmFailure.ServerError,
                        $"LLM server at {DisplayEndpoint} answered something that is not an OpenAI chat completion (HTTP {result.GetRawResponse().Status}, no choices).")
                    {
                        Usage = new LlmUsage(1, 0, 0),
                    };
            }
            catch (ClientResultException ex) when (ex.Status == 400 && !IsModelError(ex) && dialect.Without(RefusedField(ex)) is not null)
            {
                // The server turned down an optional field (response_format, max_tokens, temperature, a thinking switch):
                // drop it for the rest of the process and ask again; the refusal cost nothing.
                Drop(RefusedField(ex));
                LogFieldRejected(_logger, DisplayEndpoint, Shorten(ServerMessage(ex)));
            }
            catch (Exception ex) when (ex is not LlmException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                var error = await WithModelListAsync(Translate(ex, cancellationToken), cancellationToken);
                error.Usage = new LlmUsage(1, 0, 0);
                throw error;
            }
        }
    }

    // Concurrent requests may each have been turned down for a different field: every refusal is kept.
    private void Drop(string refused)
    {
        ChatDialect? seen;
        ChatDialect next;
        do
        {
            seen = Volatile.Read(ref _dialect);
            var current = seen ?? KindDialect;
            next = current.Without(refused) ?? current;
        }
        while (Interlocked.CompareExchange(ref _dialect, next, seen) != seen);
    }

    private async Task IdentifyAsync(CancellationToken cancellationToken)
    {
        // A server without a models list (or one that is down) is not asked again on every message: once in a while.
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _identifyDue);
        if (now < due || Interlocked.CompareExchange(ref _identifyDue, now + (long)IdentifyAgainAfter.TotalMilliseconds, due) != due)
        {
            return;
        }

        try
        {
            await GetModelsAsync(_probe, cancellationToken);
        }
        catch (LlmException)
        {
            // A server that cannot say what it is gets what every server reads; the chat call will report any real problem.
        }
    }

    private async Task<ServerModels> GetModelsAsync(OpenAIClient client, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.GetOpenAIModelClient().GetModelsAsync(new RequestOptions { CancellationToken = cancellationToken });
            var response = result.GetRawResponse();
            var models = ServerModels.Parse(response.Content, name => response.Headers.TryGetValue(name, out var value) ? value : null);
            if (_kind is null && _configuredKind is null)
            {
                _kind = models.Kind;
            }

            return models;
        }
        catch (JsonException ex)
        {
            throw new LlmException(LlmFailure.ServerError, $"LLM server at {DisplayEndpoint} answered GET /models with something that is not a models list ({Shorten(ex.Message)}).", ex);
        }
        catch (Exception ex) when (ex is not LlmException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
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
            var models = await GetModelsAsync(_probe, cancellationToken);
            return new LlmException(error.Failure, $"{error.Message} {Offered(models)}", error.InnerException);
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

    /// <summary>"Models it offers: a, b." or, for a server with none, how to get one.</summary>
    public string Offered(ServerModels models)
    {
        if (models.Ids.Count == 0)
        {
            return Kind == LlmServerKind.Ollama
                ? $"Ollama has no models pulled: run ollama pull {Model}."
                : "It offers no models: load one into the server.";
        }

        return $"Models it offers: {string.Join(", ", models.Ids.Take(20))}{(models.Ids.Count > 20 ? ", ..." : string.Empty)}.";
    }

    private static OpenAIClient Client(Uri endpoint, string apiKey, ClientRetryPolicy retries, TimeSpan timeout) =>
        new(
            new ApiKeyCredential(apiKey),
            new OpenAIClientOptions
            {
                Endpoint = endpoint,
                NetworkTimeout = timeout,
                RetryPolicy = retries,
                UserAgentApplicationId = "EmailTriage",
            });

    private static LlmServerKind? KindOfHost(Uri endpoint)
    {
        var host = endpoint.Host;
        if (host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase))
        {
            return LlmServerKind.OpenAi;
        }

        return host.Equals("api.together.xyz", StringComparison.OrdinalIgnoreCase) || host.Equals("api.together.ai", StringComparison.OrdinalIgnoreCase)
            ? LlmServerKind.Together
            : null;
    }

    // LiteLLM answers an unknown model with 400 "Invalid model name passed in model=..."; others name the model in a 400 too.
    private bool IsModelError(ClientResultException exception)
    {
        var text = ServerText(exception);
        return text.Contains("Invalid model name", StringComparison.OrdinalIgnoreCase)
            || text.Contains("model_not_found", StringComparison.OrdinalIgnoreCase)
            || (text.Contains(Model, StringComparison.Ordinal) && (text.Contains("not found", StringComparison.OrdinalIgnoreCase) || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase)));
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
                Kind == LlmServerKind.MlxLm ? MlxNotFound(e) : $"Model not found: {where} does not serve '{Model}' ({ServerMessage(e)}). {ModelFix()}",
                e),
            ClientResultException { Status: 400 } e when !listing && IsModelError(e) => new LlmException(
                LlmFailure.ModelNotFound,
                $"Model not found: {where} does not serve '{Model}' ({ServerMessage(e)}). {ModelFix()}",
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

    // mlx_lm.server answers every failure to load a model with 404: its current versions say why in {"error": "..."},
    // older ones only "Not Found". Either way the model name is what it could not load, not the path.
    private string MlxNotFound(ClientResultException exception)
    {
        var reason = HasJsonError(exception) ? $"it could not load it: {ServerMessage(exception)}" : "it answers 404 Not Found when it cannot load a model";
        return $"Model not found: {DisplayEndpoint} (mlx_lm.server) was asked for '{Model}' and {reason}. {ModelFix()}";
    }

    private static bool HasJsonError(ClientResultException exception)
    {
        try
        {
            using var json = JsonDocument.Parse(ServerText(exception));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private string ModelFix() => Kind switch
    {
        LlmServerKind.Ollama => $"Pull it (ollama pull {Model}) or set LLM_MODEL to one of the models it offers.",
        LlmServerKind.MlxLm => "mlx_lm.server tries to download and load any model name it is sent: " +
            "set LLM_MODEL to the --model the server was started with (docs/mlx_server_setup.md).",
        _ => "Set LLM_MODEL to one of the models it offers.",
    };

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

    // OpenAI's error names the refused field in "param"; other servers only in their message.
    private static string RefusedField(ClientResultException exception)
    {
        try
        {
            using var json = JsonDocument.Parse(ServerText(exception));
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("param", out var param)
                && param.ValueKind == JsonValueKind.String && param.GetString() is { Length: > 0 } name)
            {
                return name;
            }
        }
        catch (JsonException)
        {
            // Plain text: the message is all there is.
        }

        return ServerText(exception);
    }

    private static string ServerText(ClientResultException exception) => exception.GetRawResponse()?.Content?.ToString() ?? exception.Message;

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
                    // LiteLLM nests its text one level deeper: {"error": {"message": {"error": "..."}}}.
                    var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m)
                        ? m.ValueKind == JsonValueKind.String ? m.GetString() : m.ValueKind == JsonValueKind.Object && m.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString() : m.GetRawText()
                        : error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model} at {Endpoint} thinks before it answers and spent its {Budget}-token answer budget on that; its requests get {ThinkingBudget} tokens from now on (LLM_THINKING_MAX_TOKENS)")]
    private static partial void LogThinks(ILogger logger, string model, string endpoint, int budget, int thinkingBudget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Endpoint} turned down an optional request field ({ServerMessage}); asking again without it")]
    private static partial void LogFieldRejected(ILogger logger, string endpoint, string serverMessage);
}
