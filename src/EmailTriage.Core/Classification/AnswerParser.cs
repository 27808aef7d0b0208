using System.Text.Json;
using System.Text.RegularExpressions;
using EmailTriage.Labels;

namespace EmailTriage.Classification;

/// <summary>
/// Reads the label out of a model's answer: JSON when the server honoured the schema, free text when
/// it did not (mlx_lm.server ignores response_format). Only a configured label name ever comes out.
/// </summary>
internal static partial class AnswerParser
{
    private static readonly char[] Noise = [' ', '"', '\'', '`', '*', '.', ',', ':', ';', '!', '[', ']', '(', ')', '{', '}', '\n', '\r', '\t'];

    public static string? Parse(string? answer, LabelConfig labels)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        var text = StripCodeFence(answer.Trim());
        if (FromJson(text, labels) is { } fromJson)
        {
            return fromJson;
        }

        var bare = text.Trim(Noise);
        foreach (var prefix in (string[])["label", "category", "answer"])
        {
            if (bare.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                bare = bare[prefix.Length..].Trim(Noise);
            }
        }

        return labels.Canonical(bare) ?? LeafName(bare, labels) ?? OnlyMentioned(text, labels);
    }

    private static string? FromJson(string text, LabelConfig labels)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text[start..(end + 1)]);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Name.Equals("label", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    var value = property.Value.GetString()!.Trim();
                    return labels.Canonical(value) ?? LeafName(value, labels);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: read it as text.
        }

        return null;
    }

    // "Receipts" for a nested label "Triage/Receipts", when that is unambiguous.
    private static string? LeafName(string answer, LabelConfig labels)
    {
        var matches = labels.AllNames.Where(n => n.Contains('/', StringComparison.Ordinal) && n[(n.LastIndexOf('/') + 1)..].Equals(answer, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    // "I would file this under Finance." names one label as a whole word: take it. Two or more is a list of
    // candidates or a sentence about several labels, and "This is not Personal." rejects the one it names: neither
    // is an answer, so the model is asked again. Label names are masked first, so a label called "Not urgent" still reads.
    private static string? OnlyMentioned(string text, LabelConfig labels)
    {
        var mentioned = labels.AllNames.Where(name => MentionsWord(text, name)).ToList();
        if (mentioned.Count != 1)
        {
            return null;
        }

        var rest = labels.AllNames.OrderByDescending(n => n.Length).Aggregate(text, (t, name) => t.Replace(name, " ", StringComparison.OrdinalIgnoreCase));
        return Negation().IsMatch(rest) ? null : mentioned[0];
    }

    [GeneratedRegex(@"\b(not|no|never|neither|nor|none|without|except|unlike|instead|rather|cannot)\b|n['’]t\b|\bother than\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    private static bool MentionsWord(string text, string word)
    {
        var index = 0;
        while ((index = text.IndexOf(word, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var after = index + word.Length == text.Length || !char.IsLetterOrDigit(text[index + word.Length]);
            if (before && after)
            {
                return true;
            }

            index += word.Length;
        }

        return false;
    }

    private static string StripCodeFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstLine = text.IndexOf('\n');
        var last = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && last > firstLine ? text[(firstLine + 1)..last].Trim() : text.Trim('`');
    }
}
