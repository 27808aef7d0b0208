using System.CommandLine;
using System.Diagnostics;
using EmailTriage.Classification;
using EmailTriage.Configuration;
using EmailTriage.Labels;
using EmailTriage.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli.Commands;

/// <summary>Checks settings, the label file and the LLM server, and says what works, what does not, and the fix.</summary>
internal static class CheckCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("check", "Check settings, labels and the LLM connection.");
        command.SetAction((_, cancellationToken) => RunAsync(environment, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        var output = environment.Console.Out;
        using var services = CliServices.Create(environment);
        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        await Ok(output, "settings are valid");
        await output.WriteLineAsync($"    LLM_BASE_URL={options.BaseUrl ?? "(not set)"}  LLM_MODEL={options.Model ?? "(not set)"}  LLM_API_KEY={(string.IsNullOrWhiteSpace(options.ApiKey) ? "(not set: sending not-needed)" : "(set, hidden)")}");
        await output.WriteLineAsync($"    LLM_MAX_CONCURRENCY={options.EffectiveConcurrency}  LLM_TIMEOUT_SECONDS={options.TimeoutSeconds}  LLM_MAX_RETRIES={options.MaxRetries}  LLM_MAX_BODY_CHARS={options.MaxBodyChars}");

        var loader = services.GetRequiredService<LabelConfigLoader>();
        LabelConfig labels;
        try
        {
            labels = loader.Load();
            await Ok(output, $"label file {labels.SourcePath}: {labels.Labels.Count} labels ({string.Join(", ", labels.Labels.Select(l => l.Name))}), fallback {labels.Fallback ?? "(none: unclassifiable mail waits)"}, {labels.Labels.Sum(l => l.Rules.Count)} rules");
        }
        catch (LabelConfigException ex)
        {
            await Fail(output, ex.Message);
            return ExitCodes.BadConfiguration;
        }

        var factory = services.GetRequiredService<ClassifierFactory>();
        if (factory.Connection is not { } connection)
        {
            await Fail(output, "LLM_BASE_URL environment variable must be set. Add LLM_BASE_URL and LLM_MODEL to .env (see docs/llm_configuration.md); until then only rules classify.");
            return ExitCodes.BadConfiguration;
        }

        try
        {
            var models = await connection.ListModelsAsync(cancellationToken);
            await Ok(output, $"{connection.Endpoint} answers; it lists {models.Count} model(s)");
            if (!models.Contains(connection.Model, StringComparer.Ordinal))
            {
                await output.WriteLineAsync($"  ! LLM_MODEL '{connection.Model}' is not in that list: {string.Join(", ", models.Take(10))}{(models.Count > 10 ? ", ..." : string.Empty)}");
            }
        }
        catch (LlmException ex)
        {
            await Fail(output, ex.Message);
            return ex.Failure == LlmFailure.ModelNotFound ? ExitCodes.BadConfiguration : ExitCodes.ServiceUnavailable;
        }

        var probe = new MailMessage
        {
            Id = "check",
            From = "Lakeside Bank <statements@bank.example>",
            FromAddress = "statements@bank.example",
            Subject = "Your November card statement is ready",
            Body = "Your statement for card ending 4242 is available. Amount due: $312.40 by December 15.",
        };
        var timer = Stopwatch.StartNew();
        try
        {
            var decision = await factory.Create(labels).ClassifyAsync(probe, cancellationToken);
            await Ok(output, $"test classification with {connection.Model}: {decision.Label ?? "(none)"} ({decision.Source.ToString().ToLowerInvariant()}) in {timer.Elapsed.TotalSeconds:0.00} s, {decision.Usage.PromptTokens} prompt + {decision.Usage.CompletionTokens} completion tokens");
            if (decision.Source != DecisionSource.Llm)
            {
                await output.WriteLineAsync($"  ! {decision.Reason}");
            }
        }
        catch (LlmException ex)
        {
            await Fail(output, ex.Message);
            return ex.Failure == LlmFailure.ModelNotFound ? ExitCodes.BadConfiguration : ExitCodes.ServiceUnavailable;
        }

        await output.WriteLineAsync("All checks passed.");
        return ExitCodes.Done;
    }

    private static Task Ok(TextWriter output, string text) => output.WriteLineAsync($"  ok   {text}");

    private static Task Fail(TextWriter output, string text) => output.WriteLineAsync($"  FAIL {text}");
}
