using System.Runtime.CompilerServices;
using EmailTriage.Evaluation;
using EmailTriage.Graph.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Graph;

/// <summary>
/// The user's Outlook filing as the truth for <c>learn</c> and <c>eval</c>: with categories, every message in the mailbox
/// carrying exactly one category named like a label (one list per label, filtered by Graph); with folders, the messages of
/// each label's folder. It only reads (GETs, and <c>$value</c> marks nothing read); a label with no category or folder is
/// not created, it simply has no truth messages. Only the sample chosen is read.
/// </summary>
internal sealed partial class GraphLabelledMailbox(GraphHttp http, GraphOptions options, int byteBudget, ILogger logger) : ISamplingLabelledMailbox
{
    private readonly GraphPaths _paths = new(options);

    private string? _note;

    public string Description => $"Outlook {options.EffectiveLabelMode.ToString().ToLowerInvariant()} of {options.EffectiveUser}";

    public string? Note => _note;

    public async IAsyncEnumerable<LabelledMessage> ListAsync(LabelConfig labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var truths = await ListTruthsAsync(labels, cancellationToken);
        await foreach (var message in ReadAsync([.. truths.Keys.Order(StringComparer.Ordinal)], truths, cancellationToken))
        {
            yield return message;
        }
    }

    public async Task<LabelledSample> ListSampleAsync(LabelConfig labels, int? sample, int seed, CancellationToken cancellationToken)
    {
        var truths = await ListTruthsAsync(labels, cancellationToken);

        // Chosen on ids alone, so a sample of a large mailbox reads only the sample.
        var chosen = EvalSample.ChooseIds([.. truths.Keys], sample, seed);
        var messages = new List<LabelledMessage>(chosen.Count);
        await foreach (var message in ReadAsync(chosen, truths, cancellationToken))
        {
            messages.Add(message);
        }

        return new LabelledSample(messages, truths.Count);
    }

    /// <summary>Each truth message's label (as configured) and whether it has attachments, by id.</summary>
    private async Task<Dictionary<string, (string Label, bool HasAttachments)>> ListTruthsAsync(LabelConfig labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var truths = new Dictionary<string, (string Label, bool HasAttachments)>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        var empty = new List<string>();
        var folders = options.EffectiveLabelMode == GraphLabelMode.Folders;
        try
        {
            foreach (var label in labels.AllNames)
            {
                var url = folders ? await FolderMessagesUrlAsync(label, cancellationToken) : CategoryMessagesUrl(label);
                var found = url is null ? [] : await ListAllAsync(url, cancellationToken);
                LogLabelListed(logger, label, found.Count);
                if (found.Count == 0)
                {
                    empty.Add(label);
                }

                foreach (var message in found)
                {
                    // With categories a message may carry two labels' categories: it is nobody's truth.
                    var configured = folders ? 1 : (message.Categories ?? []).Count(c => labels.Canonical(c) is not null);
                    if (configured > 1 || ambiguous.Contains(message.Id) || !truths.TryAdd(message.Id, (label, message.HasAttachments == true)))
                    {
                        truths.Remove(message.Id);
                        ambiguous.Add(message.Id);
                    }
                }
            }
        }
        catch (Exception ex) when (GraphErrors.IsCallFailure(ex, cancellationToken))
        {
            throw GraphErrors.Unavailable(http, "could not list the labelled messages", ex);
        }

        _note = $"{truths.Count} messages labelled once; {ambiguous.Count} with two or more labels left out" +
            (empty.Count > 0 ? $"; no message under {string.Join(", ", empty)}" : string.Empty);
        if (truths.Count == 0)
        {
            throw new InvalidDataException(
                $"Outlook ({options.EffectiveUser}) has no message carrying exactly one of the labels in {labels.SourcePath} ({string.Join(", ", labels.AllNames)}) as " +
                $"{(folders ? "a folder" : "a category")}. Label some messages yourself (or run triage and correct its labels), or use a truth folder instead (see docs/evaluation.md).");
        }

        return truths;
    }

    private string CategoryMessagesUrl(string label) =>
        $"{_paths.User}/messages?$filter=categories/any(c:c eq '{GraphPaths.Quote(label)}')&$select=categories,hasAttachments&$top={GraphPaths.PageSize}";

    /// <summary>The label's folder's messages, or null when the mailbox has no such folder (nothing is created).</summary>
    private async Task<string?> FolderMessagesUrlAsync(string label, CancellationToken cancellationToken)
    {
        string? parent = null;
        foreach (var name in label.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var children = parent is null ? $"{_paths.User}/mailFolders" : $"{_paths.Folder(parent)}/childFolders";
            var answer = await http.SendAsync(GraphRequest.Get($"{children}?$filter=displayName eq '{GraphPaths.Quote(name)}'&$select=id,displayName"), cancellationToken);
            parent = answer.EnsureSuccess($"Looking for the folder '{name}'").Read(GraphJsonContext.Default.GraphPageGraphFolder).Value.FirstOrDefault()?.Id;
            if (parent is null)
            {
                LogNoFolder(logger, label);
                return null;
            }
        }

        return parent is null ? null : $"{_paths.Folder(parent)}/messages?$select=hasAttachments&$top={GraphPaths.PageSize}";
    }

    private async Task<List<GraphMessage>> ListAllAsync(string url, CancellationToken cancellationToken)
    {
        var all = new List<GraphMessage>();
        for (string? next = url; next is not null;)
        {
            var page = (await http.SendAsync(GraphRequest.Get(next), cancellationToken)).EnsureSuccess("Listing labelled messages").Read(GraphJsonContext.Default.GraphPageGraphMessage);
            all.AddRange(page.Value);
            next = page.NextLink;
        }

        return all;
    }

    private async IAsyncEnumerable<LabelledMessage> ReadAsync(
        IReadOnlyList<string> ids, Dictionary<string, (string Label, bool HasAttachments)> truths, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new GraphMessageReader(http, _paths, byteBudget, logger);
        var unreadable = 0;
        foreach (var chunk in ids.Chunk(GraphHttp.MaxBatchParts))
        {
            var read = await reader.ReadAsync([.. chunk.Select(id => (id, truths[id].HasAttachments))], cancellationToken);
            if (read.Stopped is { } stopped)
            {
                throw new Mailboxes.MailboxUnavailableException(
                    $"Graph at {http.BaseUrl} stopped answering while the labelled messages were read ({stopped}). Nothing was changed; try again later, or evaluate fewer messages with --sample N.");
            }

            unreadable += chunk.Length - read.Fetched.Count;
            foreach (var id in chunk.Where(read.Fetched.ContainsKey))
            {
                yield return new LabelledMessage(MailboxItem.FromBytes(id, read.Fetched[id]), truths[id].Label);
            }
        }

        LogRead(logger, ids.Count - unreadable, ids.Count, truths.Count);
        _note += unreadable > 0 ? $"; {unreadable} could not be read" : string.Empty;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outlook label {Label} is on {Count} messages")]
    private static partial void LogLabelListed(ILogger logger, string label, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Label {Label} has no folder in Outlook: no truth messages for it")]
    private static partial void LogNoFolder(ILogger logger, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Read} of {Chosen} chosen Outlook messages ({Available} labelled in all)")]
    private static partial void LogRead(ILogger logger, int read, int chosen, int available);
}
