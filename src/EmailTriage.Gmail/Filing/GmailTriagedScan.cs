using EmailTriage.Gmail.Api;
using Microsoft.Extensions.Logging;

namespace EmailTriage.Gmail.Filing;

/// <summary>
/// The full scan done once when Gmail's history has expired: every triaged message (the marker and one configured
/// label, one messages.list per label) whose label differs from the one remembered for it. A message whose app label
/// is not remembered is left alone, since nothing tells a correction from the app's own label.
/// </summary>
internal sealed partial class GmailTriagedScan(
    GmailApi api, GmailOptions options, GmailMessageReader reader, IReadOnlyDictionary<string, string> names, string? markerId, ILogger logger)
{
    /// <summary>How many triaged messages carry a configured label, and the corrected ones (also kept in <paramref name="applied"/>).</summary>
    public async Task<(int Triaged, List<(string Id, string Label)> Corrections)> FindCorrectionsAsync(GmailAppliedLabels applied, CancellationToken cancellationToken)
    {
        var corrections = new List<(string Id, string Label)>();
        if (markerId is null)
        {
            return (0, corrections);
        }

        var labelsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (labelId, name) in names)
        {
            IReadOnlyList<string> ids;
            try
            {
                ids = await reader.ListIdsAsync(query: null, [markerId, labelId], cancellationToken);
            }
            catch (Exception ex) when (GmailErrors.IsCallFailure(ex, cancellationToken))
            {
                throw GmailSession.Unavailable(api, options, $"could not list the triaged messages labelled {name}", ex);
            }

            foreach (var id in ids)
            {
                if (!labelsOf.TryGetValue(id, out var labels))
                {
                    labelsOf[id] = labels = [];
                }

                labels.Add(name);
            }
        }

        foreach (var (id, labels) in labelsOf)
        {
            if (labels.Count >= 2)
            {
                LogAmbiguous(logger, id, labels.Count);
                continue;
            }

            var known = applied.Of(id);
            if (known is null || string.Equals(known, labels[0], StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            applied.Set(id, labels[0]);
            corrections.Add((id, labels[0]));
        }

        return (labelsOf.Count, corrections);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipping Gmail message {MessageId} for learning: it carries {Count} configured labels")]
    private static partial void LogAmbiguous(ILogger logger, string messageId, int count);
}
