using System.CommandLine;
using System.Globalization;
using EmailTriage.Configuration;
using EmailTriage.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailTriage.Cli.Commands;

/// <summary>Checks settings, the label file and every service, and says what works, what does not, and the fix.</summary>
internal static class CheckCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var all = new Option<bool>("--all") { Description = "Also open every mailbox of mailboxes.json and load its label file." };
        var command = new Command("check", "Check settings, labels and the LLM connection (one tiny classification).") { all };
        command.SetAction((parsed, cancellationToken) => RunAsync(environment, parsed.GetValue(all), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, bool all, CancellationToken cancellationToken)
    {
        var output = environment.Console.Out;
        using var services = CliServices.Create(environment);
        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        await output.WriteLineAsync("  ok   settings are valid");
        await output.WriteLineAsync($"       LLM_BASE_URL={options.DisplayBaseUrl}  LLM_MODEL={options.Model ?? "(not set)"}  LLM_API_KEY={(string.IsNullOrWhiteSpace(options.ApiKey) ? "(not set: sending not-needed)" : "(set, hidden)")}");
        if (options.HasFallback)
        {
            await output.WriteLineAsync($"       LLM_FALLBACK_BASE_URL={options.DisplayFallbackBaseUrl}  LLM_FALLBACK_MODEL={options.FallbackModel ?? "(not set)"}  LLM_FALLBACK_API_KEY={(string.IsNullOrWhiteSpace(options.FallbackApiKey) ? "(not set: sending not-needed)" : "(set, hidden)")}");
        }

        var several = options.Endpoints.Count + options.FallbackEndpoints.Count > 1;
        var perServer = options.IsConfigured ? options.ConcurrencyFor(options.Endpoint.ToString()) : options.EffectiveConcurrency;
        var concurrency = several ? $"{perServer} per server ({options.EffectiveConcurrency} in flight in all)" : perServer.ToString(CultureInfo.InvariantCulture);
        await output.WriteLineAsync($"       LLM_MAX_CONCURRENCY={concurrency}  LLM_TIMEOUT_SECONDS={options.TimeoutSeconds}  LLM_MAX_RETRIES={options.MaxRetries}  LLM_MAX_BODY_CHARS={options.MaxBodyChars}");
        await output.WriteLineAsync($"       LLM_SERVER={(string.IsNullOrWhiteSpace(options.Server) ? "auto" : options.Server.Trim())}  LLM_THINKING_MAX_TOKENS={options.ThinkingMaxTokens}");

        var report = await services.GetRequiredService<HealthCheck>().RunAsync(HealthCheckDepth.Full, cancellationToken);
        if (all)
        {
            var mailboxes = await services.GetRequiredService<NamedMailboxesCheck>().RunAsync(cancellationToken);
            report = new HealthReport([.. report.Items, .. mailboxes.Items]);
        }

        foreach (var item in report.Items)
        {
            var mark = item.Status switch
            {
                HealthStatus.Ok => "ok  ",
                HealthStatus.Warning => "!   ",
                _ => "FAIL",
            };
            await output.WriteLineAsync($"  {mark} {item.Name}: {item.Detail}");
        }

        await output.WriteLineAsync(report.Healthy ? "All checks passed." : "Some checks failed: see FAIL above for the fix.");
        return report.Worst switch
        {
            HealthStatus.BadConfiguration => ExitCodes.BadConfiguration,
            HealthStatus.Unavailable => ExitCodes.ServiceUnavailable,
            _ => ExitCodes.Done,
        };
    }
}
