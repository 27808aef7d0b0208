using System.Text.Json.Serialization;
using EmailTriage.Errors;
using EmailTriage.Mailboxes;
using EmailTriage.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EmailTriage.Functions;

/// <summary>
/// <c>GET /api/status</c>: each mailbox (of the list, or the one of the flat settings as "default") with its last run as
/// its state store recorded it. Names, kinds, counts and stop reasons only: never a setting's value.
/// </summary>
internal sealed class StatusOnDemand(MailboxCatalog catalog, FunctionsMailbox mailboxes, IStateStores stores)
{
    public const string DefaultName = "default";

    [Function(nameof(StatusOnDemand))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            var items = new List<MailboxStatus>();
            if (catalog.Load() is { } list)
            {
                foreach (var definition in list.Mailboxes)
                {
                    items.Add(await StatusAsync(definition.Name, definition, cancellationToken));
                }
            }
            else
            {
                items.Add(await StatusAsync(DefaultName, mailboxes.Definition(), cancellationToken));
            }

            return new OkObjectResult(new StatusResponse(items));
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is { } kind)
        {
            return Problem.For(kind, ex);
        }
    }

    /// <summary>
    /// One mailbox that cannot be opened (an entry of the list that is wrong, a folder gone, a sign-in gone) is reported on
    /// its own entry, whatever went wrong, and the others still are.
    /// </summary>
    private async Task<MailboxStatus> StatusAsync(string name, MailboxDefinition definition, CancellationToken cancellationToken)
    {
        try
        {
            var mailbox = await catalog.OpenAsync(definition, cancellationToken);
            var store = await stores.ForAsync(mailbox, await mailbox.IdentifyAsync(cancellationToken), cancellationToken);
            return new MailboxStatus(name, definition.Kind, await RunRecordItem.ReadAsync(store, cancellationToken), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new MailboxStatus(name, definition.Kind, null, ex.Message);
        }
    }
}

internal sealed record StatusResponse([property: JsonPropertyName("mailboxes")] IReadOnlyList<MailboxStatus> Mailboxes);

internal sealed record MailboxStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("lastRun")] RunRecord? LastRun,
    [property: JsonPropertyName("error")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
