using System.Text.Json.Nodes;
using EmailTriage.Graph.Api;
using EmailTriage.Labels;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph;

/// <summary>
/// Opens a run: finds the triaged folder (and Archive when a label archives), and makes sure every label exists as what
/// GRAPH_LABELS_AS says, creating what is missing unless the run is a dry run:
/// <list type="bullet">
/// <item>categories: in the user's master category list, each with its own colour. Without MailboxSettings.ReadWrite the
/// list cannot be read or written; the categories are then applied all the same (Outlook shows them without a colour).</item>
/// <item>folders: a folder per label at the top of the mailbox, "A/B" as folder B inside folder A.</item>
/// </list>
/// The usual case is one $batch: the folder, Archive and the category list (or the top folders) together.
/// </summary>
internal sealed partial class GraphLabelTargets(GraphHttp http, GraphPaths paths, GraphOptions options, ILogger logger)
{
    /// <summary>Folder names Graph takes in place of an id.</summary>
    private static readonly HashSet<string> WellKnown = new(StringComparer.OrdinalIgnoreCase)
    {
        "inbox", "archive", "drafts", "sentitems", "deleteditems", "junkemail", "outbox", "clutter", "conversationhistory", "scheduled", "msgfolderroot",
    };

    public async Task<GraphOpened> OpenAsync(LabelConfig labels, bool dryRun, bool needArchive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var folder = options.EffectiveFolder;
        var byName = !IsKey(folder);
        var categories = options.EffectiveLabelMode == GraphLabelMode.Categories;
        List<GraphRequest> first = [GraphRequest.Get(categories ? paths.MasterCategories : $"{paths.User}/mailFolders?$top=250&$select=id,displayName")];
        if (!byName)
        {
            first.Add(GraphRequest.Get($"{paths.Folder(folder)}?$select=id,displayName"));
        }

        if (needArchive)
        {
            first.Add(GraphRequest.Get($"{paths.Folder("archive")}?$select=id,displayName"));
        }

        var answers = await http.BatchAsync(first, cancellationToken);
        var folderId = byName
            ? await FindPathAsync(folder, create: false, cancellationToken) ?? throw new Configuration.SettingsException(
                $"GRAPH_FOLDER '{folder}' is not a folder of this mailbox. Give a well-known name (inbox), or a folder's name as Outlook shows it, 'Parent/Child' for a folder inside another.")
            : Folder(answers[1], $"GRAPH_FOLDER '{folder}'").Id;
        var archiveId = needArchive ? Folder(answers[^1], "the Archive folder").Id : null;
        var (created, missing) = (new List<string>(), new List<string>());
        var labelFolders = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (categories)
        {
            await CategoriesAsync(labels, answers[0], dryRun, created, missing, cancellationToken);
        }
        else
        {
            var top = answers[0].EnsureSuccess("Listing the mail folders").Read(GraphJsonContext.Default.GraphPageGraphFolder);
            foreach (var label in labels.AllNames)
            {
                var id = await FindPathAsync(label, create: false, cancellationToken, top.NextLink is null ? top.Value : null);
                if (id is null && !dryRun)
                {
                    id = await FindPathAsync(label, create: true, cancellationToken);
                    created.Add(label);
                    LogCreated(logger, "folder", label);
                }
                else if (id is null)
                {
                    missing.Add(label);
                }

                labelFolders[label] = id;
            }
        }

        return new GraphOpened(folderId, archiveId, labelFolders, created, missing);
    }

