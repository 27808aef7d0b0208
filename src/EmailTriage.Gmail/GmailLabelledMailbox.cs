using System.Runtime.CompilerServices;
using EmailTriage.Evaluation;
using EmailTriage.Gmail.Api;
using EmailTriage.Labels;
using EmailTriage.Mailboxes;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail;

/// <summary>
/// Gmail as the truth for <c>eval</c>: a message's truth is the one configured label it carries in Gmail, whether the
/// user put it there or kept the one triage gave. It only reads (labels.list, messages.list by label id, batched gets):
/// a configured label missing from Gmail is not created, it simply has no truth messages.
/// </summary>
internal sealed partial class GmailLabelledMailbox(GmailApi api, GmailOptions options, ILogger<GmailLabelledMailbox> logger) : ISamplingLabelledMailbox
{
    private readonly GmailMessageReader _reader = new(api, options.User, logger);

    public string Description => $"Gmail labels of {options.User}";

    /// <summary>What the last listing found; null before the first.</summary>
    public GmailTruthSummary? Summary { get; private set; }

    public string? Note => Summary?.Describe();

    public async IAsyncEnumerable<LabelledMessage> ListAsync(LabelConfig labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var truths = await ListTruthsAsync(labels, cancellationToken);
        await foreach (var message in FetchAsync([.. truths.Keys.Order(StringComparer.Ordinal)], truths, cancellationToken))
        {
            yield return message;
        }
    }

    public async Task<LabelledSample> ListSampleAsync(LabelConfig labels, int? sample, int seed, CancellationToken cancellationToken)
    {
        var truths = await ListTruthsAsync(labels, cancellationToken);

        // Chosen on ids alone, so a sample of a large mailbox fetches only the sample.
        var chosen = EvalSample.ChooseIds([.. truths.Keys], sample, seed);
        var messages = new List<LabelledMessage>(chosen.Count);
        await foreach (var message in FetchAsync(chosen, truths, cancellationToken))
        {
            messages.Add(message);
        }

        return new LabelledSample(messages, truths.Count);
    }

    /// <summary>The truth of every message carrying exactly one configured label, by message id, as Gmail spells the label.</summary>
    private async Task<Dictionary<string, string>> ListTruthsAsync(LabelConfig labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        GmailSystemLabels.ThrowIfAnyReserved(labels);
        var response = await CallAsync(() => api.Users.Labels.List(options.User).ExecuteAsync(cancellationToken), "could not read the labels", cancellationToken);
        IList<Label> existing = response.Labels ?? [];

        var truths = new Dictionary<string, string>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        var notInGmail = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in labels.AllNames)
        {
            // Gmail compares label names without case, as GmailLabelSync does, and only user labels can be a truth.
            var label = existing.FirstOrDefault(l => GmailSystemLabels.IsUserLabel(l) && string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
            if (label?.Id is not { } labelId)
            {
                notInGmail.Add(name);
                LogNotInGmail(logger, name);
                continue;
            }

            if (!listed.Add(labelId))
            {
                continue;
            }

            // labelIds rather than a label: search, because it is exact whatever the label's name looks like in search.
            var ids = await CallAsync(() => _reader.ListIdsAsync(query: null, [labelId], cancellationToken), $"could not list the messages labelled {name}", cancellationToken);
            LogLabelListed(logger, name, ids.Count);
            foreach (var id in ids)
            {
                if (ambiguous.Contains(id))
                {
                    continue;
                }

                if (!truths.TryAdd(id, label.Name ?? name))
                {
                    truths.Remove(id);
                    ambiguous.Add(id);
                }
            }
        }

        Summary = new GmailTruthSummary(truths.Count, ambiguous.Count, notInGmail, 0, 0);
        if (ambiguous.Count > 0)
        {
            LogAmbiguous(logger, ambiguous.Count);
        }

        if (truths.Count == 0)
        {
            throw new InvalidDataException(
                $"Gmail ({options.User}) has no message carrying exactly one of the labels in {labels.SourcePath} ({string.Join(", ", labels.AllNames)})" +
                $"{(ambiguous.Count > 0 ? $"; {ambiguous.Count} carry two or more and were left out" : string.Empty)}. " +
                "Label some messages in Gmail yourself (or run triage and correct its labels), or use a truth folder instead (see docs/evaluation.md).");
        }

        return truths;
    }

    private async IAsyncEnumerable<LabelledMessage> FetchAsync(IReadOnlyList<string> ids, Dictionary<string, string> truths, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var unreadable = 0;
        foreach (var chunk in ids.Chunk(GmailMailbox.MaxBatchSize))
        {
            var fetched = await _reader.FetchAsync(chunk, cancellationToken)
                ?? throw new MailboxUnavailableException(
                    $"Gmail at {api.BaseUri} refused a batch of {chunk.Length} message gets even after backing off. Nothing was changed; " +
                    "try again later, or evaluate fewer messages with --sample N.");
            unreadable += chunk.Length - fetched.Count;
            foreach (var message in fetched)
            {
                if (_reader.Decode(message) is not { } bytes)
                {
                    unreadable++;
                    continue;
                }

                yield return new LabelledMessage(MailboxItem.FromBytes(message.Id!, bytes), truths[message.Id!]);
            }
        }

        Summary = Summary! with { Chosen = ids.Count, Unreadable = unreadable };
        LogFetched(logger, ids.Count - unreadable, ids.Count, truths.Count);
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
        {
            throw new MailboxUnavailableException(
                $"Gmail at {api.BaseUri} {what} ({GmailErrors.Describe(ex)}). Check the network and GMAIL_API_BASE_URL; " +
                "'emailtriage check' tests the sign-in. Nothing was changed.",
                ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail label {Label} is on {Count} messages")]
    private static partial void LogLabelListed(ILogger logger, string label, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gmail has no label {Label}, so no message has it as truth")]
    private static partial void LogNotInGmail(ILogger logger, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Left out {Count} Gmail messages that carry two or more configured labels")]
    private static partial void LogAmbiguous(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Fetched} of {Chosen} chosen Gmail messages ({Available} labelled in all)")]
    private static partial void LogFetched(ILogger logger, int fetched, int chosen, int available);
}
