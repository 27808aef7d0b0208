using System.ClientModel;
using System.Diagnostics;
using EmailTriage.Mail;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;

namespace EmailTriage.Classification;

/// <summary>
/// Asks the LLM for one label: temperature 0, a tiny output budget, a JSON schema whose label is an enum of the
/// configured names. An answer outside the list gets one corrective turn, then the fallback label.
/// </summary>
internal sealed partial class LlmClassifier(LlmConnection connection, PromptBuilder prompts, ILogger<LlmClassifier> logger)
{
    // {"label": "Notifications"} is about ten tokens; nested names need a few more.
    private const int MaxAnswerTokens = 32;

    private readonly ChatResponseFormat _schema = ChatResponseFormat.CreateJsonSchemaFormat(
        "label_choice",
        BinaryData.FromObjectAsJson(new
        {
            type = "object",
            properties = new { label = new { type = "string", @enum = prompts.Labels.AllNames } },
            required = new[] { "label" },
            additionalProperties = false,
        }),
        jsonSchemaIsStrict: true);

    public async Task<Decision> ClassifyAsync(MailMessage message, CancellationToken cancellationToken)
    {
        List<ChatMessage> chat = [new SystemChatMessage(prompts.SystemPrompt), new UserChatMessage(PromptBuilder.UserPrompt(message))];
        var (answer, usage, took) = await CompleteAsync(chat, cancellationToken);
        List<TimeSpan> durations = [took];
        var label = AnswerParser.Parse(answer, prompts.Labels);
        if (label is null)
        {
            LogCorrecting(logger, message.Id);
            chat.Add(new AssistantChatMessage(answer));
            chat.Add(new UserChatMessage(prompts.CorrectionPrompt(answer)));
            (string Answer, LlmUsage Usage, TimeSpan Took) retry;
            try
            {
                retry = await CompleteAsync(chat, cancellationToken);
            }
            catch (LlmException ex)
            {
                ex.Usage += usage;
                throw;
            }

            var (second, secondUsage, secondTook) = retry;
            usage += secondUsage;
            durations.Add(secondTook);
            label = AnswerParser.Parse(second, prompts.Labels);
            if (label is null)
            {
                var reason = $"Invalid label returned by LLM: '{Shorten(second)}' is not one of: {string.Join(", ", prompts.Labels.AllNames)}";
                LogInvalidLabel(logger, message.Id, prompts.Labels.Fallback ?? "none: left for the next run");
                return prompts.Labels.Fallback is { } fallback
                    ? new Decision(fallback, DecisionSource.Fallback, reason) { Usage = usage, LlmCallDurations = durations }
                    : Decision.Failed(reason) with { Usage = usage, LlmCallDurations = durations };
            }
        }

        return new Decision(label, DecisionSource.Llm, $"llm: {connection.Model}") { Usage = usage, LlmCallDurations = durations };
    }

    private async Task<(string Answer, LlmUsage Usage, TimeSpan Took)> CompleteAsync(List<ChatMessage> chat, CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var completion = await connection.Chat.CompleteChatAsync(chat, Options(), cancellationToken);
            var (answer, usage) = Read(completion);
            return (answer, usage, Stopwatch.GetElapsedTime(started));
        }
        catch (ClientResultException ex) when (ex.Status == 400 && connection.UseJsonSchema && MentionsResponseFormat(ex))
        {
            // Some servers reject json_schema outright; plain text is read robustly, so carry on without it.
            connection.UseJsonSchema = false;
            LogSchemaRejected(logger, connection.DisplayEndpoint);
            return await CompleteAsync(chat, cancellationToken);
        }
        catch (Exception ex) when (ex is not LlmException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            var error = await connection.WithModelListAsync(connection.Translate(ex, cancellationToken), cancellationToken);
            error.Usage = new LlmUsage(1, 0, 0);
            throw error;
        }
    }

    private ChatCompletionOptions Options()
    {
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = MaxAnswerTokens };
        if (connection.UseJsonSchema)
        {
            options.ResponseFormat = _schema;
        }

        return options;
    }

    private static (string, LlmUsage) Read(ClientResult<ChatCompletion> result)
    {
        var completion = result.Value;
        var text = string.Concat(completion.Content.Select(part => part.Text));
        var usage = new LlmUsage(1, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
        return (text, usage);
    }

    private static bool MentionsResponseFormat(ClientResultException ex)
    {
        var body = ex.GetRawResponse()?.Content?.ToString() ?? ex.Message;
        return body.Contains("response_format", StringComparison.OrdinalIgnoreCase) || body.Contains("json_schema", StringComparison.OrdinalIgnoreCase);
    }

    private static string Shorten(string answer)
    {
        var line = answer.ReplaceLineEndings(" ").Trim();
        return line.Length > 40 ? line[..40] + "…" : line;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: answer was not a configured label; asking once more")]
    private static partial void LogCorrecting(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: the model answered no configured label twice; fallback: {Fallback}")]
    private static partial void LogInvalidLabel(ILogger logger, string messageId, string fallback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Endpoint} rejected response_format json_schema; continuing with plain-text answers")]
    private static partial void LogSchemaRejected(ILogger logger, string endpoint);
}
