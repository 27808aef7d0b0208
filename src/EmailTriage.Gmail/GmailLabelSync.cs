using System.Net;
using EmailTriage.Gmail.Api;
using Google;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail;

/// <summary>
/// Makes sure the labels a run needs exist: one labels.list, then one labels.create per missing label.
/// Gmail compares label names without case, so "receipts" is the existing "Receipts"; only user labels count, never
/// system ones like INBOX or SPAM.
/// </summary>
internal sealed partial class GmailLabelSync(GmailApi api, string userId, ILogger logger)
{
    public async Task<GmailLabelSyncResult> SyncAsync(IEnumerable<GmailLabelSpec> wanted, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var existing = await ListAsync(cancellationToken);
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var created = new List<string>();
        var missing = new List<string>();
        foreach (var spec in wanted)
        {
            if (ids.ContainsKey(spec.Name))
            {
                continue;
            }

            var id = Find(existing, spec.Name);
            if (id is null && dryRun)
            {
                missing.Add(spec.Name);
                LogWouldCreate(logger, spec.Name);
                continue;
            }

            if (id is null)
            {
                (id, var fresh) = await CreateAsync(spec, cancellationToken);
                if (fresh is null)
                {
                    created.Add(spec.Name);
                }
                else
                {
                    existing = fresh;
                }
            }

            ids[spec.Name] = id;
        }

        return new GmailLabelSyncResult(ids, created, missing);
    }

    /// <summary>Creates the label; when someone else was quicker, answers theirs with the label list read to find it.</summary>
    private async Task<(string Id, IReadOnlyList<Label>? Relisted)> CreateAsync(GmailLabelSpec spec, CancellationToken cancellationToken)
    {
        var label = new Label
        {
            Name = spec.Name,
            LabelListVisibility = spec.Hidden ? Label.LabelHide : Label.LabelShow,
            MessageListVisibility = spec.Hidden ? Label.Hide : Label.Show,
        };
        try
        {
            var made = await api.Users.Labels.Create(label, userId).ExecuteAsync(cancellationToken);
            LogCreated(logger, spec.Name, made.Id ?? "?");
            return (made.Id ?? throw new InvalidOperationException($"Gmail created label '{spec.Name}' but answered without its id."), null);
        }
        catch (GoogleApiException ex) when (ex.HttpStatusCode == HttpStatusCode.Conflict)
        {
            // Another run (or the user) created it since we listed: use theirs.
            var fresh = await ListAsync(cancellationToken);
            var id = Find(fresh, spec.Name) ?? throw new InvalidOperationException(
                $"Gmail says label '{spec.Name}' exists, but it is not in the label list. Rename or remove the clashing label in Gmail, or change the name in the label config.", ex);
            LogCreatedConcurrently(logger, spec.Name, id);
            return (id, fresh);
        }
    }

    private async Task<IReadOnlyList<Label>> ListAsync(CancellationToken cancellationToken)
    {
        var response = await api.Users.Labels.List(userId).ExecuteAsync(cancellationToken);
        return [.. response.Labels ?? []];
    }

    // Only user labels: a configured "Inbox" must never become the system INBOX (opening a mailbox session refuses such names first).
    private static string? Find(IReadOnlyList<Label> labels, string name) =>
        labels.FirstOrDefault(l => GmailSystemLabels.IsUserLabel(l) && string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))?.Id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Gmail label {Label} ({LabelId})")]
    private static partial void LogCreated(ILogger logger, string label, string labelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail label {Label} was created meanwhile by someone else; using it ({LabelId})")]
    private static partial void LogCreatedConcurrently(ILogger logger, string label, string labelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dry run: would create Gmail label {Label}")]
    private static partial void LogWouldCreate(ILogger logger, string label);
}
