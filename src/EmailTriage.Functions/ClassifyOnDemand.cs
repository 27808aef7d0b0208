using System.Text.Json;
using EmailTriage.Classification;
using EmailTriage.Errors;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EmailTriage.Functions;

/// <summary><c>POST /api/classify</c> with <c>{ "from", "subject", "body" }</c>: the label, its source and reason.</summary>
internal sealed class ClassifyOnDemand(OnDemandClassifier classifier, LabelConfigLoader labels, MailboxCatalog catalog, FunctionsMailbox flat)
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
            var message = new ClassifyRequest("http", body.From, body.Subject, body.Body ?? string.Empty);
            if (body.Mailbox is not { Length: > 0 } name)
            {
                var plain = await classifier.ClassifyAsync(message, labels.Load(), null, cancellationToken);
                return new OkObjectResult(new ClassifyResponse(plain.Label, plain.Source.Name(), plain.Reason));
            }

            var mailbox = string.Equals(name, StatusOnDemand.DefaultName, StringComparison.OrdinalIgnoreCase) ? flat.Definition() : catalog.Load()?.Find(name);
            if (mailbox is null)
            {
                return Problem.BadRequest($"there is no mailbox '{name}'; use {StatusOnDemand.DefaultName} or a name of the mailbox list ({string.Join(", ", catalog.Load()?.Mailboxes.Select(m => m.Name) ?? [])}).");
            }

            var decision = await classifier.ClassifyInAsync(message, mailbox, cancellationToken);
            return new OkObjectResult(new ClassifyResponse(decision.Label, decision.Source.Name(), decision.Reason));
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is { } kind)
        {
            return Problem.For(kind, ex);
        }
    }
}
