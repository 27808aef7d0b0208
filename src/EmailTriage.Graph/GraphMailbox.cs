using EmailTriage.Graph.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph;

/// <summary>
/// An Outlook.com or Microsoft 365 mailbox over Microsoft Graph: new mail in one folder, listed with a delta query, labels
/// as categories or folders, and an invisible marker so a message is never triaged twice. <c>watch</c> polls it: each look
/// is one delta request when nothing changed (change notifications would need a public endpoint; see docs/graph_setup.md).
/// </summary>
internal sealed class GraphMailbox(GraphHttp http, GraphOptions options, int byteBudget, TimeProvider time, ILogger logger) : IMailbox
{
    private readonly GraphPaths _paths = new(options);

    /// <summary>"graph me inbox"; with another API address (a proxy, a test server) that address too, since it is another mailbox.</summary>
    public string Description => options.EffectiveApiBaseUrl == GraphOptions.DefaultApiBaseUrl
        ? $"graph {options.EffectiveUser} {options.EffectiveFolder}"
        : $"graph {options.EffectiveUser} {options.EffectiveFolder} at {options.EffectiveApiBaseUrl}";

    internal GraphHttp Http => http;

    /// <summary>
    /// The account and the folder, however they were spelled: the app's own access names the mailbox in GRAPH_USER; a
    /// person's sign-in knows its account. Two runs on the same account's folder are one mailbox, and only one may label it.
    /// Outlook's folder names and addresses compare without case. No request is made.
    /// </summary>
    public async Task<string> IdentifyAsync(CancellationToken cancellationToken)
    {
        var account = options.IsAppOnly ? options.EffectiveUser : await http.Access.AccountAsync(cancellationToken) ?? options.EffectiveUser;
        return $"graph {account}/{options.EffectiveFolder}".ToUpperInvariant();
    }

    public async Task<IMailboxSession> OpenAsync(MailboxRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var needArchive = options.EffectiveLabelMode == GraphLabelMode.Categories && run.Labels.Labels.Any(l => l.Action == LabelAction.Archive);
        GraphOpened opened;
        try
        {
            opened = await new GraphLabelTargets(http, _paths, options, logger).OpenAsync(run.Labels, run.DryRun, needArchive, cancellationToken);
        }
        catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
        {
            throw GraphErrors.Unavailable(http, "could not read or create the labels", ex);
        }

        return new GraphSession(http, _paths, options, opened, run, new GraphMessageReader(http, _paths, byteBudget, logger), time, logger);
    }

    /// <summary>Whether Graph answers for the folder, for <c>check</c>: one request.</summary>
    public async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A folder named by its display name is looked up when a run opens; here, that the mailbox answers is enough.
            var key = GraphLabelTargets.IsKey(options.EffectiveFolder) ? options.EffectiveFolder : "msgfolderroot";
            var answer = await http.SendAsync(GraphRequest.Get($"{_paths.Folder(key)}?$select=displayName,totalItemCount"), cancellationToken);
            if (answer.Status is 400 or 404)
            {
                throw new Configuration.SettingsException(
                    $"GRAPH_FOLDER '{options.EffectiveFolder}' is not a folder of this mailbox ({answer.Describe()}). Give a well-known name (inbox) or the folder's name as Outlook shows it.");
            }

            var folder = answer.EnsureSuccess($"Reading GRAPH_FOLDER '{options.EffectiveFolder}'").Read(GraphJsonContext.Default.GraphFolder);
            return $"Graph answers; folder {folder.DisplayName} holds {folder.TotalItemCount ?? 0} messages";
        }
        catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
        {
            throw GraphErrors.Unavailable(http, $"could not read GRAPH_FOLDER '{options.EffectiveFolder}'", ex);
        }
    }
}
