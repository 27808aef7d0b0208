using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EmailTriage.Functions;

/// <summary>dryRun, max and query from the query string or a JSON body; an error names the parameter.</summary>
internal sealed record TriageParameters(bool DryRun, int? Max, string? Query, string? Error)
{
    /// <summary>A mailbox of the list by name, "all", or null for the flat settings' one mailbox.</summary>
    public string? Mailbox { get; init; }

    public const int MaxLimit = 1000;

    public static async Task<TriageParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (request.ContentLength is > 0 || request.Headers.ContentType.ToString().Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Invalid("the body must be a JSON object such as {\"dryRun\": true, \"max\": 10}");
                }

                foreach (var property in json.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }
            }
            catch (JsonException)
            {
                return Invalid("the body is not valid JSON; send {\"dryRun\": true, \"max\": 10, \"query\": \"...\"} or no body");
            }
        }

        var unknown = values.Keys.FirstOrDefault(k => !Known.Contains(k));
        if (unknown is not null)
        {
            return Invalid($"unknown parameter '{unknown}'; use dryRun, max, query or mailbox");
        }

        var dryRun = false;
        if (values.GetValueOrDefault("dryRun") is { Length: > 0 } dry && !bool.TryParse(dry, out dryRun))
        {
            return Invalid($"dryRun must be true or false (was '{dry}')");
        }

        int? max = null;
        if (values.GetValueOrDefault("max") is { Length: > 0 } maxText)
        {
            if (!int.TryParse(maxText, out var parsed) || parsed is < 1 or > MaxLimit)
            {
                return Invalid($"max must be a whole number from 1 to {MaxLimit} (was '{maxText}')");
            }

            max = parsed;
        }

        var query = values.GetValueOrDefault("query");
        var mailbox = values.GetValueOrDefault("mailbox");
        return new TriageParameters(dryRun, max, string.IsNullOrWhiteSpace(query) ? null : query, null)
        {
            Mailbox = string.IsNullOrWhiteSpace(mailbox) ? null : mailbox.Trim(),
        };
    }

    // "code" is the function key when it comes in the query string.
    private static readonly HashSet<string> Known = new(["dryRun", "max", "query", "mailbox", "code"], StringComparer.OrdinalIgnoreCase);

    private static TriageParameters Invalid(string error) => new(false, null, null, error);
}
