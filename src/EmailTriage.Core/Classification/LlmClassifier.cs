using System.Diagnostics;
using System.Text.Json;
using EmailTriage.Mail;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Classification;

/// <summary>
/// Asks the LLM for one label: temperature 0, a tiny output budget, a JSON schema whose label is an enum of the
/// configured names. An answer outside the list gets one corrective turn; a second is a failed decision with its reason,
/// which the chain turns into the fallback label.
/// </summary>
internal sealed partial class LlmClassifier(ILlmServers servers, PromptBuilder prompts, ILogger<LlmClassifier> logger)
{
    // The JSON schema of the answer: an object whose label is one of the configured names.
    private readonly string _schema = JsonSerializer.Serialize(new
    {
        type = "object",
        properties = new { label = new { type = "string", @enum = prompts.Labels.AllNames } },
        required = new[] { "label" },
        additionalProperties = false,
    });

    public async Task<Decision> ClassifyAsync(MailMessage message, CancellationToken cancellationToken)
    {
        List<ChatTurn> chat = [ChatTurn.System(prompts.SystemPrompt), ChatTurn.User(prompts.UserPromptFor(message))];
        var (routed, took) = await CompleteAsync(chat, continuing: null, cancellationToken);
        var answer = routed.Answer;
        var usage = answer.Usage;
        List<TimeSpan> durations = [took];
        var label = AnswerParser.Parse(answer.Text, prompts.Labels);
        if (label is null)
        {
            LogCorrecting(logger, message.Id);
            chat.Add(ChatTurn.Assistant(answer.Text));
            chat.Add(ChatTurn.User(prompts.CorrectionPrompt(answer.Text)));
            (LlmReply Answer, TimeSpan Took) retry;
            try
            {
                // The provider that answered the first turn gets the correction: the other never saw this message.
                retry = await CompleteAsync(chat, routed, cancellationToken);
            }
            catch (LlmException ex)
            {
                ex.Usage += usage;
                throw;
            }

            routed = retry.Answer;
            var second = routed.Answer;
            usage += second.Usage;
            durations.Add(retry.Took);
            label = AnswerParser.Parse(second.Text, prompts.Labels);
            if (label is null)
            {
                var reason = second.OnlyThought
                    ? $"The model spent its whole {routed.ThinkingBudget}-token budget thinking and gave no label; raise LLM_THINKING_MAX_TOKENS or use a model that does not think"
                    : $"Invalid label returned by LLM: '{Shorten(second.Text)}' is not one of: {string.Join(", ", prompts.Labels.AllNames)}";
                LogInvalidLabel(logger, message.Id);
                return Decision.Failed(reason) with { Usage = usage, LlmCallDurations = durations, Provider = routed.Server, Model = routed.Model, Answer = Shorten(second.Text) };
            }
        }

        return new Decision(label, DecisionSource.Llm, $"llm: {routed.Model}")
        {
            Usage = usage,
            LlmCallDurations = durations,
            Provider = routed.Server,
            Model = routed.Model,
            Answer = Shorten(routed.Answer.Text),
        };
    }

    private async Task<(LlmReply Answer, TimeSpan Took)> CompleteAsync(List<ChatTurn> chat, LlmReply? continuing, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await servers.CompleteAsync(chat, _schema, continuing, cancellationToken);
        return (answer, Stopwatch.GetElapsedTime(started));
    }

    private static string Shorten(string answer)
    {
        var line = answer.ReplaceLineEndings(" ").Trim();
        return line.Length > 40 ? line[..40] + "…" : line;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId}: answer was not a configured label; asking once more")]
    private static partial void LogCorrecting(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: the model answered no configured label twice")]
    private static partial void LogInvalidLabel(ILogger logger, string messageId);
}
