using EmailTriage.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailTriage.Llm;

/// <summary>
/// The primary provider (LLM_BASE_URL) and, when set, a fallback provider (LLM_FALLBACK_BASE_URL) for messages the
/// primary cannot take: every primary server failed without answering, refused us, or rests. A conversation the
/// primary answered stays with the primary: the fallback never sees a message the primary has already billed.
/// </summary>
internal sealed partial class LlmProviders(LlmServerPool primary, LlmServerPool? fallback, ILogger logger) : ILlmServers
{
    string ILlmServers.Model => primary.Model;

    public string DisplayEndpoints => primary.DisplayEndpoints;

    public LlmServerPool Primary => primary;

    public LlmServerPool? Fallback => fallback;

    /// <summary>Every server, primary first, for the health check.</summary>
    public IEnumerable<LlmServer> Servers => fallback is null ? primary.Servers : primary.Servers.Concat(fallback.Servers);

    /// <summary>One server and nothing else: what the single-server tests and callers had before.</summary>
    public static LlmProviders Single(LlmConnection connection) =>
        new(new LlmServerPool("LLM_BASE_URL", [new LlmServer(connection, int.MaxValue)], rest: null, TimeProvider.System, NullLogger.Instance), null, NullLogger.Instance);

    public static LlmProviders From(LlmOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        var connectionLogger = loggers.CreateLogger<LlmConnection>();
        var poolLogger = loggers.CreateLogger<LlmServerPool>();
        var model = options.Model ?? throw new SettingsException("LLM_MODEL environment variable must be set.");
        // With somewhere else to go, a server that does not answer at all is left at once rather than retried.
        var primaryElsewhere = options.Endpoints.Count > 1 || options.HasFallback;
        var primaryServers = options.Endpoints
            .Select(url => new LlmServer(new LlmConnection(options, url, model, options.EffectiveApiKey, options.ServerKind, connectionLogger, primaryElsewhere), options.ConcurrencyFor(url.ToString())))
            .ToList();
        LlmServerPool? fallback = null;
        if (options.HasFallback)
        {
            var fallbackModel = options.FallbackModel ?? throw new SettingsException("LLM_FALLBACK_MODEL must be set when LLM_FALLBACK_BASE_URL is set.");

            // LLM_SERVER describes the primary; the fallback's kind is told by its host or its models list.
            var fallbackElsewhere = options.FallbackEndpoints.Count > 1;
            var fallbackServers = options.FallbackEndpoints
                .Select(url => new LlmServer(new LlmConnection(options, url, fallbackModel, options.EffectiveFallbackApiKey, kind: null, connectionLogger, fallbackElsewhere), options.ConcurrencyFor(url.ToString())))
                .ToList();
            fallback = new LlmServerPool("LLM_FALLBACK_BASE_URL", fallbackServers, fallbackServers.Count > 1 ? RestPolicy.Default : null, time, poolLogger);
        }

        // One server with nowhere else to go fails as it always did; with somewhere to go, a failed server rests.
        var primaryRest = fallback is not null ? RestPolicy.BesideFallback : primaryServers.Count > 1 ? RestPolicy.Default : null;
        return new LlmProviders(new LlmServerPool("LLM_BASE_URL", primaryServers, primaryRest, time, poolLogger), fallback, loggers.CreateLogger<LlmProviders>());
    }

    async Task<LlmReply> ILlmServers.CompleteAsync(IReadOnlyList<ChatTurn> turns, string labelSchema, LlmReply? continuing, CancellationToken cancellationToken)
    {
        var routed = await CompleteAsync(turns, BinaryData.FromString(labelSchema), continuing?.Route as LlmServerPool, cancellationToken);
        var connection = routed.Server.Connection;
        return new LlmReply(routed.Answer, routed.Server.Name, connection.Model, connection.ThinkingBudget) { Route = routed.Provider };
    }

    /// <param name="pinned">The provider that answered the first turn of this conversation: later turns go to it alone.</param>
    public async Task<RoutedAnswer> CompleteAsync(IReadOnlyList<ChatTurn> turns, BinaryData labelSchema, LlmServerPool? pinned, CancellationToken cancellationToken)
    {
        if (pinned is not null)
        {
            return await pinned.CompleteAsync(turns, labelSchema, cancellationToken);
        }

        if (fallback is null)
        {
            return await primary.CompleteAsync(turns, labelSchema, cancellationToken);
        }

        if (!primary.HasReadyServer)
        {
            // The primary failed lately and rests: straight to the fallback until its rest is over.
            return await fallback.CompleteAsync(turns, labelSchema, cancellationToken);
        }

        LlmException failed;
        try
        {
            return await primary.CompleteAsync(turns, labelSchema, cancellationToken);
        }
        catch (LlmException ex) when (Failover.MayTryElsewhere(ex))
        {
            failed = ex;
        }

        LogFallingBack(logger, primary.Setting, failed.Failure, failed.Message, fallback.Model, fallback.DisplayEndpoints);
        try
        {
            var answer = await fallback.CompleteAsync(turns, labelSchema, cancellationToken);
            return answer with { Answer = answer.Answer with { Usage = failed.Usage + answer.Answer.Usage } };
        }
        catch (LlmException ex)
        {
            ex.Usage += failed.Usage;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The primary LLM ({Setting}) cannot take messages ({Failure}: {Error}); the fallback provider {Model} at {Endpoints} takes them while it rests")]
    private static partial void LogFallingBack(ILogger logger, string setting, LlmFailure failure, string error, string model, string endpoints);
}
