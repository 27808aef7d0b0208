using System.Globalization;
using System.Text;

namespace EmailTriage.Testing;

/// <summary>
/// The part of Gmail search the fake understands: <c>label:</c>, <c>in:</c> (each may be negated with <c>-</c>),
/// <c>newer_than:</c> and <c>older_than:</c> (d, m, y). Anything else is a 400, so a test notices a query it did not expect.
/// </summary>
internal sealed class FakeGmailQuery
{
    private readonly List<Func<FakeGmailMessage, bool>> _terms = [];

    private FakeGmailQuery()
    {
    }

    public static FakeGmailQuery Parse(string? query, Func<string, string?> labelIdBySearchName, DateTimeOffset now)
    {
        var parsed = new FakeGmailQuery();
        foreach (var token in (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negated = token.StartsWith('-');
            var term = negated ? token[1..] : token;
            var colon = term.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Unsupported search term '{token}'.");
            }

            var op = term[..colon].ToLowerInvariant();
            var value = term[(colon + 1)..].Trim('"');
            Func<FakeGmailMessage, bool> match = op switch
            {
                "label" or "in" => labelIdBySearchName(SearchName(value)) is { } id ? m => m.LabelIds.Contains(id) : _ => false,
                "newer_than" => m => m.Received > now - Span(value),
                "older_than" => m => m.Received < now - Span(value),
                _ => throw new FormatException($"Unsupported search operator '{op}:'."),
            };
            parsed._terms.Add(negated ? m => !match(m) : match);
        }

        return parsed;
    }

    /// <summary>How Gmail search spells a label name: lower case, spaces and slashes as hyphens.</summary>
    public static string SearchName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '_' or '.' ? char.ToLowerInvariant(c) : '-');
        }

        return builder.ToString();
    }

    public bool Matches(FakeGmailMessage message) => _terms.TrueForAll(t => t(message));

    private static TimeSpan Span(string value)
    {
        if (value.Length < 2 || !int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"Unsupported time span '{value}'.");
        }

        return char.ToLowerInvariant(value[^1]) switch
        {
            'd' => TimeSpan.FromDays(n),
            'm' => TimeSpan.FromDays(30 * n),
            'y' => TimeSpan.FromDays(365 * n),
            _ => throw new FormatException($"Unsupported time span '{value}'."),
        };
    }
}
