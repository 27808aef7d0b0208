using EmailTriage.Errors;
using EmailTriage.Mailboxes;
using EmailTriage.Triage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace EmailTriage.Functions;

/// <summary>
/// <c>POST /api/triage</c> with optional dryRun, max, query and mailbox (body or query string): the results and the
/// summary as JSON. mailbox names one mailbox of the list, or <c>all</c>: queued (202) when the host fans out through
/// the queue, else run here together, sharing this instance's LLM slots.
/// </summary>
internal sealed class TriageOnDemand(
    TriageRunner runner,
    FunctionsMailbox mailboxes,
    MailboxCatalog catalog,
    ManyMailboxesRunner many,
    IOptions<FunctionsOptions> options,
    TimeProvider time,
    IMailboxFanOut? fanOut = null)
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

        try
        {
            return parameters.Mailbox is { } name
                ? await RunListedAsync(parameters, name, cancellationToken)
                : await RunFlatAsync(parameters, cancellationToken);
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is { } kind)
        {
            return Problem.For(kind, ex);
        }
    }

    private async Task<IActionResult> RunFlatAsync(TriageParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.Query is not null && !mailboxes.Kind.TakesQuery)
        {
            return Problem.BadRequest($"query is a Gmail search; a {mailboxes.Kind.Name} mailbox (MAILBOX={mailboxes.Kind.Name}) takes none, so leave query out.");
        }

        var mailbox = await catalog.OpenAsync(mailboxes.Definition(parameters.Query), cancellationToken);
        return await RunOneAsync(mailbox, Request(parameters), null, cancellationToken);
    }

    private async Task<IActionResult> RunListedAsync(TriageParameters parameters, string name, CancellationToken cancellationToken)
    {
        if (catalog.Load() is not { } list)
        {
            return Problem.BadRequest($"mailbox '{name}' needs a mailbox list (MAILBOXES_FILE); without one leave mailbox out to triage the one mailbox of the settings.");
        }

        if (parameters.Query is not null)
        {
            return Problem.BadRequest("query applies to the one mailbox of the settings; a listed mailbox uses its own query from the mailbox list, so leave query out.");
        }

        var known = string.Join(", ", list.Mailboxes.Select(m => m.Name));
        if (string.Equals(name, MailboxList.All, StringComparison.OrdinalIgnoreCase))
        {
            if (fanOut is not null && !parameters.DryRun)
            {
                await fanOut.EnqueueAsync(list.Mailboxes, cancellationToken);
                return new AcceptedResult { Value = new QueuedResponse([.. list.Mailboxes.Select(m => m.Name)]) };
            }

            var outcomes = await many.RunAsync(list.Mailboxes, _ => Request(parameters), cancellationToken);
            return new OkObjectResult(new ManyResponse([.. outcomes.Select(o => new MailboxOutcomeDto(
                o.Name, o.Summary is { } s ? TriageSummaryDto.From(s) : null, o.Error?.Message ?? o.Summary?.StoppedBecause))]));
        }

        if (list.Find(name) is not { } definition)
        {
            return Problem.BadRequest($"there is no mailbox '{name}' in the mailbox list; use one of: {known}, or all.");
        }

        var mailbox = await catalog.OpenAsync(definition, cancellationToken);
        return await RunOneAsync(mailbox, Request(parameters).For(definition), definition.Name, cancellationToken);
    }

    private async Task<IActionResult> RunOneAsync(IMailbox mailbox, TriageRequest triage, string? name, CancellationToken cancellationToken)
    {
        var results = new List<MessageResult>();
        var summary = await runner.RunAsync(mailbox, triage with { OnResult = outcome => { lock (results) { results.Add(MessageResult.Of(outcome)); } } }, cancellationToken);
        var body = new TriageResponse(results, TriageSummaryDto.From(summary)) { Mailbox = name };
        return FailureKinds.OfStop(summary) is { } stop
            ? new ObjectResult(body with { Error = summary.StoppedBecause }) { StatusCode = Problem.StatusFor(stop) }
            : new OkObjectResult(body);
    }

    private TriageRequest Request(TriageParameters parameters) => new()
    {
        DryRun = parameters.DryRun,
        Max = parameters.Max ?? options.Value.HttpDefaultMax,
        StopTakingNewAt = time.GetUtcNow().AddSeconds(options.Value.HttpBudgetSeconds),
    };
}
