using System.Text.Json.Serialization;
using EmailTriage.Errors;
using EmailTriage.Mailboxes;
using EmailTriage.MailboxList;
using EmailTriage.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EmailTriage.Functions;

/// <summary>
/// <c>GET /api/status</c>: each mailbox (of the list, or the one of the flat settings as "default") with its last run as
/// its state store recorded it. Names, kinds, counts and stop reasons only: never a setting's value.
/// </summary>
public sealed class StatusOnDemand(MailboxCatalog catalog, FunctionsMailbox mailboxes, IStateStores stores)
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
                    items.Add(await StatusAsync(definition.Name, definition.Kind.ToString().ToLowerInvariant(), async () => (await catalog.OpenAsync(definition, cancellationToken)).Mailbox, cancellationToken));
                }
            }
            else
            {
                var kind = mailboxes.IsImap ? FunctionsOptions.ImapMailbox : FunctionsOptions.GmailMailbox;
                items.Add(await StatusAsync(DefaultName, kind, () => mailboxes.CreateAsync(cancellationToken), cancellationToken));
            }

            return new OkObjectResult(new StatusResponse(items));
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is { } kind)
        {
            return Problem.For(kind, ex);
        }
    }

    /// <summary>One mailbox that cannot be opened (a sign-in gone) is reported as such, and the others still are.</summary>
    private async Task<MailboxStatus> StatusAsync(string name, string kind, Func<Task<IMailbox>> open, CancellationToken cancellationToken)
    {
        try
        {
            var store = await stores.ForAsync(await open(), cancellationToken);
            return new MailboxStatus(name, kind, await RunRecordItem.ReadAsync(store, cancellationToken), null);
        }
        catch (Exception ex) when (FailureKinds.Of(ex) is not null && ex is not OperationCanceledException)
        {
            return new MailboxStatus(name, kind, null, ex.Message);
        }
    }
}

public sealed record StatusResponse([property: JsonPropertyName("mailboxes")] IReadOnlyList<MailboxStatus> Mailboxes);

public sealed record MailboxStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("lastRun")] RunRecord? LastRun,
    [property: JsonPropertyName("error")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