    private async Task CategoriesAsync(LabelConfig labels, GraphResponse listed, bool dryRun, List<string> created, List<string> missing, CancellationToken cancellationToken)
    {
        if (listed.Status == 403)
        {
            // The least privilege that works: categories are applied without the master list, just without a colour.
            LogNoCategoryList(logger, listed.Describe());
            return;
        }

        var existing = listed.EnsureSuccess("Reading the master category list").Read(GraphJsonContext.Default.GraphPageGraphCategory).Value
            .Select(c => c.DisplayName).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var wanted = labels.AllNames.Where(n => !existing.Contains(n)).ToList();
        if (dryRun)
        {
            missing.AddRange(wanted);
            return;
        }

        foreach (var chunk in wanted.Chunk(GraphHttp.MaxBatchParts))
        {
            var requests = chunk.Select(name => GraphRequest.Post(paths.MasterCategories, new JsonObject
            {
                ["displayName"] = name,
                ["color"] = $"preset{labels.AllNames.ToList().FindIndex(n => n == name) % 25}",
            })).ToList();
            var answers = await http.BatchAsync(requests, cancellationToken);
            for (var i = 0; i < chunk.Length; i++)
            {
                // 409: another run (or the user) added it a moment ago, which is what was wanted.
                if (answers[i].Status != 409)
                {
                    answers[i].EnsureSuccess($"Adding category '{chunk[i]}' to the master category list");
                    created.Add(chunk[i]);
                    LogCreated(logger, "category", chunk[i]);
                }
            }
        }
    }

    /// <summary>A folder by its display-name path under the top of the mailbox ("A/B": B inside A), created when asked; null when missing.</summary>
    private async Task<string?> FindPathAsync(string path, bool create, CancellationToken cancellationToken, IReadOnlyList<GraphFolder>? top = null)
    {
        string? parent = null;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var children = parent is null ? $"{paths.User}/mailFolders" : $"{paths.Folder(parent)}/childFolders";
            var found = parent is null && top is not null
                ? top.FirstOrDefault(f => string.Equals(f.DisplayName, name, StringComparison.OrdinalIgnoreCase))
                : await FindChildAsync(children, name, cancellationToken);
            if (found is null && create)
            {
                var made = await http.SendAsync(GraphRequest.Post(children, new JsonObject { ["displayName"] = name }), cancellationToken);

                // 409: made a moment ago by another run; look it up again.
                found = made.Status == 409
                    ? await FindChildAsync(children, name, cancellationToken)
                    : made.EnsureSuccess($"Creating the folder '{name}'").Read(GraphJsonContext.Default.GraphFolder);
            }

            if (found is null)
            {
                return null;
            }

            parent = found.Id;
            top = null;
        }

        return parent;
    }

    private async Task<GraphFolder?> FindChildAsync(string children, string name, CancellationToken cancellationToken)
    {
        var answer = await http.SendAsync(GraphRequest.Get($"{children}?$filter=displayName eq '{GraphPaths.Quote(name)}'&$select=id,displayName"), cancellationToken);
        return answer.EnsureSuccess($"Looking for the folder '{name}'").Read(GraphJsonContext.Default.GraphPageGraphFolder).Value.FirstOrDefault();
    }

    private static GraphFolder Folder(GraphResponse answer, string what) => answer.Status == 404
        ? throw new Configuration.SettingsException($"{what} does not exist in this mailbox (Graph answered {answer.Describe()}). Set GRAPH_FOLDER to a folder of the mailbox, such as inbox.")
        : answer.EnsureSuccess($"Reading {what}").Read(GraphJsonContext.Default.GraphFolder);

    /// <summary>
    /// Whether Graph takes <paramref name="folder"/> in a path as it is: a well-known name, or an id (Exchange's folder ids are
    /// long base64 strings; a folder name people type is short or has spaces). Anything else is a display name to look up.
    /// </summary>
    public static bool IsKey(string folder) =>
        WellKnown.Contains(folder) || (folder.Length > 60 && !folder.Contains(' ', StringComparison.Ordinal) && !folder.Contains('/', StringComparison.Ordinal));

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the Outlook {Kind} {Label}")]
    private static partial void LogCreated(ILogger logger, string kind, string label);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The master category list cannot be read ({Error}): the app lacks MailboxSettings.ReadWrite. Labels are applied as categories all the same, without a colour")]
    private static partial void LogNoCategoryList(ILogger logger, string error);
}

/// <summary>What opening a run found: the triaged folder's id, Archive's, each label's folder (folders mode), and the labels created or missing.</summary>
internal sealed record GraphOpened(string FolderId, string? ArchiveId, IReadOnlyDictionary<string, string?> LabelFolders, IReadOnlyList<string> Created, IReadOnlyList<string> Missing);
