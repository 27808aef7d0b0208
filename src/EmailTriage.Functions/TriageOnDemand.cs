using EmailTriage.Errors;
using EmailTriage.Triage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary><c>POST /api/triage</c> with optional dryRun, max, query (body or query string): the results and the summary as JSON.</summary>
public sealed class TriageOnDemand(TriageRunner runner, FunctionsMailbox mailboxes, IOptions<FunctionsOptions> options, TimeProvider time)
{
    [Function(nameof(TriageOnDemand))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "triage")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parameters = await TriageParameters.ReadAsync(request, cancellationToken);
        if (parameters.Error is { } error)
        {
            return Problem.BadRequest(error);
        }

        if (parameters.Query is not null && mailboxes.IsImap)
        {
            return Problem.BadRequest("query is a Gmail search; with MAILBOX=imap the run triages IMAP_FOLDER, so leave query out.");
        }

        var results = new List<MessageResult>();
        try
        {
            var triage = new TriageRequest
            {
                DryRun = parameters.DryRun,
                Max = parameters.Max ?? options.Value.HttpDefaultMax,
                StopTakingNewAt = time.GetUtcNow().AddSeconds(options.Value.HttpBudgetSeconds),
                OnResult = result => { lock (results) { results.Add(result); } },
            };

            var mailbox = await mailboxes.CreateAsync(cancellationToken, parameters.Query);
            var summary = await runner.RunAsync(mailbox, triage, cancellationToken);
            var body = new TriageResponse(results, TriageSummaryDto.From(summary));
            return FailureKinds.OfStop(summary) is { } stop
                ? new ObjectResult(body with { Error = summary.StoppedBecause }) { StatusCode = Problem.StatusFor(stop) }
                : new OkObjectResult(body);
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is { } kind)
        {
            return Problem.For(kind, ex);
        }
    }
}
