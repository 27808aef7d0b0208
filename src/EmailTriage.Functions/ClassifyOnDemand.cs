using System.Text.Json;
using EmailTriage.Classification;
using EmailTriage.Errors;
using EmailTriage.Labels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EmailTriage.Functions;

/// <summary><c>POST /api/classify</c> with <c>{ "from", "subject", "body" }</c>: the label, its source and reason.</summary>
public sealed class ClassifyOnDemand(OnDemandClassifier classifier, LabelConfigLoader labels)
{
    [Function(nameof(ClassifyOnDemand))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "classify")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ClassifyBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, FunctionsJsonContext.Default.ClassifyBody, cancellationToken);
        }
        catch (JsonException)
        {
            return Problem.BadRequest("the body must be JSON: {\"from\": \"billing@shop.example\", \"subject\": \"Your invoice\", \"body\": \"...\"}");
        }

        if (string.IsNullOrWhiteSpace(body?.From) || string.IsNullOrWhiteSpace(body.Subject))
        {
            return Problem.BadRequest($"'{(string.IsNullOrWhiteSpace(body?.From) ? "from" : "subject")}' is required: {{\"from\": \"...\", \"subject\": \"...\", \"body\": \"...\"}}");
        }

        try
        {
            var decision = await classifier.ClassifyAsync(new ClassifyRequest("http", body.From, body.Subject, body.Body ?? string.Empty), labels.Load(), null, cancellationToken);
            return new OkObjectResult(new ClassifyResponse(decision.Label, decision.Source.Name(), decision.Reason));
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is { } kind)
        {
            return Problem.For(kind, ex);
        }
    }
}
