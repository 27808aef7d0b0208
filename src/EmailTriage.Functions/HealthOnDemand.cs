using System.Text.Json.Serialization;
using EmailTriage.Configuration;
using EmailTriage.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>
/// <c>GET /api/health</c>: settings, label file, LLM reachable, mailbox sign-in present. Never a secret, but it names the
/// LLM endpoint and model and calls the LLM server, so it takes a function key like the other endpoints.
/// </summary>
internal sealed class HealthOnDemand(HealthCheck health, IOptions<LlmOptions> llm)
{
    [Function(nameof(HealthOnDemand))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        HealthReport report;
        try
        {
            _ = llm.Value;
            report = await health.RunAsync(HealthCheckDepth.Quick, cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            report = new HealthReport([.. ex.Failures.Select(f => new HealthItem("settings", HealthStatus.BadConfiguration, f))]);
        }

        var body = new HealthResponse(
            report.Healthy ? "healthy" : "unhealthy",
            [.. report.Items.Select(i => new HealthResponseItem(i.Name, i.Status.ToString().ToLowerInvariant(), i.Detail))]);
        return new ObjectResult(body) { StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}

internal sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] IReadOnlyList<HealthResponseItem> Checks);

internal sealed record HealthResponseItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("detail")] string Detail);
